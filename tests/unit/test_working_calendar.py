"""The working calendar: deadlines in working hours and days, holidays, make-up days (调休)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.calendar.working import TimeLimit, TimeUnit, WorkingCalendar
from domain.shared.errors import InvalidInputError

CST = timezone(timedelta(hours=8))

# Invented test data in the shape of a National Day week, not the State Council's real notice:
# 1-7 October 2026 are holidays; Sunday 27 September and Saturday 10 October are make-up working days.
CALENDAR = WorkingCalendar(
    holidays=frozenset(date(2026, 10, day) for day in range(1, 8)),
    makeup_days=frozenset({date(2026, 9, 27), date(2026, 10, 10)}),
)


def local(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A moment given in China Standard Time, as the aware UTC datetime the calendar takes."""
    return datetime(2026, month, day, hour, minute, tzinfo=CST).astimezone(UTC)


def hours(amount: int) -> TimeLimit:
    return TimeLimit(amount, TimeUnit.WORKING_HOURS)


def days(amount: int) -> TimeLimit:
    return TimeLimit(amount, TimeUnit.WORKING_DAYS)


# --- working hours ---------------------------------------------------------------------------


def test_working_hours_skip_the_lunch_break() -> None:
    assert CALENDAR.add(local(9, 14, 11), hours(2)) == local(9, 14, 14, 30)  # Monday


def test_working_hours_skip_the_night() -> None:
    assert CALENDAR.add(local(9, 15, 17), hours(1)) == local(9, 16, 9, 30)


def test_working_hours_skip_the_weekend() -> None:
    assert CALENDAR.add(local(9, 18, 16, 30), hours(2)) == local(9, 21, 10)  # Friday to Monday


def test_working_hours_skip_a_holiday_week() -> None:
    # half an hour on Wednesday 30 September, the rest on Thursday 8 October
    assert CALENDAR.add(local(9, 30, 17), hours(2)) == local(10, 8, 10, 30)


def test_working_hours_run_on_a_makeup_saturday() -> None:
    assert CALENDAR.add(local(10, 9, 17), hours(1)) == local(10, 10, 9, 30)


def test_working_hours_run_on_a_makeup_sunday() -> None:
    assert CALENDAR.add(local(9, 26, 10), hours(1)) == local(9, 27, 10)


def test_a_limit_that_fills_a_period_ends_at_its_end_not_at_the_next_start() -> None:
    assert CALENDAR.add(local(9, 14, 11), hours(1)) == local(9, 14, 12)


@pytest.mark.parametrize(
    ("start", "deadline"),
    [
        (local(9, 14, 7), local(9, 14, 10)),  # before the working day
        (local(9, 14, 12, 30), local(9, 14, 14, 30)),  # at lunch
        (local(9, 14, 20), local(9, 15, 10)),  # in the evening
        (local(9, 19, 10), local(9, 21, 10)),  # on an ordinary Saturday
        (local(10, 3, 10), local(10, 8, 10)),  # on a holiday
    ],
)
def test_working_hours_from_outside_working_time_start_at_the_next_period(start: datetime, deadline: datetime) -> None:
    assert CALENDAR.add(start, hours(1)) == deadline


def test_deadlines_are_utc_whatever_zone_the_start_is_in() -> None:
    start = datetime(2026, 9, 14, 11, tzinfo=CST)
    for limit in (hours(1), days(1), TimeLimit(5, TimeUnit.CALENDAR_MINUTES)):
        assert CALENDAR.add(start, limit).tzinfo is UTC


def test_a_large_limit_is_counted_per_period_not_per_minute() -> None:
    start = local(9, 1, 9)
    deadline = CALENDAR.add(start, hours(2000))
    assert CALENDAR.working_time_between(start, deadline) == timedelta(hours=2000)


def test_a_limit_beyond_ten_years_of_working_time_is_refused() -> None:
    with pytest.raises(InvalidInputError) as refused:
        CALENDAR.add(local(9, 1, 9), hours(100_000))
    assert refused.value.field == "calendar"


# --- working days: the day of receipt does not count; due at the end of the Nth working day ---


def test_the_day_of_receipt_does_not_count() -> None:
    assert CALENDAR.add(local(9, 14, 8), days(1)) == local(9, 15, 17, 30)
    assert CALENDAR.add(local(9, 14, 16), days(1)) == local(9, 15, 17, 30)


def test_working_days_skip_the_weekend() -> None:
    assert CALENDAR.add(local(9, 17, 10), days(2)) == local(9, 21, 17, 30)  # Thursday to Monday


def test_working_days_from_a_day_off_count_the_next_working_day_as_day_one() -> None:
    assert CALENDAR.add(local(9, 19, 10), days(1)) == local(9, 21, 17, 30)  # Saturday to Monday


