"""Derived views of the dispatch loop: a department's queue, a node's worklist and the issues it has
still to rate, evaluation rates."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from sqlalchemy import Engine

from api.bootstrap import Services
from api.http.deps import AsOfDep, PrincipalDep, ServicesDep, TreeDep
from api.http.fresh import fresh
from api.http.routers.issues import issue_row, reader
from api.http.schemas.common import Offset
from api.http.schemas.issues import IssuePage, IssueRow, QueueEntry, QueuePage, RateRow
from domain.accounts.roles import Role
from domain.grid.levels import Level
from domain.issues.buckets import Bucket
from domain.issues.status import Status
from domain.shared.errors import InvalidInputError, NotFoundError
from projections.audit.trail_queries import position_at
from projections.issues.as_of import issue_rows_as_of
from projections.issues.lists import IssueFilter, issue_page, worklist
from projections.issues.queue import queue_page
from projections.issues.rates import rates

router = APIRouter(prefix="/api/v1", tags=["dispatch"])


@router.get("/departments/{code}/queue", dependencies=[fresh("issues", "audit_trail")])
def queue(
    code: str,
    svc: ServicesDep,
    principal: PrincipalDep,
    as_of: AsOfDep,
    bucket: Bucket | None = None,
    sort: Literal["due", "dispatched"] = "due",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Offset = 0,
) -> QueuePage:
    """Each open dispatch in the bucket that needs action; with as_of, the queue as it was then.

    Which dispatch is in which bucket: `IN_BUCKET` in projections/issues/queue.py.
    """
    svc.app.department(code, field="code")
    allowed = principal.sees_everything or principal.has(Role.OFFICE) or code in principal.departments()
    principal.require(allowed, f"read the queue of department {code}")
    position = None if as_of is None else position_at(svc.engine, as_of) or 0
    calendar = svc.app.calendar() if as_of is None else svc.app.calendar_as_of(as_of)
    page = queue_page(
        svc.engine,
        code,
        now=as_of or svc.app.clock.now(),
        calendar=calendar,
        bucket=bucket,
        sort=sort,
        limit=limit,
        offset=offset,
        position=position,
    )
    items = [QueueEntry(**{k: getattr(i, k) for k in QueueEntry.model_fields}) for i in page.items]
    return QueuePage(department=code, counts=page.counts, total=page.total, items=items)


@router.get("/grid/nodes/{code}/worklist", dependencies=[fresh()])
def node_worklist(
    code: str, svc: ServicesDep, principal: PrincipalDep, tree: TreeDep, as_of: AsOfDep
) -> list[IssueRow]:
    """Open issues in the node's subtree or escalated to it; with as_of, as they were then."""
    if code not in tree:
        raise NotFoundError(f"no grid node with code {code!r}", field="code")
    allowed = principal.sees_everything or principal.covers(tree, code, Role.OFFICE, Role.GRID_LEADER, Role.GRID_WORKER)
    principal.require(allowed, f"read the worklist of {code}")
    engine = svc.engine if as_of is None else _rows_as_of(svc, as_of)
    rows = worklist(engine, code)
    if as_of is not None:
        engine.dispose()
    return [issue_row(row) for row in rows]


@router.get("/grid/nodes/{code}/awaiting-rating", dependencies=[fresh("issues")])
def awaiting_rating(
    code: Annotated[str, Path(max_length=64)],
    svc: ServicesDep,
    principal: PrincipalDep,
    tree: TreeDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Offset = 0,
) -> IssuePage:
    """Closed issues in the node's subtree or escalated to it with a department the street has still
    to rate (待评价), newest report first: a closed issue leaves the worklist, its rating does not."""
    if code not in tree:
        raise NotFoundError(f"no grid node with code {code!r}", field="code")
    principal.require(principal.can_read_subtree(tree, code), f"read issues under {code}")
    where = IssueFilter(node=code, status=Status.CLOSED, unrated=True)
    total, rows = issue_page(svc.engine, reader(principal), where, now=svc.app.clock.now(), limit=limit, offset=offset)
    return IssuePage(total=total, items=[issue_row(row) for row in rows])


def _rows_as_of(svc: Services, moment: datetime) -> Engine:
    return issue_rows_as_of(svc.app, position_at(svc.engine, moment) or 0)


@router.get("/rates", dependencies=[fresh("issues")])
def get_rates(
    svc: ServicesDep,
    principal: PrincipalDep,
    tree: TreeDep,
    by: Literal["department", "node"] = "department",
    node: Annotated[
        str | None, Query(max_length=40, description="with by=node: rates for each child of this node")
    ] = None,
    start: Annotated[datetime | None, Query(alias="from")] = None,
    end: Annotated[datetime | None, Query(alias="to")] = None,
) -> list[RateRow]:
    """Response, on-time, resolution, rework and satisfaction rates, and the composite score."""
    now = svc.app.clock.now()
    end = end or now
    start = start or end - timedelta(days=30)
    if start.tzinfo is None or end.tzinfo is None:
        raise InvalidInputError("from and to need a UTC offset", field="from")
    if by == "department":
        principal.require(principal.sees_everything or principal.has(Role.OFFICE, Role.DEPARTMENT), "read rates")
        mine = None if principal.sees_everything or principal.has(Role.OFFICE) else set(principal.departments())

        def key(row: Any) -> str | None:
            return row["department"] if mine is None or row["department"] in mine else None

    else:
        if node is not None and node not in tree:
            raise NotFoundError(f"no grid node with code {node!r}", field="node")
        children = tree.children(node) if node else tree.streets()
        grid_reader = principal.sees_everything or not principal.has(Role.DEPARTMENT)
        visible = [c for c in children if grid_reader and principal.can_read_subtree(tree, c.code)]
        principal.require(bool(visible) or not children, "read rates of these grid nodes")
        column = Level(children[0].level).label if children else "street"
        wanted = {c.code for c in visible}

        def key(row: Any) -> str | None:
            return row[column] if row[column] in wanted else None

    figures = rates(svc.engine, start=start, end=end, group_by=key, policy=svc.app.policy, now=now)
    return [RateRow(key=k, **v) for k, v in figures.items()]
