"""Rectification rules as pure data and functions: the gate, the flags, the sheets, the tables."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.rectification.gate import judge
from domain.rectification.ledger import flag
from domain.rectification.permissions import PERMISSIONS, matrix
from domain.rectification.policy import GateRule
from domain.rectification.sheet import DEFAULT_SHEETS
from domain.rectification.status import ALLOWED, ON_PASS, CaseStage, RectificationCommand
from domain.rectification.values import ItemFlag
from domain.shared.dates import add_months
from domain.shared.errors import InvalidInputError

DUE = date(2026, 4, 30)


def test_the_default_gate_passes_at_70_and_the_veto_fails_any_score() -> None:
    rule = GateRule()
    assert judge(70, 7, 15, rule).passed and not judge(69, 0, 15, rule).passed
    vetoed = judge(100, 8, 15, rule)
    assert not vetoed.passed and vetoed.reasons == ["vetoed: 8 of 15 votes unsatisfied (more than 50%)"]


def test_a_changed_gate_rule_moves_the_pass_mark_and_the_veto_share() -> None:
    rule = GateRule(pass_points=80, veto_share=0.3, representatives=21)
    assert not judge(75, 0, 21, rule).passed
    assert not judge(90, 7, 21, rule).passed and judge(90, 6, 21, rule).passed


def test_an_item_is_green_then_amber_within_the_days_then_red_once_past_unless_closed() -> None:
    assert flag(DUE, False, date(2026, 4, 22), 7) is ItemFlag.GREEN
    assert flag(DUE, False, date(2026, 4, 23), 7) is ItemFlag.AMBER
    assert flag(DUE, False, DUE, 7) is ItemFlag.AMBER
    assert flag(DUE, False, date(2026, 5, 1), 7) is ItemFlag.RED
    assert flag(DUE, True, date(2026, 5, 1), 7) is ItemFlag.GREEN


@given(st.dates(), st.integers(0, 30), st.booleans())
def test_a_flag_is_red_exactly_when_open_and_past(today: date, amber: int, closed: bool) -> None:
    assert (flag(DUE, closed, today, amber) is ItemFlag.RED) == (not closed and today > DUE)


def test_six_months_after_the_end_of_august_is_the_end_of_february() -> None:
    assert add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)


def test_a_sheet_refuses_unknown_missing_and_too_many_points() -> None:
    sheet = DEFAULT_SHEETS[1]
    assert sheet.total_points == 100
    full = {code: item.points for code, item in sheet.items.items()}
    assert sheet.score(full) == 100
    for bad in ({**full, "x": 1}, {k: v for k, v in full.items() if k != "ledger"}, {**full, "ledger": 31}):
        with pytest.raises(InvalidInputError):
            sheet.score(bad)


def test_every_stage_is_reachable_and_every_command_has_a_permission() -> None:
    assert set(ON_PASS.values()) | {CaseStage.IDENTIFIED} == set(CaseStage)
    assert set(PERMISSIONS) == set(RectificationCommand)
    assert all(RectificationCommand.READ in commands for commands in ALLOWED.values())


def test_the_permission_matrix_prints_from_the_table() -> None:
    rows = matrix()
    print("\n".join(" | ".join(row) for row in rows))
    assert ("approve_close_off", "the helper", "place") in rows
    assert ("identify", "admin, office", "place") in rows
