"""Monitoring and standards rules as pure data and functions: no store, no clock."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.monitoring import permissions
from domain.monitoring.clearance import IncomeCheck, income_refusal, stable_run
from domain.monitoring.notice import FIELDS, NEVER_SHOWN
from domain.monitoring.status import ALLOWED, ON_PASS, CaseCommand, CaseStatus, Step
from domain.shared.dates import add_months
from domain.standards import lines
from domain.standards.items import CheckKind, Item, ItemStatus, Judgement, judge
from domain.standards.lines import IncomeLine
from domain.standards.model import Check, standing


def _check(item: Item, status: str, on: date, measure: float | None = None) -> Check:
    return Check(item, ItemStatus(status), measure, on, CheckKind.REGULAR, "w", "", (), None)  # type: ignore[arg-type]


def test_six_months_after_the_end_of_august_is_the_end_of_february() -> None:
    assert add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert add_months(date(2023, 8, 31), 6) == date(2024, 2, 29)


def test_a_check_below_the_monitoring_line_restarts_the_stable_run() -> None:
    checks = [IncomeCheck(date(2025, 1, 1), 9000, "w"), IncomeCheck(date(2025, 5, 1), 5000, "w")]
    checks.append(IncomeCheck(date(2025, 6, 1), 9000, "w"))
    assert [c.checked_on for c in stable_run(checks, date(2026, 1, 1))] == [date(2025, 6, 1)]
    assert "2 checks in a row" in (income_refusal(checks, date(2026, 1, 1), months=6, min_checks=2) or "")


def test_income_is_judged_by_the_line_of_the_year_asked_about(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(lines.INCOME_LINES, 2027, IncomeLine(2027, 5000, 7500, "invented for the test"))
    checks = [_check(Item.INCOME, "met", date(2026, 6, 1), 4500)]
    assert standing(checks, date(2026, 12, 31)).items[Item.INCOME] is Judgement.MET
    assert standing(checks, date(2027, 1, 1)).items[Item.INCOME] is Judgement.NOT_MET


def test_medical_care_is_not_met_above_ten_percent_out_of_pocket_whatever_the_status() -> None:
    assert judge(Item.MEDICAL, ItemStatus.MET, 10.0, 2026) is Judgement.MET
    assert judge(Item.MEDICAL, ItemStatus.MET, 10.5, 2026) is Judgement.NOT_MET


def test_a_standing_uses_the_latest_check_dated_on_or_before_the_date() -> None:
    checks = [_check(Item.HOUSING, "not_met", date(2026, 1, 1)), _check(Item.HOUSING, "met", date(2026, 3, 1))]
    assert standing(checks, date(2026, 2, 1)).items[Item.HOUSING] is Judgement.NOT_MET
    assert standing(checks, date(2026, 3, 1)).items[Item.HOUSING] is Judgement.MET
    assert standing(checks, date(2025, 12, 1)).overall is Judgement.UNCHECKED


def test_the_notice_exposes_no_personal_field() -> None:
    assert not set(FIELDS) & set(NEVER_SHOWN)


def test_the_permission_table_covers_every_command_and_leaves_auditors_out() -> None:
    assert set(permissions.PERMISSIONS) == set(CaseCommand)
    rows = permissions.matrix()
    print("\n".join(" | ".join(row) for row in rows))
    assert all("auditor" not in roles for _, roles, _ in rows)
    assert dict((c, s) for c, _, s in rows)["data_comparison"] == "department"


@given(st.lists(st.tuples(st.sampled_from(list(Step)), st.booleans()), max_size=20))
def test_no_case_is_enrolled_without_passing_every_step_in_order(steps: list[tuple[Step, bool]]) -> None:
    status, passed = CaseStatus.HOME_CHECK, []
    for which, ok in steps:
        if CaseCommand(which.value) not in ALLOWED[status]:
            continue
        status = ON_PASS[which] if ok else CaseStatus.NOT_ENROLLED
        passed.append(which) if ok else None
    if status is CaseStatus.ENROLLED:
        assert passed == [s for s in Step if s is not Step.ACCEPT_APPLICATION]
