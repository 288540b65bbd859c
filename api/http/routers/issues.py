"""Reporting issues and reading them: list, one issue (now or as of), its timeline."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Header, Query, Response

from api.http.deps import WRITES, AsOfDep, PrincipalDep, ServicesDep, TreeDep
from api.http.fresh import fresh
from api.http.permits import PermitsDep
from api.http.schemas.common import Offset
from api.http.schemas.issues import DispatchOut, IssueOut, IssuePage, IssueRow, ReportIssue, TimelineEntry
from domain.accounts.principal import GRID_ROLES, Principal
from domain.grid.tree import GridTree
from domain.issues.model import Issue
from domain.issues.status import Command, Status
from projections.issues.lists import IssueFilter, Reader, issue_page
from projections.timeline.queries import issue_timeline

router = APIRouter(prefix="/api/v1/issues", tags=["issues"])


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
    if body.node not in may.tree:
        svc.app.node(body.node, field="node")  # 404 naming the field
    who = may.place(Command.REPORT, body.node)
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
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Offset = 0,
) -> IssuePage:
    if node is not None:
        principal.require(principal.can_read_subtree(tree, node), f"read issues under {node}")
    where = IssueFilter(node, status, category, department, overdue, returned)
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
    """Grid roles read issues in their subtree; departments only those dispatched to them."""
    allowed = (
        principal.sees_everything
        or principal.covers_issue(tree, issue.node, issue.owner, *GRID_ROLES)
        or any(code in issue.dispatches for code in principal.departments())
    )
    principal.require(allowed, f"read issue {issue.id}")


def reader(principal: Principal) -> Reader:
    return Reader(principal.sees_everything, principal.scopes(*GRID_ROLES), principal.departments())


def issue_row(row: dict[str, object]) -> IssueRow:
    return IssueRow.model_validate({k: row[k] for k in IssueRow.model_fields})


def issue_out(issue: Issue) -> IssueOut:
    return IssueOut(
        id=str(issue.id),
        version=issue.version,
        node=issue.node,
        path=issue.path,
        owner=issue.owner,
        category=issue.category,
        description=issue.description,
        urgency=issue.urgency,
        status=issue.status,
        reporter=issue.reporter,
        reported_at=issue.reported_at,
        possible_duplicates=issue.possible_duplicates,
        merged_into=issue.merged_into,
        deadlines=issue.deadlines,
        dispatches=[
            DispatchOut(department=d.department, lead=d.lead, status=d.status, reworks=d.reworks, rating=d.rating)
            for d in issue.dispatches.values()
        ],
        warnings=[
            f"{code} was called although category {issue.category} is not in its remit; the reason given is kept"
            for code in issue.outside_remit
        ],
    )
