"""One issue for the auditor: its full timeline with a proof badge per event, and the issue as it
was at a chosen moment (the events after it shown apart)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from api.console.audit_forms import HELPERS, SEARCH_ERRORS, moment, picker, problem
from api.console.render import page
from api.console.viewer import ViewerDep
from api.http.deps import ServicesDep, TreeDep, as_of_param
from api.http.fresh import fresh
from api.http.routers import catalogue, issues

router = APIRouter()


@router.get("/audit/issues/{issue_id}", dependencies=[fresh("timeline")])
def issue_timeline(
    request: Request,
    issue_id: UUID,
    viewer: ViewerDep,
    svc: ServicesDep,
    tree: TreeDep,
    at: Annotated[str, Query(max_length=40)] = "",
) -> HTMLResponse:
    timeline = issues.get_timeline(issue_id=issue_id, svc=svc, principal=viewer.principal, tree=tree)
    issue = issues.get_issue(issue_id=issue_id, svc=svc, principal=viewer.principal, tree=tree, as_of=None)
    category = catalogue.get_category(code=issue.category, svc=svc, principal=viewer.principal)
    context: dict[str, Any] = {"timeline": timeline, "issue": issue, "category": category, "as_of": None, "at": at}
    context |= HELPERS
    try:
        as_of = as_of_param(svc, moment(at, "at"))
        if as_of is not None:
            then = issues.get_issue(issue_id=issue_id, svc=svc, principal=viewer.principal, tree=tree, as_of=as_of)
            context |= {"issue": then, "as_of": as_of, "at": picker(as_of)}
    except SEARCH_ERRORS as error:
        status, context["problem"] = problem(error)
        return page(request, "audit/issue.html", viewer, status, **context)
    return page(request, "audit/issue.html", viewer, **context)
