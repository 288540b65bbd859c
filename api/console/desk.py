"""The department desk (部门工作台) and the page of one issue.

Both read through the JSON API's own route functions (the queue, the issue, its timeline) with the
signed-in account, so the desk shows exactly what the API would answer that account and is refused
where the API refuses it; the actions each item offers are the domain's answer (`issue_view`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse

from api.bootstrap import Services
from api.console.issue_view import Names, Offered, deadlines_of, dispatch_of, offered
from api.console.render import page
from api.console.viewer import Viewer, ViewerDep
from api.http.deps import ServicesDep, TreeDep
from api.http.fresh import fresh
from api.http.routers import catalogue, dispatch, issues
from api.http.schemas.common import MAX_PAGE, Offset
from api.http.schemas.issues import DispatchOut, IssueOut, QueueEntry
from domain.accounts.roles import Role
from domain.grid.tree import GridTree
from domain.issues.buckets import Bucket
from domain.issues.status import Command

router = APIRouter(prefix="/console", include_in_schema=False)

PAGE = 20  # items per page: each is a card with its forms, and a clerk works down the list
# The tabs in the order a clerk works through them: what to answer first, then what runs late.
TABS = (Bucket.TO_CHECK_IN, Bucket.IN_PROGRESS, Bucket.OVERDUE, Bucket.RETURNED, Bucket.AWAITING_VERIFICATION)
# What the desk offers on a queue item; anything else the caller may do is on the issue's own page.
DESK_COMMANDS = (Command.CHECK_IN, Command.PROGRESS, Command.FEEDBACK, Command.RETURN, Command.REQUEST_EXTENSION)
# Commands whose form picks departments called or callable for the issue's street.
CALLING = (Command.WHISTLE, Command.REDISPATCH)

Code = Annotated[str, Path(min_length=1, max_length=40, description="department code")]


@dataclass(frozen=True)
class DeskItem:
    entry: QueueEntry
    issue: IssueOut
    dispatch: DispatchOut | None  # none once a reopen has cleared the round the entry belongs to
    offered: Offered


@router.get("/desk", dependencies=[fresh("issues", "audit_trail")])
def desk_home(
    request: Request,
    viewer: ViewerDep,
    svc: ServicesDep,
    tree: TreeDep,
    bucket: Bucket | None = None,
    offset: Offset = 0,
) -> HTMLResponse:
    """An account of one department lands on its queue; any other picks the department."""
    mine = viewer.principal.departments()
    if len(mine) == 1:
        return _desk(request, viewer, svc, tree, mine[0], bucket, offset)
    who = viewer.principal  # the queue route lets these read any department's queue, grid roles none
    who.require(bool(mine) or who.sees_everything or who.has(Role.OFFICE), "open the department desk")
    names = Names.load(svc, viewer.principal, tree)
    codes = mine or sorted(names.departments)
    return page(request, "desk/choose.html", viewer, departments=[(c, names.department(c)) for c in codes])


@router.get("/desk/{code}", dependencies=[fresh("issues", "audit_trail")])
def desk(
    request: Request,
    code: Code,
    viewer: ViewerDep,
    svc: ServicesDep,
    tree: TreeDep,
    bucket: Bucket | None = None,
    offset: Offset = 0,
) -> HTMLResponse:
    return _desk(request, viewer, svc, tree, code, bucket, offset)


def _desk(
    request: Request, viewer: Viewer, svc: Services, tree: GridTree, code: str, bucket: Bucket | None, offset: int
) -> HTMLResponse:
    queue = dispatch.queue(
        code=code,
        svc=svc,
        principal=viewer.principal,
        as_of=None,
        bucket=bucket,
        sort="due",
        limit=PAGE,
        offset=offset,
    )
    items = [_item(svc, viewer, tree, entry, code) for entry in queue.items]
    return page(
        request,
        "desk/queue.html",
        viewer,
        code=code,
        queue=queue,
        everything=sum(queue.counts.values()),
        items=items,
        names=Names.load(svc, viewer.principal, tree),
        bucket=bucket,
        tabs=TABS,
        offset=offset,
        page_size=PAGE,
    )


def _item(svc: Services, viewer: Viewer, tree: GridTree, entry: QueueEntry, code: str) -> DeskItem:
    issue_id = UUID(entry.issue_id)
    issue = issues.get_issue(issue_id=issue_id, svc=svc, principal=viewer.principal, tree=tree, as_of=None)
    mine = dispatch_of(issue, code)
    offer = offered(svc, viewer.principal, tree, issue_id, code)
    commands = [c for c in offer.commands if c in DESK_COMMANDS] if mine else []
    return DeskItem(entry, issue, mine, Offered(commands, offer.acting_for, offer.departments))


@router.get("/issues/{issue_id}", dependencies=[fresh("timeline")])
def issue_page(request: Request, issue_id: UUID, viewer: ViewerDep, svc: ServicesDep, tree: TreeDep) -> HTMLResponse:
    """One issue: its state, deadlines, dispatches, photos and timeline, and the caller's actions."""
    who = viewer.principal
    issue = issues.get_issue(issue_id=issue_id, svc=svc, principal=who, tree=tree, as_of=None)
    timeline = issues.get_timeline(issue_id=issue_id, svc=svc, principal=who, tree=tree)
    offer = offered(svc, who, tree, issue_id, None)
    names = Names.load(svc, who, tree)
    street = issue.path[0]
    callable_here: list[tuple[str, str]] = []
    if any(c in offer for c in CALLING):
        listed = catalogue.list_departments(
            principal=who, catalogue=svc.catalogue.catch_up(), street=street, limit=MAX_PAGE, offset=0
        )
        callable_here = [(d.code, d.name) for d in listed.items]
    return page(
        request,
        "desk/issue.html",
        viewer,
        issue=issue,
        timeline=timeline,
        deadlines=deadlines_of(issue),
        offer=offer,
        names=names,
        callable_here=callable_here,
    )