def test_working_days_skip_a_holiday_week_and_count_a_makeup_saturday() -> None:
    # Thursday 8, Friday 9 and make-up Saturday 10 October are days 1, 2 and 3
    assert CALENDAR.add(local(9, 30, 10), days(3)) == local(10, 10, 17, 30)


def test_working_days_count_a_makeup_sunday() -> None:
    assert CALENDAR.add(local(9, 25, 10), days(1)) == local(9, 27, 17, 30)  # Friday to make-up Sunday


def test_working_days_use_the_local_date_not_the_utc_date() -> None:
    # 01:00 on Tuesday in Beijing is still Monday in UTC: Tuesday is the day of receipt
    assert CALENDAR.add(local(9, 15, 1), days(1)) == local(9, 16, 17, 30)


# --- calendar units ----------------------------------------------------------------------------


def test_calendar_minutes_ignore_the_calendar() -> None:
    emergency = TimeLimit(30, TimeUnit.CALENDAR_MINUTES)
    assert CALENDAR.add(local(9, 20, 3), emergency) == local(9, 20, 3, 30)  # 3am on a Sunday


def test_calendar_hours_ignore_holidays() -> None:
    assert CALENDAR.add(local(10, 1, 10), TimeLimit(24, TimeUnit.CALENDAR_HOURS)) == local(10, 2, 10)


# --- time left -------------------------------------------------------------------------------


def test_working_time_between_counts_only_working_periods() -> None:
    assert CALENDAR.working_time_between(local(9, 14, 10), local(9, 14, 14)) == timedelta(hours=2, minutes=30)


def test_working_time_between_is_negative_when_the_deadline_has_passed() -> None:
    assert CALENDAR.working_time_between(local(9, 14, 14), local(9, 14, 10)) == -timedelta(hours=2, minutes=30)


def test_working_time_between_skips_the_weekend() -> None:
    assert CALENDAR.working_time_between(local(9, 18, 16, 30), local(9, 21, 10)) == timedelta(hours=2)


def test_working_time_between_skips_holidays_and_counts_makeup_days() -> None:
    # Wednesday 30 September 17:00 to make-up Saturday 10 October 10:00: 0.5 + 7 + 7 + 1 hours
    assert CALENDAR.working_time_between(local(9, 30, 17), local(10, 10, 10)) == timedelta(hours=15, minutes=30)


def test_no_working_time_passes_outside_working_hours() -> None:
    assert CALENDAR.working_time_between(local(9, 19, 8), local(9, 20, 20)) == timedelta()
    assert CALENDAR.working_time_between(local(9, 14, 10), local(9, 14, 10)) == timedelta()


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(InvalidInputError) as refused:
        CALENDAR.add(datetime(2026, 9, 14, 10), hours(1))  # naive on purpose
    assert refused.value.field == "start"


# --- serialisation -----------------------------------------------------------------------------


def test_a_calendar_survives_a_round_trip_through_an_event_payload() -> None:
    payload = json.loads(json.dumps(CALENDAR.to_dict()))
    assert payload["holidays"][0] == "2026-10-01"
    assert payload["periods"] == [["09:00", "12:00"], ["13:30", "17:30"]]
    assert WorkingCalendar.from_dict(payload) == CALENDAR


def test_a_time_limit_survives_a_round_trip_through_an_event_payload() -> None:
    limit = TimeLimit(3, TimeUnit.WORKING_DAYS)
    payload = json.loads(json.dumps(limit.to_dict()))
    assert payload == {"amount": 3, "unit": "working_days"}
    assert TimeLimit.from_dict(payload) == limit


def test_a_calendar_built_from_lists_equals_one_built_from_tuples() -> None:
    built = WorkingCalendar(periods=[["09:00", "12:00"], ["13:30", "17:30"]], weekdays=[0, 1, 2, 3, 4])  # type: ignore[arg-type]
    assert built == WorkingCalendar()
    assert hash(built) == hash(WorkingCalendar())


def test_an_old_payload_without_newer_fields_loads_with_defaults() -> None:
    assert WorkingCalendar.from_dict({"holidays": ["2026-10-01"]}).holidays == {date(2026, 10, 1)}


