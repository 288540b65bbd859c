"""Relapse monitoring over HTTP: open a case, record its steps, income and labour, clear or revert;
the board (now or as of) and one case (now or as of), and its public notice.

Who may run what is `domain/monitoring/permissions.py`; in which state is `domain/monitoring/status.py`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from api.http.deps import WRITES, AsOfDep, PrincipalDep, ServicesDep, TreeDep
from api.http.fresh import fresh
from api.http.monitoring_permits import MonitoringPermitsDep
from api.http.schemas.common import Offset
from api.http.schemas.monitoring import (
    Because,
    BoardPage,
    BoardRow,
    CaseOut,
    IncomeCheckOut,
    NoticeOut,
    OpenCase,
    RecordIncome,
    RecordLabour,
    RecordStep,
    StepOut,
)
from domain.accounts.principal import GRID_ROLES
from domain.accounts.roles import Role
from domain.monitoring.model import MonitoringCase
from domain.monitoring.status import ALLOWED, CaseCommand, CaseStatus
from domain.monitoring.values import MonitoredCategory
from projections.audit.trail_queries import position_at
from projections.monitoring.board import BoardFilter, BoardReader, board_page, rows_as_of

router = APIRouter(prefix="/api/v1/monitoring", tags=["monitoring"])


@router.post("/cases", status_code=201, dependencies=WRITES)
def open_case(body: OpenCase, svc: ServicesDep, may: MonitoringPermitsDep) -> CaseOut:
    """A risk clue opens a case (防返贫监测): grid roles, for households in their grid."""
    who = may.household(CaseCommand.OPEN, body.household_id)
    case = svc.app.open_case(
        household_id=body.household_id,
        category=body.category,
        source=body.source,
        clue=body.clue,
        actor=who.username,
        reason=body.reason,
    )
    return case_out(case, svc.app.clock.now())


@router.post("/cases/{case_id}/steps", dependencies=WRITES)
def record_step(case_id: UUID, body: RecordStep, svc: ServicesDep, may: MonitoringPermitsDep) -> CaseOut:
    """A step done, with its outcome; a failed step closes the case as not enrolled."""
    who = may.case(CaseCommand(body.step.value), case_id, body.department)
    case = svc.app.record_case_step(
        case_id,
        step=body.step,
        passed=body.passed,
        findings=body.findings,
        department=who.department or None,
        measures=body.measures,
        actor=who.username,
        reason=body.reason,
    )
    return case_out(case, svc.app.clock.now())


@router.post("/cases/{case_id}/income-checks", dependencies=WRITES)
def record_income(case_id: UUID, body: RecordIncome, svc: ServicesDep, may: MonitoringPermitsDep) -> CaseOut:
    who = may.case(CaseCommand.RECORD_INCOME, case_id)
    case = svc.app.record_income_check(
        case_id,
        checked_on=body.checked_on,
        income_per_person=body.income_per_person,
        note=body.note,
        actor=who.username,
        reason=body.reason,
    )
    return case_out(case, svc.app.clock.now())


@router.post("/cases/{case_id}/labour", dependencies=WRITES)
def record_labour(case_id: UUID, body: RecordLabour, svc: ServicesDep, may: MonitoringPermitsDep) -> CaseOut:
    who = may.case(CaseCommand.RECORD_LABOUR, case_id)
    case = svc.app.record_labour_capacity(
        case_id, has_capacity=body.has_capacity, actor=who.username, reason=body.reason
    )
    return case_out(case, svc.app.clock.now())


@router.post("/cases/{case_id}/clear", dependencies=WRITES)
def clear_risk(case_id: UUID, body: Because, svc: ServicesDep, may: MonitoringPermitsDep) -> CaseOut:
    """风险消除: income stable ≥ 6 months, 三保障 hold, and labour capacity (otherwise 422 naming why)."""
    who = may.case(CaseCommand.CLEAR_RISK, case_id)
    return case_out(svc.app.clear_risk(case_id, actor=who.username, reason=body.reason), svc.app.clock.now())


@router.post("/cases/{case_id}/revert-clearance", dependencies=WRITES)
def revert_clearance(case_id: UUID, body: Because, svc: ServicesDep, may: MonitoringPermitsDep) -> CaseOut:
    who = may.case(CaseCommand.REVERT_CLEARANCE, case_id)
    return case_out(svc.app.revert_clearance(case_id, actor=who.username, reason=body.reason), svc.app.clock.now())


@router.get("/cases", dependencies=[fresh("monitoring", "audit_trail")])
def board(
    svc: ServicesDep,
    principal: PrincipalDep,
    tree: TreeDep,
    node: Annotated[str | None, Query(max_length=40, description="only cases in this node's subtree")] = None,
    status: CaseStatus | None = None,
    category: MonitoredCategory | None = None,
    overdue: bool | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Offset = 0,
    as_of: AsOfDep = None,
) -> BoardPage:
    """The monitoring board: each case's step and deadline, overdue ones first; with as_of, as it was then."""
    if node is not None:
        principal.require(principal.can_read_subtree(tree, node), f"read monitoring cases under {node}")
    everything = principal.sees_everything or principal.has(Role.DEPARTMENT)
    reader = BoardReader(everything, principal.scopes(*GRID_ROLES))
    now = as_of or svc.app.clock.now()
    engine = svc.engine if as_of is None else rows_as_of(svc.app, position_at(svc.engine, as_of) or 0)
    try:
        total, rows = board_page(
            engine, reader, BoardFilter(node, status, category, overdue), now=now, limit=limit, offset=offset
        )
    finally:
        if as_of is not None:
            engine.dispose()
    return BoardPage(total=total, as_of=now, items=[BoardRow.model_validate(row) for row in rows])


