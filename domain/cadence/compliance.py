"""Compliance as of a date: a pure function of the policy, the start date and the dated log.

For each obligation, the window holding the day asked about is judged with the windows closed
before it. A closed window that fell short is a miss; misses stay in the rate for good, but the
obligation stops showing overdue once the current window is met (a late catch-up counts).

    met       the current window already has its N
    on_track  not yet, and its last day is further off than the warning
    due_soon  not yet, and its last day is within the warning
    overdue   the window(s) just closed fell short and the current one is not met yet;
              `due` is the last day of the first window of that run of misses, `days_late` counts from it
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from domain.cadence.periods import Period, Window, windows_from
from domain.cadence.policy import CadencePolicy, Obligation


class Standing(StrEnum):
    MET = "met"  # 已完成
    ON_TRACK = "on_track"  # 进行中
    DUE_SOON = "due_soon"  # 即将到期
    OVERDUE = "overdue"  # 已逾期


SEVERITY = {Standing.MET: 0, Standing.ON_TRACK: 1, Standing.DUE_SOON: 2, Standing.OVERDUE: 3}


@dataclass(frozen=True)
class ObligationStatus:
    kind: str
    at_least: int
    per: Period
    standing: Standing
    due: date | None  # the day it fell due (overdue) or falls due (the current window's last day)
    days_late: int  # 0 unless overdue
    done: int  # counted in the current window (0 once the subject has ended)
    met_windows: int  # closed windows that had their N
    missed_windows: int  # closed windows that fell short

    @property
    def closed_windows(self) -> int:
        return self.met_windows + self.missed_windows


def assess(
    policy: CadencePolicy,
    *,
    start: date,
    done: Iterable[tuple[str, date]],
    on: date,
    until: date | None = None,
) -> list[ObligationStatus]:
    """Each obligation's standing on day `on`, from the activities (kind, date) dated on or before it.

    `until` is the day the obligations stop (a pairing ended): windows not closed before it are
    not judged, and nothing after it is current.
    """
    log = sorted((day, kind) for kind, day in done if day <= on)
    return [_one(o, start, [day for day, kind in log if o.counts(kind)], on, until) for o in policy.obligations]


def worst(statuses: Iterable[ObligationStatus]) -> Standing:
    """The standing of the whole: its worst obligation (met when there is none)."""
    return max((s.standing for s in statuses), key=SEVERITY.__getitem__, default=Standing.MET)


def _one(obligation: Obligation, start: date, days: list[date], on: date, until: date | None) -> ObligationStatus:
    running = until is None or on < until  # the obligation still ran on the day asked about
    met = missed = 0
    streak: Window | None = None  # the first window of the run of misses that ends at the last closed one
    current: Window | None = None
    for window in windows_from(obligation.per, start):
        if window.first > on:
            break
        if window.last >= on or (until is not None and window.last >= until):  # not (ever) judged
            current = window if running else None
            break
        if _count(days, window) >= obligation.at_least:
            met, streak = met + 1, None
        else:
            missed, streak = missed + 1, streak or window
    done = _count(days, current) if current else 0
    late = 0
    if current and done >= obligation.at_least:
        standing, due = Standing.MET, current.last
    elif streak is not None:
        standing, due = Standing.OVERDUE, streak.last
        late = ((on if running or until is None else until) - due).days
    elif current is None:  # not started yet, or ended with its last judged window met
        standing, due = (Standing.ON_TRACK if start > on else Standing.MET), None
    elif on >= current.last - timedelta(days=obligation.warn_days):
        standing, due = Standing.DUE_SOON, current.last
    else:
        standing, due = Standing.ON_TRACK, current.last
    return ObligationStatus(
        obligation.kind, obligation.at_least, obligation.per, standing, due, late, done, met, missed
    )


def _count(days: list[date], window: Window) -> int:
    return bisect_right(days, window.last) - bisect_left(days, window.first)
