"""Risk clearance (风险消除): six months of stable income, 三保障 holding, labour capacity; and its reversal."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID

import pytest

from domain.application import GridGov
from domain.monitoring.status import CaseStatus
from domain.shared.clock import ManualClock
from domain.shared.errors import InvalidInputError
from domain.standards.items import Item
from tests.support.households import household
from tests.support.monitoring import enrolled
from tests.support.world import B1, World


def _three_guarantees(app: GridGov, household_id: UUID, on: date) -> None:
    for item, measure in ((Item.HOUSING, None), (Item.MEDICAL, 6.5), (Item.EDUCATION, None)):
        app.record_standard_check(
            household_id, item=item, status="met", measure=measure, checked_on=on, actor="worker1", reason="核查"
        )


def _incomes(app: GridGov, case_id: UUID, *dated: tuple[date, int]) -> None:
    for on, income in dated:
        app.record_income_check(case_id, checked_on=on, income_per_person=income, actor="worker1", reason="收入核查")


@pytest.fixture
def case_and_household(world: World, clock: ManualClock) -> tuple[UUID, UUID]:
    clock.set(datetime(2026, 3, 2, 1, 0, tzinfo=UTC))
    app = world.services.app
    household_id = household(app, B1)
    case = enrolled(app, clock, household_id)
    assert case.status is CaseStatus.ENROLLED
    _three_guarantees(app, household_id, date(2026, 3, 10))
    return case.id, household_id


def test_risk_is_cleared_after_six_months_of_stable_income_with_the_three_guarantees(
    world: World, case_and_household: tuple[UUID, UUID]
) -> None:
    app, (case_id, _) = world.services.app, case_and_household
    _incomes(app, case_id, (date(2025, 6, 1), 5000), (date(2025, 9, 1), 7000), (date(2026, 3, 1), 7600))
    case = app.clear_risk(case_id, actor="office1", reason="收入稳定")
    assert case.status is CaseStatus.CLEARED
    cleared = [e for e in app.events.get(case_id) if type(e).__name__ == "RiskCleared"]
    assert cleared[0].stable_since == "2025-09-01"  # the run after the check below the monitoring line


def test_clearance_is_refused_before_six_months_of_stable_income(
    world: World, case_and_household: tuple[UUID, UUID]
) -> None:
    app, (case_id, _) = world.services.app, case_and_household
    _incomes(app, case_id, (date(2025, 10, 1), 8000), (date(2026, 3, 1), 8000))
    with pytest.raises(InvalidInputError, match="from 2026-04-01") as refused:
        app.clear_risk(case_id, actor="office1", reason="收入稳定")
    assert refused.value.field == "income_checks"
    assert app.monitoring_case(case_id).status is CaseStatus.ENROLLED


def test_a_household_without_labour_capacity_is_not_cleared(
    world: World, case_and_household: tuple[UUID, UUID]
) -> None:
    app, (case_id, _) = world.services.app, case_and_household
    _incomes(app, case_id, (date(2025, 6, 1), 9000), (date(2026, 3, 1), 9000))
    app.record_labour_capacity(case_id, has_capacity=False, actor="leader1", reason="重度残疾, 无劳动能力")
    with pytest.raises(InvalidInputError) as refused:
        app.clear_risk(case_id, actor="office1", reason="收入稳定")
    assert refused.value.field == "labour_capacity"


def test_clearance_needs_the_three_guarantees_to_hold(world: World, clock: ManualClock) -> None:
    app = world.services.app
    household_id = household(app, B1)
    case = enrolled(app, clock, household_id)
    _incomes(app, case.id, (date(2025, 6, 1), 9000), (date(2026, 3, 1), 9000))
    app.record_standard_check(
        household_id, item="medical", status="met", measure=25.0, checked_on=date(2026, 3, 1), actor="w", reason="r"
    )
    with pytest.raises(InvalidInputError, match="housing, medical, education") as refused:
        app.clear_risk(case.id, actor="office1", reason="收入稳定")
    assert refused.value.field == "three_guarantees"


def test_a_clearance_is_reverted_with_a_reason_and_monitoring_resumes(
    world: World, case_and_household: tuple[UUID, UUID]
) -> None:
    app, (case_id, _) = world.services.app, case_and_household
    _incomes(app, case_id, (date(2025, 6, 1), 9000), (date(2026, 3, 1), 9000))
    app.clear_risk(case_id, actor="office1", reason="收入稳定")
    case = app.revert_clearance(case_id, actor="office1", reason="回头看发现收入核算有误")
    assert case.status is CaseStatus.ENROLLED and case.cleared_on is None
    reverted = list(app.events.get(case_id))[-1]
    assert (type(reverted).__name__, reverted.reason) == ("ClearanceReverted", "回头看发现收入核算有误")