# --- validation --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"periods": (("09:00", "12:00"), ("11:00", "17:30"))}, "periods"),  # overlapping
        ({"periods": (("13:30", "17:30"), ("09:00", "12:00"))}, "periods"),  # descending
        ({"periods": (("12:00", "09:00"),)}, "periods"),  # ends before it starts
        ({"periods": (("9am", "12:00"),)}, "periods"),
        ({"periods": (("24:00", "24:00"),)}, "periods"),
        ({"periods": ()}, "periods"),
        ({"weekdays": (0, 7)}, "weekdays"),
        ({"weekdays": (-1,)}, "weekdays"),
        ({"weekdays": ()}, "weekdays"),
        ({"weekdays": (0, 0)}, "weekdays"),
        ({"utc_offset_hours": 15}, "utc_offset_hours"),
        ({"holidays": frozenset({date(2026, 10, 10)}), "makeup_days": frozenset({date(2026, 10, 10)})}, "makeup_days"),
        ({"holidays": frozenset({datetime(2026, 10, 1, tzinfo=UTC)})}, "holidays"),
    ],
)
def test_an_invalid_calendar_is_refused_naming_the_field(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInputError) as refused:
        WorkingCalendar(**kwargs)
    assert refused.value.field == field


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"amount": 0, "unit": "working_hours"}, "amount"),
        ({"amount": -2, "unit": "working_days"}, "amount"),
        ({"amount": 1.5, "unit": "working_days"}, "amount"),
        ({"amount": 2, "unit": "fortnights"}, "unit"),
        ({"unit": "working_days"}, "amount"),
    ],
)
def test_an_invalid_time_limit_is_refused_naming_the_field(payload: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInputError) as refused:
        TimeLimit.from_dict(payload)
    assert refused.value.field == field


def test_a_period_may_run_to_midnight() -> None:
    round_the_clock = WorkingCalendar(periods=(("00:00", "24:00"),), weekdays=tuple(range(7)))
    assert round_the_clock.add(local(9, 19, 23), hours(2)) == local(9, 20, 1)


# --- properties --------------------------------------------------------------------------------

moments = st.datetimes(min_value=datetime(2026, 9, 1), max_value=datetime(2026, 11, 30), timezones=st.just(UTC))
PERIODS = [(time.fromisoformat(a), time.fromisoformat(b)) for a, b in CALENDAR.periods]


def _in_or_at_end_of_a_period(moment: datetime) -> bool:
    there = moment.astimezone(CST)
    return CALENDAR.is_working_day(there.date()) and any(a < there.time() <= b for a, b in PERIODS)


@settings(max_examples=200, deadline=None, database=None)
@given(start=moments, amount=st.integers(min_value=1, max_value=60))
def test_adding_working_hours_uses_exactly_that_much_working_time(start: datetime, amount: int) -> None:
    deadline = CALENDAR.add(start, hours(amount))
    assert CALENDAR.working_time_between(start, deadline) == timedelta(hours=amount)
    assert CALENDAR.working_time_between(deadline, start) == -timedelta(hours=amount)
    assert _in_or_at_end_of_a_period(deadline)


@settings(max_examples=100, deadline=None, database=None)
@given(start=moments, amount=st.integers(min_value=1, max_value=10))
def test_working_days_end_at_the_close_of_a_working_day_after_the_day_of_receipt(start: datetime, amount: int) -> None:
    deadline = CALENDAR.add(start, days(amount)).astimezone(CST)
    assert CALENDAR.is_working_day(deadline.date())
    assert deadline.time() == PERIODS[-1][1]
    assert deadline.date() > start.astimezone(CST).date()


@settings(max_examples=100, deadline=None, database=None)
@given(moments=st.lists(moments, min_size=3, max_size=3).map(sorted))
def test_working_time_adds_up_across_an_intermediate_moment(moments: list[datetime]) -> None:
    a, b, c = moments
    between = CALENDAR.working_time_between
    assert between(a, b) + between(b, c) == between(a, c)


def _walked(calendar: WorkingCalendar, a: datetime, b: datetime) -> timedelta:
    """Working time from a to b (a <= b) by visiting every day: the slow, obvious reading."""
    zone, total = calendar.zone, timedelta()
    day = a.astimezone(zone).date()
    while day <= b.astimezone(zone).date():
        if calendar.is_working_day(day):
            for start, end in calendar.periods:
                opens = datetime.combine(day, time.fromisoformat(start), zone)
                closes = datetime.combine(day, time.fromisoformat(end), zone)
                total += max(timedelta(), min(closes, b) - max(opens, a))
        day += timedelta(days=1)
    return total


long_moments = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC))
some_days = st.frozensets(st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31)), max_size=40)


@settings(max_examples=150, deadline=None, database=None)
@given(
    ends=st.lists(long_moments, min_size=2, max_size=2).map(sorted),
    weekdays=st.sets(st.integers(0, 6), min_size=1).map(lambda s: tuple(sorted(s))),
    holidays=some_days,
    makeup=some_days,
)
def test_working_time_over_months_equals_visiting_every_day(
    ends: list[datetime], weekdays: tuple[int, ...], holidays: frozenset[date], makeup: frozenset[date]
) -> None:
    calendar = WorkingCalendar(weekdays=weekdays, holidays=holidays, makeup_days=makeup - holidays)
    a, b = ends
    assert calendar.working_time_between(a, b) == _walked(calendar, a, b)
    assert calendar.working_time_between(b, a) == -_walked(calendar, a, b)
