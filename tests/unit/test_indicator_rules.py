"""The indicator definitions and the judging rule, without I/O."""

from __future__ import annotations

from datetime import date

import pytest

from domain.grid.levels import Level
from domain.indicators.definitions import DEFINITIONS, Deadline, Indicator, definition, definitions_on
from domain.indicators.judging import judge
from domain.indicators.values import IndicatorComparison, IndicatorMeasure, IndicatorUnit, IndicatorVerdict
from domain.shared.errors import InvalidInputError, NotFoundError
from projections.indicators.measures import MEASURES

ONE_SHOULDER = definition("secretary_is_director", date(2026, 6, 30))


@pytest.mark.parametrize(
    ("on", "value", "verdict", "threshold"),
    [
        (date(2026, 6, 29), 0.8, IndicatorVerdict.NOT_DUE, None),
        (date(2026, 6, 30), 0.8, IndicatorVerdict.MISS, 0.85),
        (date(2026, 6, 30), 0.85, IndicatorVerdict.PASS, 0.85),
        (date(2026, 12, 30), 0.9, IndicatorVerdict.PASS, 0.85),
        (date(2026, 12, 31), 0.9, IndicatorVerdict.MISS, 1.0),
        (date(2026, 12, 31), 1.0, IndicatorVerdict.PASS, 1.0),
        (date(2027, 1, 1), 0.5, IndicatorVerdict.NOT_DUE, None),
        (date(2026, 6, 30), None, IndicatorVerdict.NO_DATA, 0.85),
    ],
)
def test_a_deadline_indicator_is_judged_by_the_threshold_in_force_that_day(
    on: date, value: float | None, verdict: IndicatorVerdict, threshold: float | None
) -> None:
    found, target = judge(ONE_SHOULDER, value, on)
    assert (found, target.threshold) == (verdict, threshold)


def test_before_the_first_deadline_the_next_one_is_named() -> None:
    _, target = judge(ONE_SHOULDER, 0.5, date(2027, 1, 1))
    assert (target.next_due_on, target.next_threshold) == (date(2027, 6, 30), 0.85)
    _, target = judge(ONE_SHOULDER, 0.9, date(2026, 7, 1))
    assert (target.due_on, target.next_due_on, target.next_threshold) == (date(2026, 6, 30), date(2026, 12, 31), 1.0)


def test_a_standing_indicator_is_judged_every_day_by_its_comparison() -> None:
    poverty = definition("poverty_incidence", date(2026, 1, 1))
    assert poverty.standing and poverty.comparison is IndicatorComparison.BELOW
    assert judge(poverty, 0.029, date(2026, 1, 1))[0] is IndicatorVerdict.PASS
    assert judge(poverty, 0.03, date(2026, 1, 1))[0] is IndicatorVerdict.MISS


def test_a_new_version_judges_only_the_dates_from_when_it_takes_effect() -> None:
    old = definition("reserve_ratio", date(2026, 1, 1))
    stricter = Indicator(
        old.code, old.name_zh, old.name_en, old.measure, old.unit, old.comparison, 2.0, old.level, "test",
        version=2, effective_from=date(2026, 7, 1),
    )  # fmt: skip
    table = (*DEFINITIONS, stricter)
    assert definition("reserve_ratio", date(2026, 6, 30), table).threshold == 1.0
    assert definition("reserve_ratio", date(2026, 7, 1), table).version == 2
    assert len(definitions_on(date(2026, 7, 1), table)) == len(definitions_on(date(2026, 7, 1)))


def test_deadlines_out_of_calendar_order_or_impossible_are_refused() -> None:
    base = (
        IndicatorMeasure.RESERVE_RATIO,
        IndicatorUnit.RATIO,
        IndicatorComparison.AT_LEAST,
        1.0,
        Level.COMMUNITY,
        "t",
    )
    with pytest.raises(InvalidInputError):
        Indicator("x", "x", "x", *base, deadlines=(Deadline(12, 31, 1.0), Deadline(6, 30, 0.85)))
    with pytest.raises(ValueError):
        Indicator("x", "x", "x", *base, deadlines=(Deadline(6, 31, 1.0),))


def test_an_unknown_or_not_yet_effective_indicator_is_not_found() -> None:
    with pytest.raises(NotFoundError):
        definition("nonexistent", date(2026, 1, 1))
    with pytest.raises(NotFoundError):
        definition("reserve_ratio", date(2019, 12, 31))


def test_every_measure_a_definition_can_name_has_a_read_side_function() -> None:
    assert set(MEASURES) == set(IndicatorMeasure)
    assert {one.code for one in DEFINITIONS} >= {"secretary_is_director", "reserve_ratio", "assistance_coverage"}
