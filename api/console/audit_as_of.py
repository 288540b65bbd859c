"""The auditor's "as of" views: a department's queue, a node's worklist, a node and any entity as
they were at a moment picked in Beijing time (blank: now), each answered by the API's own route."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import BeforeValidator

from api.bootstrap import Services
from api.console.audit_forms import HELPERS, SEARCH_ERRORS, moment, picker, problem
from api.console.render import page
from api.console.viewer import Viewer, ViewerDep
from api.http.deps import ServicesDep, TreeDep, as_of_param
from api.http.fresh import fresh
from api.http.routers import audit, catalogue, dispatch, grid
from api.http.routers.catalogue import CatalogueDep
from api.http.schemas.common import Offset
from domain.audit.kinds import EntityKind
from domain.issues.buckets import Bucket

router = APIRouter()
PAGE = 50
Text = Annotated[str, Query(max_length=60)]
At = Annotated[str, Query(max_length=40, description="Beijing time from the picker; blank: now")]
Blank = BeforeValidator(lambda value: value or None)  # an unchosen <select> sends ""
Answer = Callable[[datetime | None], dict[str, Any]]


@router.get("/audit/queue", dependencies=[fresh("issues", "audit_trail")])
def queue(
    request: Request,
    viewer: ViewerDep,
    svc: ServicesDep,
    catalogue_now: CatalogueDep,
    department: Text = "",
    at: At = "",
    bucket: Annotated[Bucket | None, Blank] = None,
    offset: Offset = 0,
) -> HTMLResponse:
    listed = catalogue.list_departments(
        viewer.principal, catalogue_now, street=None, category=None, limit=1000, offset=0
    )
    form = {"department": department, "bucket": bucket or "", "offset": offset}

    def answer(as_of: datetime | None) -> dict[str, Any]:
        found = dispatch.queue(
            code=department,
            svc=svc,
            principal=viewer.principal,
            as_of=as_of,
            bucket=bucket,
            sort="due",
            limit=PAGE,
            offset=offset,
        )
        return {"found": found, "page_size": PAGE}

    extra = {"departments": listed.items, "buckets": list(Bucket)}
    return _view(request, viewer, svc, "queue", at, form, answer if department else None, extra)


@router.get("/audit/worklist", dependencies=[fresh()])
def worklist(
    request: Request, viewer: ViewerDep, svc: ServicesDep, tree: TreeDep, node: Text = "", at: At = ""
) -> HTMLResponse:
    def answer(as_of: datetime | None) -> dict[str, Any]:
        return {"rows": dispatch.node_worklist(code=node, svc=svc, principal=viewer.principal, tree=tree, as_of=as_of)}

    return _view(request, viewer, svc, "worklist", at, {"node": node}, answer if node else None)


@router.get("/audit/node")
def node(
    request: Request, viewer: ViewerDep, svc: ServicesDep, tree: TreeDep, code: Text = "", at: At = ""
) -> HTMLResponse:
    def answer(as_of: datetime | None) -> dict[str, Any]:
        who = viewer.principal
        return {
            "node": grid.get_node(code=code, svc=svc, principal=who, tree=tree, response=Response(), as_of=as_of),
            "path": grid.get_path(code=code, svc=svc, principal=who, tree=tree, as_of=as_of),
            "subtree": grid.get_subtree(
                code=code, svc=svc, principal=who, tree=tree, depth=1, include_retired=True, as_of=as_of
            ),
            "responsible": grid.get_responsible(code=code, svc=svc, principal=who, tree=tree, as_of=as_of),
        }

    return _view(request, viewer, svc, "node", at, {"code": code}, answer if code else None)


@router.get("/audit/state")
def state(
    request: Request,
    viewer: ViewerDep,
    svc: ServicesDep,
    kind: Annotated[EntityKind | None, Blank] = None,
    id: Text = "",
    at: At = "",
) -> HTMLResponse:
    def answer(as_of: datetime | None) -> dict[str, Any]:
        assert kind is not None
        found = audit.state(kind=kind, entity_id=id, svc=svc, principal=viewer.principal, as_of=as_of)
        return {"found": found}

    form = {"kind": kind or "", "id": id}
    return _view(request, viewer, svc, "state", at, form, answer if kind and id else None, {"kinds": list(EntityKind)})


def _view(
    request: Request,
    viewer: Viewer,
    svc: Services,
    name: str,
    at: str,
    form: dict[str, Any],
    answer: Answer | None,
    extra: dict[str, Any] | None = None,
) -> HTMLResponse:
    """Reads the picked moment, asks the API (when the form names what to show) and renders the
    view; a moment or a name the API refuses is shown beside the form with the API's status."""
    context: dict[str, Any] = {"form": form, "at": at, **HELPERS, **(extra or {})}
    try:
        as_of = as_of_param(svc, moment(at, "at"))
        context |= {"as_of": as_of, "at": picker(as_of) if as_of else at}
        if answer is not None:
            context |= answer(as_of)
    except SEARCH_ERRORS as error:
        status, context["problem"] = problem(error)
        return page(request, f"audit/{name}.html", viewer, status, **context)
    return page(request, f"audit/{name}.html", viewer, **context)
