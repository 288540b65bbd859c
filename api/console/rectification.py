"""The rectification pages (整治): the cases a caller may read, and one case with its ledger.

Both read through the JSON API's own route functions with the signed-in account, so they show
what the API would answer that account (auditors everywhere, the grid roles in their grid,
departments nothing) and are refused where it refuses; a moment picked on either page is the
API's `as_of`. The forms a case offers are the domain's answer (`rectification_view.offer`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import BeforeValidator

from api.auth.rectification_permits import RectificationPermits
from api.console.audit_forms import SEARCH_ERRORS, moment, picker, problem
from api.console.labels import chinese
from api.console.rectification_view import STAGES, Offer, due, offer, stage_term, steps
from api.console.render import page
from api.console.viewer import ViewerDep
from api.http.deps import ServicesDep, TreeDep, as_of_param
from api.http.fresh import fresh
from api.http.routers import rectification as api
from api.http.schemas.common import Offset
from domain.accounts.principal import GRID_ROLES
from domain.accounts.roles import Role
from domain.grid.tree import GridTree, NodeView
from domain.rectification.status import CaseStage, RectificationCommand
from domain.rectification.values import ItemFlag, TargetKind

router = APIRouter(prefix="/console", include_in_schema=False)

PAGE = 20
Blank = BeforeValidator(lambda value: value or None)  # an unchosen <select> sends ""
Node = Annotated[str, Query(max_length=40, description="grid code; blank: every case the caller reads")]
At = Annotated[str, Query(max_length=40, description="Beijing time from the picker; blank: now")]
# What both pages call besides the shared filters.
HELPERS = {"stage_term": stage_term, "due": due, "stamp": datetime.fromisoformat, "stages": STAGES, "chinese": chinese}


@router.get("/rectification", dependencies=[fresh("rectification", "audit_trail")])
def cases(
    request: Request,
    viewer: ViewerDep,
    svc: ServicesDep,
    tree: TreeDep,
    node: Node = "",
    stage: Annotated[CaseStage | None, Blank] = None,
    target_kind: Annotated[TargetKind | None, Blank] = None,
    flag: Annotated[ItemFlag | None, Blank] = None,
    at: At = "",
    offset: Offset = 0,
) -> HTMLResponse:
    """The cases under the caller's grid (or a node of it), red first, as they are or were."""
    form = {"node": node, "stage": stage or "", "target_kind": target_kind or "", "flag": flag or ""}
    context: dict[str, Any] = {
        **HELPERS,
        "form": form,
        "at": at,
        "offset": offset,
        "page_size": PAGE,
        "places": _places(viewer.principal.sees_everything, viewer.principal.scopes(*GRID_ROLES), tree),
        "node_name": _namer(tree),
        "kinds": list(TargetKind),
        "flags": list(ItemFlag),
        "criteria": {c.code: c.description for c in api.rules(svc=svc, _=viewer.principal).criteria},
    }
    try:
        as_of = as_of_param(svc, moment(at, "at"))
        context |= {"as_of": as_of, "at": picker(as_of) if as_of else at}
        context["found"] = api.list_cases(
            svc=svc,
            principal=viewer.principal,
            tree=tree,
            node=node.strip() or None,
            stage=stage,
            target_kind=target_kind,
            flag=flag,
            limit=PAGE,
            offset=offset,
            as_of=as_of,
        )
    except SEARCH_ERRORS as error:
        status, context["problem"] = problem(error)
        return page(request, "rectification/cases.html", viewer, status, **context)
    return page(request, "rectification/cases.html", viewer, **context)


@router.get("/rectification/{case_id}")
def case_page(
    request: Request, case_id: UUID, viewer: ViewerDep, svc: ServicesDep, tree: TreeDep, at: At = ""
) -> HTMLResponse:
    """One case: stages, ledger, scores and votes, notices, re-inspections, and the caller's forms;
    as of a picked moment, the case as it was then and no forms."""
    may = RectificationPermits(viewer.principal, tree, svc.app)
    case = api.get_case(case_id=case_id, svc=svc, may=may, as_of=None)  # refused as the API refuses
    context: dict[str, Any] = {**HELPERS, "at": at, "as_of": None}
    status = 200
    try:
        as_of = as_of_param(svc, moment(at, "at"))
        if as_of is not None:
            case = api.get_case(case_id=case_id, svc=svc, may=may, as_of=as_of)
            context |= {"as_of": as_of, "at": picker(as_of)}
    except SEARCH_ERRORS as error:
        status, context["problem"] = problem(error)
    rules = api.rules(svc=svc, _=viewer.principal)
    offered = offer(viewer.principal, tree, case) if context["as_of"] is None else Offer()
    tomorrow = svc.app.local_date(svc.app.clock.now()) + timedelta(days=1)
    return page(
        request,
        "rectification/case.html",
        viewer,
        status,
        **context,
        case=case,
        steps=steps(case),
        offer=offered,
        rules=rules,
        criterion=next((c for c in rules.criteria if c.code == case.criterion), None),
        sheet=next(s for s in rules.sheets if s.current),
        item_names={i.code: i.name for s in rules.sheets for a in s.areas for i in a.items},
        node_name=_namer(tree),
        people=_people(tree, case.node) if RectificationCommand.ADD_ITEM in offered else [],
        tomorrow=tomorrow.isoformat(),
        auditor=viewer.principal.has(Role.AUDITOR),
    )


def _namer(tree: GridTree) -> Callable[[str], str]:
    return lambda code: tree.node(code).name if code in tree else code


def _places(everything: bool, scopes: list[str], tree: GridTree) -> list[NodeView]:
    """Nodes to suggest for the filter: the caller's grids and the level below (every street for
    those who read everywhere); any other code of theirs may still be typed."""
    if everything:
        return tree.streets()
    found: dict[str, NodeView] = {}
    for code in scopes:
        if code in tree:
            found |= {view.code: view for view in tree.subtree(code, depth=1).walk() if not view.retired}
    return list(found.values())


def _people(tree: GridTree, node: str) -> list[str]:
    """Accounts to suggest as an item's owner or reviewer: the grid staff at and below the case's node."""
    if node not in tree:
        return []
    views = tree.subtree(node, depth=2).walk()
    return sorted({name for view in views for name in (view.leader, *view.workers) if name})
