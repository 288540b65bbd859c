"""Driving monitoring cases through their steps, for the tests."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from domain.application import GridGov
from domain.monitoring.model import MonitoringCase
from domain.monitoring.status import Step
from domain.shared.clock import ManualClock

BEFORE_NOTICE = (Step.HOME_CHECK, Step.DATA_COMPARISON, Step.DEMOCRATIC_REVIEW)
AFTER_NOTICE = (Step.PUBLIC_NOTICE, Step.TOWNSHIP_REVIEW, Step.APPROVAL)


def step(app: GridGov, case_id: UUID, which: Step, *, passed: bool = True) -> MonitoringCase:
    return app.record_case_step(
        case_id,
        step=which,
        passed=passed,
        findings="核实属实" if passed else "未发现风险",
        department="MZ" if which is Step.DATA_COMPARISON else None,
        measures=["产业帮扶", "临时救助"] if which is Step.APPROVAL else None,
        actor="tester",
        reason=f"{which} done",
    )


def enrolled(app: GridGov, clock: ManualClock, household_id: UUID) -> MonitoringCase:
    """A case opened on a grid worker's clue and taken through every step to enrolment."""
    case = app.open_case(
        household_id=household_id, category="marginal", source="grid_worker", clue="因病支出骤增", actor="worker1"
    )
    for which in BEFORE_NOTICE:
        step(app, case.id, which)
    clock.advance(timedelta(days=9))  # past five working days of notice, whatever the weekday
    for which in AFTER_NOTICE:
        case = step(app, case.id, which)
    return case
