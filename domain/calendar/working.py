"""Working days and hours, public holidays and make-up working days (调休), as data.

Deadlines are counted in local time (China Standard Time by default, no daylight saving); every
datetime that goes in must be aware, and every one that comes out is an aware UTC datetime.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone
from enum import StrEnum
from typing import Any

from domain.shared.errors import InvalidInputError

_MICROSECOND = timedelta(microseconds=1)
_MINUTE_US = 60_000_000
MAX_DAYS = 3660  # a limit that needs more than ten years of calendar is a configuration error
_HH_MM = re.compile(r"^(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$")  # 24:00 only makes sense as an end


class TimeUnit(StrEnum):
    WORKING_HOURS = "working_hours"
    WORKING_DAYS = "working_days"
    CALENDAR_HOURS = "calendar_hours"
    CALENDAR_MINUTES = "calendar_minutes"


@dataclass(frozen=True)
class TimeLimit:
    """How long a stage may take, e.g. 2 working hours or 30 calendar minutes (emergencies)."""

    amount: int
    unit: TimeUnit

    def __post_init__(self) -> None:
        if isinstance(self.amount, bool) or not isinstance(self.amount, int):
            raise InvalidInputError("a time limit is a whole number", field="amount")
        if self.amount <= 0:
            raise InvalidInputError("a time limit must be positive", field="amount")
        try:
            object.__setattr__(self, "unit", TimeUnit(self.unit))
        except ValueError:
            raise InvalidInputError(f"unknown time unit {self.unit!r}", field="unit") from None

    def to_dict(self) -> dict[str, Any]:
        return {"amount": self.amount, "unit": self.unit.value}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TimeLimit:
        try:
            return cls(data["amount"], data["unit"])
        except KeyError as missing:
            raise InvalidInputError(f"a time limit needs {missing}", field=str(missing.args[0])) from None


@dataclass(frozen=True)
class WorkingCalendar:
    """When the district works: periods of a working day, weekdays, holidays and make-up days."""

    utc_offset_hours: int = 8
    periods: tuple[tuple[str, str], ...] = (("09:00", "12:00"), ("13:30", "17:30"))
    weekdays: tuple[int, ...] = (0, 1, 2, 3, 4)
    holidays: frozenset[date] = field(default_factory=frozenset)
    makeup_days: frozenset[date] = field(default_factory=frozenset)
    # periods as minutes after local midnight, parsed once
    _minutes: tuple[tuple[int, int], ...] = field(init=False, repr=False, compare=False)
    # what a department's queue asks of every item on a page (the time left), computed once
    _zone: timezone = field(init=False, repr=False, compare=False)
    _periods_us: tuple[tuple[int, int], ...] = field(init=False, repr=False, compare=False)
    _day_minutes: int = field(init=False, repr=False, compare=False)
    _holidays_off: tuple[date, ...] = field(init=False, repr=False, compare=False)  # on a weekday, sorted
    _makeups_on: tuple[date, ...] = field(init=False, repr=False, compare=False)  # off a weekday, sorted

    def __post_init__(self) -> None:
        if isinstance(self.utc_offset_hours, bool) or not isinstance(self.utc_offset_hours, int):
            raise InvalidInputError("the UTC offset is a whole number of hours", field="utc_offset_hours")
        if not -12 <= self.utc_offset_hours <= 14:
            raise InvalidInputError("the UTC offset must be between -12 and 14 hours", field="utc_offset_hours")
        # callers pass lists (JSON, pydantic): normalise so that equality and hashing behave
        object.__setattr__(self, "weekdays", tuple(self.weekdays))
        object.__setattr__(self, "holidays", _dates(self.holidays, "holidays"))
        object.__setattr__(self, "makeup_days", _dates(self.makeup_days, "makeup_days"))
        if not self.weekdays or any(isinstance(d, bool) or d not in range(7) for d in self.weekdays):
            raise InvalidInputError("weekdays are 0 (Monday) to 6 (Sunday), at least one", field="weekdays")
        if len(set(self.weekdays)) != len(self.weekdays):
            raise InvalidInputError("a weekday is listed twice", field="weekdays")
        if clash := self.holidays & self.makeup_days:
            day = min(clash).isoformat()
            raise InvalidInputError(f"{day} cannot be both a holiday and a make-up working day", field="makeup_days")
        try:
            periods = tuple((str(a), str(b)) for a, b in self.periods)
        except (TypeError, ValueError):
            raise InvalidInputError("each period is a pair of times like 09:00", field="periods") from None
        minutes = tuple((_minute(a), _minute(b)) for a, b in periods)
        if not minutes:
            raise InvalidInputError("a working day needs at least one period", field="periods")
        previous_end = 0
        for start, end in minutes:
            if not previous_end <= start < end:
                raise InvalidInputError("periods must be ascending and must not overlap", field="periods")
            previous_end = end
        object.__setattr__(self, "periods", periods)
        object.__setattr__(self, "_minutes", minutes)
        object.__setattr__(self, "_zone", timezone(timedelta(hours=self.utc_offset_hours)))
        object.__setattr__(self, "_periods_us", tuple((a * _MINUTE_US, b * _MINUTE_US) for a, b in minutes))
        object.__setattr__(self, "_day_minutes", sum(b - a for a, b in minutes))
        holidays_off = sorted(d for d in self.holidays if d.weekday() in self.weekdays)
        object.__setattr__(self, "_holidays_off", tuple(holidays_off))
        object.__setattr__(
            self, "_makeups_on", tuple(sorted(d for d in self.makeup_days if d.weekday() not in self.weekdays))
        )

    @property
    def zone(self) -> timezone:
        return self._zone

    def is_working_day(self, day: date) -> bool:
        if day in self.makeup_days:
            return True
        return day not in self.holidays and day.weekday() in self.weekdays

    def add(self, start: datetime, limit: TimeLimit) -> datetime:
        """The deadline `limit` after `start`.

        Calendar units ignore the calendar (emergencies run around the clock). Working hours are
        consumed period by period from `start`, or from the next period start if `start` is outside
        working time. Working days follow the usual government rule (the day of receipt does not
        count): the deadline is the end of the last period of the Nth working day after the local
        date of `start`; when that date is not a working day, the next working day is day 1.
        """
        local = self._local(start, "start")
        if limit.unit == TimeUnit.CALENDAR_HOURS:
            return (local + timedelta(hours=limit.amount)).astimezone(UTC)
        if limit.unit == TimeUnit.CALENDAR_MINUTES:
            return (local + timedelta(minutes=limit.amount)).astimezone(UTC)
        if limit.unit == TimeUnit.WORKING_DAYS:
            day, counted = local.date(), 0
            for _ in range(MAX_DAYS):
                day += timedelta(days=1)
                if self.is_working_day(day):
                    counted += 1
                    if counted == limit.amount:
                        return self._windows(day)[-1][1].astimezone(UTC)
            raise _beyond_horizon()
        remaining = timedelta(hours=limit.amount)
        for window_start, window_end in self._windows_from(local):
            if window_end - window_start >= remaining:
                return (window_start + remaining).astimezone(UTC)
            remaining -= window_end - window_start
        raise _beyond_horizon()

    def working_time_between(self, a: datetime, b: datetime) -> timedelta:
        """Working time from `a` to `b`; negative when `b` is before `a` (an overdue stage).

        Whole days between the two are counted by arithmetic (weeks, then holidays and make-up
        days in range), so an item months overdue costs no more than one due tomorrow.
        """
        local_a, local_b = self._local(a, "a"), self._local(b, "b")
        if local_b < local_a:
            return -self.working_time_between(b, a)
        first, last = local_a.date(), local_b.date()
        if first == last:
            return self._clipped(first, local_a, local_b)
        whole_days = self._working_days(first + timedelta(days=1), last - timedelta(days=1))
        return (
            self._clipped(first, local_a, local_b)
            + timedelta(minutes=whole_days * self._day_minutes)
            + self._clipped(last, local_a, local_b)
        )

    def _clipped(self, day: date, start: datetime, end: datetime) -> timedelta:
        """Working time of `day` that falls between `start` and `end`, in whole microseconds since
        the day's local midnight (exact, and no datetimes built per period)."""
        if not self.is_working_day(day):
            return timedelta()
        midnight = datetime.combine(day, time.min, self._zone)
        low, high = (start - midnight) // _MICROSECOND, (end - midnight) // _MICROSECOND
        total = sum(max(0, min(b, high) - max(a, low)) for a, b in self._periods_us)
        return timedelta(microseconds=total)

    def _working_days(self, first: date, last: date) -> int:
        """How many working days from `first` to `last`, both included."""
        days = (last - first).days + 1
        if days <= 0:
            return 0
        weeks, rest = divmod(days, 7)
        count = weeks * len(self.weekdays)
        count += sum(1 for i in range(rest) if (first.weekday() + i) % 7 in self.weekdays)
        count -= bisect_right(self._holidays_off, last) - bisect_left(self._holidays_off, first)
        count += bisect_right(self._makeups_on, last) - bisect_left(self._makeups_on, first)
        return count

    def to_dict(self) -> dict[str, Any]:
        return {
            "utc_offset_hours": self.utc_offset_hours,
            "periods": [list(p) for p in self.periods],
            "weekdays": list(self.weekdays),
            "holidays": sorted(d.isoformat() for d in self.holidays),
            "makeup_days": sorted(d.isoformat() for d in self.makeup_days),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> WorkingCalendar:
        """Missing keys take the defaults, so events recorded before a field existed still load."""
        defaults = cls()
        return cls(
            utc_offset_hours=data.get("utc_offset_hours", defaults.utc_offset_hours),
            periods=tuple(data.get("periods", defaults.periods)),
            weekdays=tuple(data.get("weekdays", defaults.weekdays)),
            holidays=_iso_dates(data.get("holidays", []), "holidays"),
            makeup_days=_iso_dates(data.get("makeup_days", []), "makeup_days"),
        )

    def _local(self, moment: datetime, name: str) -> datetime:
        # a naive datetime would be read in the server's zone: a hidden dependency on the host
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise InvalidInputError(f"{name} must be an aware datetime", field=name)
        return moment.astimezone(self.zone)

    def _windows(self, day: date) -> list[tuple[datetime, datetime]]:
        """The working periods of `day` as aware local datetimes (none on a day off)."""
        if not self.is_working_day(day):
            return []
        midnight = datetime.combine(day, time.min, self._zone)
        return [(midnight + timedelta(minutes=a), midnight + timedelta(minutes=b)) for a, b in self._minutes]

    def _windows_from(self, local: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Working periods from `local` on, the first clipped to begin there."""
        day = local.date()
        for _ in range(MAX_DAYS):
            for window_start, window_end in self._windows(day):
                if window_end > local:
                    yield max(window_start, local), window_end
            day += timedelta(days=1)


def _minute(value: str) -> int:
    match = _HH_MM.match(value)
    if not match:
        raise InvalidInputError(f"{value!r} is not a time of day like 09:00", field="periods")
    hours, minutes = (int(g) for g in match.groups() if g is not None)
    return hours * 60 + minutes


def _dates(values: Any, name: str) -> frozenset[date]:
    days = frozenset(values)
    # a datetime is a date too, but it never equals one, so it would silently match no day
    if any(not isinstance(d, date) or isinstance(d, datetime) for d in days):
        raise InvalidInputError(f"{name} must be calendar dates", field=name)
    return days


def _iso_dates(values: list[str], name: str) -> frozenset[date]:
    try:
        return frozenset(date.fromisoformat(v) for v in values)
    except (TypeError, ValueError):
        raise InvalidInputError(f"{name} must be ISO dates like 2026-10-01", field=name) from None


def _beyond_horizon() -> InvalidInputError:
    return InvalidInputError(f"the calendar has too little working time within {MAX_DAYS} days", field="calendar")
