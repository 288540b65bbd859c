"""Reporting issues and reading them: what a report would duplicate, list, one issue (now or as of), its timeline."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Header, Query, Response

from api.adapters.photos import photo_store
from api.auth.permits import Acting, Permits
from api.bootstrap import Services
from api.http.deps import WRITES, AsOfDep, PrincipalDep, ServicesDep, TreeDep
from api.http.etags import VersionTagged
from api.http.fresh import fresh
from api.http.permits import PermitsDep
from api.http.schemas.common import Offset
from api.http.schemas.duplicates import PossibleDuplicate, PossibleDuplicates
from api.http.schemas.issues import IssueOut, IssuePage, IssueRow, ReportIssue, TimelineEntry
from api.http.schemas.shaping_issues import issue_out
from domain.accounts.principal import GRID_ROLES, Principal
from domain.grid.tree import GridTree
from domain.issues.model import Issue
from domain.issues.status import Command, Status
from projections.issues.lists import IssueFilter, Reader, issue_page
from projections.timeline.queries import issue_timeline

router = APIRouter(prefix="/api/v1/issues", tags=["issues"], route_class=VersionTagged)


@router.post(
    "",
    status_code=201,
    responses={200: {"description": "a retry of an earlier report (same key, same body)"}},
    dependencies=WRITES,
)
def report(
    body: ReportIssue,
    svc: ServicesDep,
    may: PermitsDep,
    response: Response,
    idempotency_key: Annotated[
        str | None,
        Header(
            min_length=1,
            max_length=200,
            description="send the same key to retry a report safely; a different body under a used key is 409",
        ),
    ] = None,
) -> IssueOut:
    who = _reporting_at(svc, may, body.node)
    photo_store(svc.engine).require(a.sha256 for a in body.attachments)
    issue, created = svc.app.report_issue(
        node=body.node,
        category=body.category,
        description=body.description,
        urgency=body.urgency,
        coordinates=body.coordinates,
        attachments=[a.model_dump() for a in body.attachments],
        retry_key=idempotency_key,
        actor=who.username,
        reason=body.reason,
    )
    if not created:
        response.status_code = 200
    return issue_out(issue)


@router.get("/possible-duplicates")
def possible_duplicates(
    svc: ServicesDep,
    may: PermitsDep,
    node: Annotated[str, Query(min_length=1, max_length=64, description="where the report would be made")],
    category: Annotated[str, Query(min_length=1, max_length=64, description="its subclass code")],
) -> PossibleDuplicates:
    """The open issues a report of `category` at `node` would be flagged against now, by the same
    finder the report command asks; only a caller who may report there may ask."""
    _reporting_at(svc, may, node)
    svc.app.category(category)  # 404 naming the field, as the report would
    since, ids = svc.app.duplicates_of(node=node, category=category)
    found = [svc.app.issue(UUID(i)) for i in ids]
    readable = [i for i in found if can_read(may.principal, may.tree, i)]
    return PossibleDuplicates(
        since=since,
        items=[
            PossibleDuplicate(
                id=str(i.id),
                node=i.node,
                category=i.category,
                description=i.description,
                urgency=i.urgency,
                status=i.status,
                reported_at=i.reported_at,
            )
            for i in sorted(readable, key=lambda i: i.reported_at, reverse=True)
        ],
        unreadable=len(found) - len(readable),
    )


@router.get("", dependencies=[fresh("issues")])
def list_issues(
    svc: ServicesDep,
    principal: PrincipalDep,
    tree: TreeDep,
    node: Annotated[str | None, Query(max_length=64, description="only issues in this node's subtree")] = None,
    status: Status | None = None,
    category: Annotated[str | None, Query(max_length=64)] = None,
    department: Annotated[str | None, Query(max_length=64)] = None,
    overdue: bool | None = None,
    returned: Annotated[
        bool | None, Query(description="with a dispatch sent back (退回), awaiting re-dispatch")
    ] = None,
    extension_asked: Annotated[
        bool, Query(description="only those where a department asked for more time (申请延期), not yet granted")
    ] = False,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Offset = 0,
) -> IssuePage:
    if node is not None:
        principal.require(principal.can_read_subtree(tree, node), f"read issues under {node}")
    where = IssueFilter(node, status, category, department, overdue, returned, extension_asked=extension_asked)
    total, rows = issue_page(svc.engine, reader(principal), where, now=svc.app.clock.now(), limit=limit, offset=offset)
    return IssuePage(total=total, items=[issue_row(row) for row in rows])


@router.get("/{issue_id}")
def get_issue(
    issue_id: UUID, svc: ServicesDep, principal: PrincipalDep, tree: TreeDep, as_of: AsOfDep = None
) -> IssueOut:
    issue = svc.app.issue(issue_id)
    require_read(principal, tree, issue)
    return issue_out(svc.app.issue_as_of(issue_id, as_of) if as_of else issue)


@router.get("/{issue_id}/timeline", dependencies=[fresh("timeline")])
def get_timeline(issue_id: UUID, svc: ServicesDep, principal: PrincipalDep, tree: TreeDep) -> list[TimelineEntry]:
    require_read(principal, tree, svc.app.issue(issue_id))
    return [TimelineEntry(**row) for row in issue_timeline(svc.engine, str(issue_id))]


def require_read(principal: Principal, tree: GridTree, issue: Issue) -> None:
    principal.require(can_read(principal, tree, issue), f"read issue {issue.id}")


def can_read(principal: Principal, tree: GridTree, issue: Issue) -> bool:
    """Grid roles read issues in their subtree; departments only those dispatched to them."""
    return (
        principal.sees_everything
        or principal.covers_issue(tree, issue.node, issue.owner, *GRID_ROLES)
        or any(code in issue.dispatches for code in principal.departments())
    )


def _reporting_at(svc: Services, may: Permits, node: str) -> Acting:
    """Refuses a caller who may not report at `node`; an unknown node is 404 naming the field."""
    if node not in may.tree:
        svc.app.node(node, field="node")
    return may.place(Command.REPORT, node)


def reader(principal: Principal) -> Reader:
    return Reader(principal.sees_everything, principal.scopes(*GRID_ROLES), principal.departments())


def issue_row(row: dict[str, object]) -> IssueRow:
    return IssueRow.model_validate({k: row[k] for k in IssueRow.model_fields})
