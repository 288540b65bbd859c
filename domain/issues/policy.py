"""Default time limits and dispatch rules; each can be overridden per category or by settings.

Where the source documents give no number we chose what Beijing's 吹哨报到 practice and the
national digital city-management standard suggest; docs/dispatch.md gives the reasoning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from domain.calendar.working import TimeLimit, TimeUnit
from domain.issues.values import Stage, WhistleKind

DEFAULT_STAGE_LIMITS: dict[Stage, TimeLimit] = {
    Stage.ACCEPT: TimeLimit(2, TimeUnit.WORKING_HOURS),  # register or decline a report
    Stage.HANDLE_IN_GRID: TimeLimit(1, TimeUnit.WORKING_DAYS),
    Stage.CHECK_IN: TimeLimit(2, TimeUnit.WORKING_HOURS),  # routine whistle
    Stage.HANDLE: TimeLimit(3, TimeUnit.WORKING_DAYS),
    Stage.VERIFY: TimeLimit(1, TimeUnit.WORKING_DAYS),  # on-site check after feedback
}


@dataclass(frozen=True)
class DispatchPolicy:
    """Rules that are the street's to set, not the category's."""

    hard_case_check_in: TimeLimit = TimeLimit(4, TimeUnit.WORKING_HOURS)
    emergency_check_in: TimeLimit = TimeLimit(30, TimeUnit.CALENDAR_MINUTES)
    warn_before: timedelta = timedelta(hours=1)
    silence: TimeLimit = TimeLimit(1, TimeUnit.WORKING_DAYS)  # checked in, then no word: remind
    reopen_window: timedelta = timedelta(days=7)
    duplicate_window: timedelta = timedelta(hours=24)
    basically_satisfied: float = 0.9  # how much a 基本满意 counts towards satisfaction
    weights: dict[str, float] = field(default_factory=lambda: {"response": 0.1, "resolution": 0.5, "satisfaction": 0.4})

    def check_in_limit(self, kind: WhistleKind, category_limit: TimeLimit) -> TimeLimit:
        if kind == WhistleKind.EMERGENCY:
            return self.emergency_check_in
        if kind == WhistleKind.HARD_CASE:
            return self.hard_case_check_in
        return category_limit
