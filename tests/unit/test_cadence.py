"""The cadence engine: calendar periods, standings on a day, and properties over any log."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.cadence.compliance import SEVERITY, Standing, assess, worst
from domain.cadence.periods import Period, Window, window_of, windows_from
from domain.cadence.policy import CadencePolicy, Obligation
from domain.pairings.policy import DEFAULT_CADENCE
from domain.shared.errors import InvalidInputError

WEEKLY = CadencePolicy((Obligation("contact", 1, Period.WEEK, warn_days=2),))
MONDAY = date(2026, 3, 2)


def standing(policy: CadencePolicy, done: list[tuple[str, date]], on: date, start: date = MONDAY) -> Standing:
    return worst(assess(policy, start=start, done=done, on=on))


def test_a_weekly_contact_missed_is_overdue_the_day_after_the_week_ends() -> None:
    sunday = MONDAY + timedelta(days=6)
    assert standing(WEEKLY, [], MONDAY + timedelta(days=3)) is Standing.ON_TRACK
    assert standing(WEEKLY, [], sunday - timedelta(days=2)) is Standing.DUE_SOON
    assert standing(WEEKLY, [], sunday) is Standing.DUE_SOON  # the last day still counts
    (late,) = assess(WEEKLY, start=MONDAY, done=[], on=sunday + timedelta(days=1))
    assert (late.standing, late.due, late.days_late, late.missed_windows) == (Standing.OVERDUE, sunday, 1, 1)


def test_lateness_counts_from_the_first_of_a_run_of_missed_periods() -> None:
    (late,) = assess(WEEKLY, start=MONDAY, done=[], on=MONDAY + timedelta(days=22))
    assert (late.due, late.days_late, late.missed_windows) == (date(2026, 3, 8), 16, 3)


def test_a_late_catch_up_clears_overdue_but_the_miss_stays_in_the_rate() -> None:
    done = [("contact", date(2026, 3, 10))]
    (caught,) = assess(WEEKLY, start=MONDAY, done=done, on=date(2026, 3, 10))
    assert (caught.standing, caught.missed_windows) == (Standing.MET, 1)
    (week_after,) = assess(WEEKLY, start=MONDAY, done=done, on=date(2026, 3, 16))
    assert (week_after.met_windows, week_after.missed_windows) == (1, 1)


def test_a_start_inside_a_period_joins_it_to_the_next() -> None:
    wednesday = date(2026, 3, 4)
    assert next(iter(windows_from(Period.WEEK, wednesday))).last == date(2026, 3, 15)
    assert next(iter(windows_from(Period.MONTH, date(2026, 3, 1)))).last == date(2026, 3, 31)
    assert next(iter(windows_from(Period.QUARTER, date(2026, 3, 2)))).last == date(2026, 6, 30)


def test_contacts_dated_after_the_day_asked_about_do_not_count() -> None:
    assert standing(WEEKLY, [("contact", date(2026, 3, 9))], date(2026, 3, 9)) is Standing.MET
    assert standing(WEEKLY, [("contact", date(2026, 3, 9))], date(2026, 3, 8)) is Standing.DUE_SOON


def test_an_ended_obligation_is_judged_only_up_to_its_end() -> None:
    (ended,) = assess(WEEKLY, start=MONDAY, done=[("contact", MONDAY)], on=date(2026, 4, 30), until=date(2026, 3, 11))
    assert (ended.standing, ended.met_windows, ended.missed_windows, ended.done) == (Standing.MET, 1, 0, 0)


def test_a_visit_counts_as_a_contact_but_not_the_other_way_round() -> None:
    statuses = {s.kind: s for s in assess(DEFAULT_CADENCE, start=MONDAY, done=[("visit_talk", MONDAY)], on=MONDAY)}
    assert statuses["contact"].standing is Standing.MET
    assert statuses["visit_talk"].standing is Standing.MET
    others = assess(DEFAULT_CADENCE, start=MONDAY, done=[("contact", MONDAY)], on=MONDAY)
    assert [s.standing for s in others] == [Standing.MET, Standing.ON_TRACK, Standing.ON_TRACK]


def test_a_policy_is_checked_when_it_is_written() -> None:
    with pytest.raises(InvalidInputError):
        Obligation("talk", 0, Period.MONTH)
    with pytest.raises(InvalidInputError):
        CadencePolicy((Obligation("talk", 1, Period.MONTH), Obligation("talk", 2, Period.YEAR)))


days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
periods = st.sampled_from(list(Period))
logs = st.lists(st.tuples(st.sampled_from(["contact", "visit"]), days), max_size=30)
policies = st.builds(
    lambda per, n, warn: CadencePolicy((Obligation("contact", n, per, warn_days=warn),)),
    periods,
    st.integers(1, 3),
    st.integers(0, 10),
)


@given(periods, days)
def test_periods_hold_their_day_and_follow_each_other_without_gaps(period: Period, start: date) -> None:
    assert start in window_of(period, start)
    runs = iter(windows_from(period, start))
    first = next(runs)
    assert first.first == start
    previous = first
    for _ in range(5):
        window = next(runs)
        assert window.first == previous.last + timedelta(days=1)
        assert window == window_of(period, window.first)
        previous = window


@given(policies, days, logs, st.integers(0, 800), days)
def test_one_more_activity_never_makes_the_standing_worse(
    policy: CadencePolicy, start: date, log: list[tuple[str, date]], ahead: int, extra: date
) -> None:
    on = start + timedelta(days=ahead)
    (before,) = assess(policy, start=start, done=log, on=on)
    (after,) = assess(policy, start=start, done=[*log, ("contact", extra)], on=on)
    assert SEVERITY[after.standing] <= SEVERITY[before.standing]
    assert after.missed_windows <= before.missed_windows
    assert after.closed_windows == before.closed_windows


@given(policies, days, logs, st.integers(0, 800))
def test_what_is_dated_after_the_day_never_changes_the_answer(
    policy: CadencePolicy, start: date, log: list[tuple[str, date]], ahead: int
) -> None:
    on = start + timedelta(days=ahead)
    known = [(kind, day) for kind, day in log if day <= on]
    assert assess(policy, start=start, done=log, on=on) == assess(policy, start=start, done=known, on=on)


@given(periods, st.integers(1, 3), days, st.integers(0, 800))
def test_meeting_every_period_is_never_overdue_and_rates_one(period: Period, n: int, start: date, ahead: int) -> None:
    policy = CadencePolicy((Obligation("contact", n, period),))
    on = start + timedelta(days=ahead)
    log: list[tuple[str, date]] = []
    for window in windows_from(period, start):
        if window.first > on:
            break
        log += [("contact", window.first)] * n
    (status,) = assess(policy, start=start, done=log, on=on)
    assert status.standing is Standing.MET
    assert status.missed_windows == 0
    closed = sum(1 for w in _until(period, start, on) if w.last < on)
    assert status.met_windows == closed


@given(periods, days, st.integers(0, 800))
def test_an_empty_log_is_overdue_from_the_day_after_the_first_due_date(period: Period, start: date, ahead: int) -> None:
    on = start + timedelta(days=ahead)
    first = next(iter(windows_from(period, start)))
    (status,) = assess(CadencePolicy((Obligation("contact", 1, period),)), start=start, done=[], on=on)
    assert (status.standing is Standing.OVERDUE) == (on > first.last)
    if on > first.last:
        assert status.due == first.last
        assert status.days_late == (on - first.last).days


def _until(period: Period, start: date, on: date) -> list[Window]:
    found: list[Window] = []
    for window in windows_from(period, start):
        if window.first > on:
            return found
        found.append(window)
    return found
