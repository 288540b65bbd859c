"""Reporting issues and reading them: list, one issue (now or as of), its timeline."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Header, Query, Response
from sqlalchemy import and_, or_, select

from api.auth.principal import GRID_ROLES, Principal
from api.bootstrap import Services
from api.http.deps import WRITES, PrincipalDep, ServicesDep, TreeDep
from api.http.schemas.common import AsOf
from api.http.schemas.issues import DispatchOut, IssueOut, IssuePage, IssueRow, ReportIssue, TimelineEntry
from domain.accounts.roles import Role
from domain.grid.tree import GridTree
from domain.issues.model import Issue
from domain.shared.errors import NotFoundError
from projections.issues.tables import dispatches, issues
from projections.issues.worklist import OPEN
from projections.timeline.table import timeline

DUPLICATES_SHOWN = 10  # enough for a leader to merge by; a busy corner must not bloat every report

router = APIRouter(prefix="/api/v1/issues", tags=["issues"])


@router.post(
    "",
    status_code=201,
    responses={200: {"description": "a retry of an earlier report (same key)"}},
    dependencies=WRITES,
)
def report(
    body: ReportIssue,
    svc: ServicesDep,
    principal: PrincipalDep,
    tree: TreeDep,
    response: Response,
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> IssueOut:
    if body.node not in tree:
        raise NotFoundError(f"no grid node with code {body.node!r}", field="node")
    principal.require_grid_write(tree, body.node, f"report issues at {body.node}", *GRID_ROLES)
    issue, created = svc.app.report_issue(
        node=body.node,
        category=body.category,
        description=body.description,
        urgency=body.urgency,
        coordinates=body.coordinates,
        attachments=[a.model_dump() for a in body.attachments],
        possible_duplicates=_possible_duplicates(svc, tree, body),
        idempotency_key=idempotency_key,
        actor=principal.username,
        reason=body.reason,
    )
    if not created:
        response.status_code = 200
    return issue_out(issue)


@router.get("")
def list_issues(
    svc: ServicesDep,
    principal: PrincipalDep,
    tree: TreeDep,
    node: Annotated[str | None, Query(description="only issues in this node's subtree")] = None,
    status: str | None = None,
    category: str | None = None,
    department: str | None = None,
    overdue: bool | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> IssuePage:
    svc.runner.catch_up()
    query = select(issues).order_by(issues.c.reported_at.desc(), issues.c.id)
    if node is not None:
        principal.require(principal.can_read_subtree(tree, node), f"read issues under {node}")
        query = query.where(_under(node))
    if status:
        query = query.where(issues.c.status == status)
    if category:
        query = query.where(issues.c.category == category)
    if department:
        query = query.where(issues.c.id.in_(select(dispatches.c.issue_id).where(dispatches.c.department == department)))
    if overdue is not None:
        late = and_(issues.c.next_due.is_not(None), issues.c.next_due < svc.app.clock.now())
        query = query.where(late if overdue else ~late)
    query = query.where(_visible(principal))
    with svc.engine.connect() as conn:
        rows = [r._mapping for r in conn.execute(query)]
    items = [IssueRow(**{k: row[k] for k in IssueRow.model_fields}) for row in rows[offset : offset + limit]]
    return IssuePage(total=len(rows), items=items)


@router.get("/{issue_id}")
def get_issue(issue_id: UUID, svc: ServicesDep, principal: PrincipalDep, tree: TreeDep, as_of: AsOf = None) -> IssueOut:
    issue = svc.app.issue_as_of(issue_id, as_of) if as_of else svc.app.issue(issue_id)
    require_read(principal, tree, svc.app.issue(issue_id))
    return issue_out(issue)


@router.get("/{issue_id}/timeline")
def get_timeline(issue_id: UUID, svc: ServicesDep, principal: PrincipalDep, tree: TreeDep) -> list[TimelineEntry]:
    require_read(principal, tree, svc.app.issue(issue_id))
    svc.runner.catch_up()
    query = select(timeline).where(timeline.c.issue_id == str(issue_id)).order_by(timeline.c.position)
    with svc.engine.connect() as conn:
        return [TimelineEntry(**r._mapping) for r in conn.execute(query)]


def require_read(principal: Principal, tree: GridTree, issue: Issue) -> None:
    """Grid roles read issues in their subtree; departments only those dispatched to them."""
    allowed = (
        principal.sees_everything
        or principal.covers_issue(tree, issue.node, issue.owner, *GRID_ROLES)
        or any(code in issue.dispatches for code in principal.departments())
    )
    principal.require(allowed, f"read issue {issue.id}")


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
        status=str(issue.status),
        reporter=issue.reporter,
        reported_at=issue.reported_at,
        possible_duplicates=issue.possible_duplicates,
        merged_into=issue.merged_into,
        deadlines=issue.deadlines,
        dispatches=[
            DispatchOut(department=d.department, lead=d.lead, status=str(d.status), reworks=d.reworks, rating=d.rating)
            for d in issue.dispatches.values()
        ],
    )


def _under(code: str) -> Any:
    return or_(
        issues.c.street == code,
        issues.c.community == code,
        issues.c.compound == code,
        issues.c.building == code,
        issues.c.owner == code,
    )


def _visible(principal: Principal) -> Any:
    if principal.sees_everything:
        return issues.c.id.is_not(None)
    clauses = [_under(scope) for scope in principal.scopes(*GRID_ROLES)]
    if principal.has(Role.DEPARTMENT):
        mine = select(dispatches.c.issue_id).where(dispatches.c.department.in_(principal.departments()))
        clauses.append(issues.c.id.in_(mine))
    return or_(*clauses) if clauses else issues.c.id.is_(None)


def _possible_duplicates(svc: Services, tree: GridTree, body: ReportIssue) -> list[str]:
    """The newest open issues of the same subclass in the same compound (or at the same node above it)."""
    svc.runner.catch_up(only=("issues",))
    since = svc.app.clock.now() - svc.app.policy.duplicate_window
    path = [view.code for view in tree.path(body.node)]
    same_place = issues.c.compound == path[2] if len(path) >= 3 else issues.c.node == body.node
    query = select(issues.c.id).where(
        issues.c.category == body.category,
        same_place,
        issues.c.reported_at >= since,
        issues.c.status.in_(OPEN),
    )
    newest = query.order_by(issues.c.reported_at.desc()).limit(DUPLICATES_SHOWN)
    with svc.engine.connect() as conn:
        return sorted(r[0] for r in conn.execute(newest))
