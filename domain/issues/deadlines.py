"""How each issue fact starts, stops and moves deadlines: one table, read by the aggregate and by
the issue read model alike, so what the watcher checks and what the queue shows cannot drift.

A deadline's key is its stage (`accept`, `handle_in_grid`, `verify`), or stage and department
for a dispatch (`check_in:CG`, `handle:CG`). How long each stage may take is
`domain/issues/policy.py` (defaults) and the category (overrides), counted on the working calendar.
"""

from __future__ import annotations

from collections.abc import Callable, Set
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from domain.issues.values import Stage

# How far one extension (延期) may move a deadline: a season's engineering work, not a way to shelve
# an issue (parking, 挂账, is that). A longer need is asked for again, and each grant is in the trail.
MAX_EXTENSION = timedelta(days=90)

Deadlines = dict[str, datetime]


def key(stage: str, department: str | None = None) -> str:
    return f"{stage}:{department}" if department else str(stage)


@dataclass(frozen=True)
class Finding:
    """A deadline the watcher must record: missed (超期) or near (预警)."""

    missed: bool
    stage: str
    department: str | None
    due: datetime


def findings(deadlines: Deadlines, flagged: Set[str], *, at: datetime, warn_before: timedelta) -> list[Finding]:
    """Each deadline passed or within `warn_before` of `at`, soonest first, unless already recorded."""
    found = []
    for name, due in sorted(deadlines.items(), key=lambda item: item[1]):
        stage, _, department = name.partition(":")
        missed = due <= at
        if (missed or due <= at + warn_before) and flag(missed, stage, department or None, due) not in flagged:
            found.append(Finding(missed, stage, department or None, due))
    return found


def flag(missed: bool, stage: str, department: str | None, due: datetime) -> str:
    """How the aggregate remembers that a warning or a miss was recorded, so it is recorded once."""
    return f"{'missed' if missed else 'warned'}|{stage}:{department or ''}|{due.isoformat()}"


def follow(deadlines: Deadlines, event: Any) -> None:
    """Changes `deadlines` as the fact `event` says; facts that touch no deadline leave it alone."""
    rule = RULES.get(type(event).__name__)
    if rule is not None:
        rule(deadlines, event)


def _clear(d: Deadlines, _: Any) -> None:
    d.clear()


def _accepted(d: Deadlines, _: Any) -> None:
    d.pop(key(Stage.ACCEPT), None)


def _handling(d: Deadlines, e: Any) -> None:
    d.clear()
    d[key(Stage.HANDLE_IN_GRID)] = e.handle_due


def _whistle(d: Deadlines, e: Any) -> None:
    d.pop(key(Stage.HANDLE_IN_GRID), None)
    for department in [e.lead, *e.co_handlers]:
        d[key(Stage.CHECK_IN, department)] = e.check_in_due
        d[key(Stage.HANDLE, department)] = e.handle_due


def _checked_in(d: Deadlines, e: Any) -> None:
    d.pop(key(Stage.CHECK_IN, e.department), None)


def _fed_back(d: Deadlines, e: Any) -> None:
    d.pop(key(Stage.HANDLE_IN_GRID) if e.department is None else key(Stage.HANDLE, e.department), None)
    if e.verify_due is not None:  # the last one still working fed back: the grid verifies now
        d[key(Stage.VERIFY)] = e.verify_due


def _returned(d: Deadlines, e: Any) -> None:
    d.pop(key(Stage.CHECK_IN, e.department), None)
    d.pop(key(Stage.HANDLE, e.department), None)


def _redispatched(d: Deadlines, e: Any) -> None:
    d.pop(key(Stage.CHECK_IN, e.from_department), None)
    d.pop(key(Stage.HANDLE, e.from_department), None)
    d[key(Stage.CHECK_IN, e.to_department)] = e.check_in_due
    d[key(Stage.HANDLE, e.to_department)] = e.handle_due


def _verification_failed(d: Deadlines, e: Any) -> None:
    d.pop(key(Stage.VERIFY), None)
    if not e.departments:  # the grid's own handling goes back to the grid
        d[key(Stage.HANDLE_IN_GRID)] = e.handle_due
    for department in e.departments:
        d[key(Stage.HANDLE, department)] = e.handle_due


def _reopened(d: Deadlines, e: Any) -> None:
    d.clear()
    d[key(Stage.ACCEPT)] = e.accept_due


def _extended(d: Deadlines, e: Any) -> None:
    d[key(e.stage, e.department)] = e.until


def _unparked(d: Deadlines, e: Any) -> None:
    """The deadlines still running when parked move by the parked time; missed ones stay missed."""
    for name in e.shifted:
        d[name] += timedelta(seconds=e.paused_seconds)


RULES: dict[str, Callable[[Deadlines, Any], None]] = {
    "Accepted": _accepted,
    "Declined": _clear,
    "Confirmed": _accepted,
    "Dismissed": _clear,
    "HandlingStarted": _handling,
    "WhistleBlown": _whistle,
    "DepartmentCheckedIn": _checked_in,
    "FeedbackGiven": _fed_back,
    "DispatchReturned": _returned,
    "Redispatched": _redispatched,
    "VerificationPassed": _clear,
    "VerificationFailed": _verification_failed,
    "Closed": _clear,
    "Reopened": _reopened,
    "ExtensionGranted": _extended,
    "Unparked": _unparked,
    "MergedInto": _clear,
}
