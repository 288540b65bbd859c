"""Calendar periods: a week runs Monday to Sunday, a month, quarter, half-year and year as the calendar has them.

Periods are calendar-aligned rather than rolling because the source plans count them that way
("每周至少联系1次, 每月…, 每季度…", "每年至少集中培训2次") and their ledgers are kept per calendar
week, month and quarter; a rolling window also cannot express "twice a year".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class Period(StrEnum):
    WEEK = "week"  # 每周, Monday to Sunday
    MONTH = "month"  # 每月
    QUARTER = "quarter"  # 每季度
    HALF_YEAR = "half_year"  # 每半年
    YEAR = "year"  # 每年


_MONTHS = {Period.MONTH: 1, Period.QUARTER: 3, Period.HALF_YEAR: 6, Period.YEAR: 12}


@dataclass(frozen=True, order=True)
class Window:
    """The days from `first` to `last`, both included; `last` is the day the obligation falls due."""

    first: date
    last: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.first <= day <= self.last


def window_of(period: Period, day: date) -> Window:
    """The calendar period that holds `day`."""
    if period is Period.WEEK:
        monday = day - timedelta(days=day.weekday())
        return Window(monday, monday + timedelta(days=6))
    months = _MONTHS[period]
    first_month = (day.month - 1) // months * months + 1
    first = date(day.year, first_month, 1)
    return Window(first, _after(first, months) - timedelta(days=1))


def windows_from(period: Period, start: date) -> Iterator[Window]:
    """The windows an obligation is judged in, from `start` on, one after the other without gaps.

    A start inside a period joins that partial period to the next full one, so nobody falls due
    for a period they only had part of; a start on a period's first day begins with that period.
    The run is endless: stop iterating once past the day of interest.
    """
    holding = window_of(period, start)
    last = holding.last if start == holding.first else window_of(period, holding.last + timedelta(days=1)).last
    current = Window(start, last)
    while True:
        yield current
        current = window_of(period, current.last + timedelta(days=1))


def _after(first: date, months: int) -> date:
    index = first.month - 1 + months
    return date(first.year + index // 12, index % 12 + 1, 1)