@router.get("/cases/{case_id}")
def get_case(case_id: UUID, svc: ServicesDep, may: MonitoringPermitsDep, as_of: AsOfDep = None) -> CaseOut:
    case = svc.app.monitoring_case(case_id)
    may.read_case(case)
    if as_of is None:
        return case_out(case, svc.app.clock.now())
    return case_out(svc.app.monitoring_case_as_of(case_id, as_of), as_of)


@router.get("/cases/{case_id}/notice")
def get_notice(case_id: UUID, svc: ServicesDep, may: MonitoringPermitsDep) -> NoticeOut:
    """The public notice (公示) as posted: built from the category and the place only."""
    case = svc.app.monitoring_case(case_id)
    may.read_case(case)
    notice = svc.app.case_notice(case)
    return NoticeOut(
        case_id=UUID(notice.case_id),
        category=notice.category,
        place=notice.place,
        posted_on=notice.posted_on,
        runs_until=notice.runs_until,
        text=notice.text,
    )


def case_out(case: MonitoringCase, now: datetime) -> CaseOut:
    return CaseOut(
        id=case.id,
        household_id=UUID(case.household_id),
        node=case.node,
        path=case.path,
        owner=case.owner,
        category=MonitoredCategory(case.category),
        source=case.source,
        clue=case.clue,
        status=case.status,
        opened_at=case.opened_at,
        opened_by=case.opened_by,
        pipeline_due=case.pipeline_due,
        deadlines={str(k): v for k, v in case.deadlines.items()},
        overdue=sorted(str(k) for k, due in case.deadlines.items() if due < now),
        notice_until=case.notice_until,
        steps=[StepOut.model_validate(s) for s in case.steps],
        income_checks=[
            IncomeCheckOut(checked_on=c.checked_on, income_per_person=c.income_per_person, recorded_by=c.recorded_by)
            for c in case.income_checks
        ],
        labour_capacity=case.labour_capacity,
        measures=case.measures,
        cleared_on=case.cleared_on,
        allowed=list(ALLOWED[case.status]),
        version=case.version,
    )
