"""The judging rule: a value against the threshold in force on a date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.indicators.definitions import Indicator
from domain.indicators.values import IndicatorVerdict


@dataclass(frozen=True)
class Target:
    """The threshold in force on a date (None before the year's first deadline), and the next one."""

    threshold: float | None
    due_on: date | None  # the deadline whose threshold is in force; None for a standing target
    next_due_on: date | None
    next_threshold: float | None


def target_on(indicator: Indicator, on: date) -> Target:
    """Deadlines recur each year: by 30 June ≥ 85% holds from 30 June to 30 December, then 100%
    from 31 December; from 1 January nothing is due until the next 30 June (a new year's target)."""
    if indicator.standing:
        return Target(indicator.threshold, None, None, None)
    passed = [d for d in indicator.deadlines if d.in_year(on.year) <= on]
    ahead = [d for d in indicator.deadlines if d.in_year(on.year) > on] or [indicator.deadlines[0]]
    following = ahead[0].in_year(on.year if ahead[0].in_year(on.year) > on else on.year + 1)
    if not passed:
        return Target(None, None, following, ahead[0].threshold)
    return Target(passed[-1].threshold, passed[-1].in_year(on.year), following, ahead[0].threshold)


def judge(indicator: Indicator, value: float | None, on: date) -> tuple[IndicatorVerdict, Target]:
    target = target_on(indicator, on)
    if value is None:
        return IndicatorVerdict.NO_DATA, target
    if target.threshold is None:
        return IndicatorVerdict.NOT_DUE, target
    met = indicator.comparison.holds(value, target.threshold)
    return (IndicatorVerdict.PASS if met else IndicatorVerdict.MISS), target
