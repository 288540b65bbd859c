"""Time limits and clearance rules of relapse monitoring, as data (defaults from county procedures).

Every limit is in working days on the district's working calendar (the issue: "deadlines run on the
working calendar"); the public notice's minimum too, which makes it at least as long as the
procedures' "5 days" on either reading. docs/monitoring.md gives the sources and the reasoning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from domain.calendar.working import TimeLimit, TimeUnit
from domain.monitoring.values import Stage

DAYS = TimeUnit.WORKING_DAYS

DEFAULT_LIMITS: dict[Stage, TimeLimit] = {
    Stage.ACCEPT_APPLICATION: TimeLimit(2, DAYS),  # an app application is taken up within 2 days
    Stage.HOME_CHECK: TimeLimit(3, DAYS),  # 入户核实 ≤ 3 days from the clue (or from acceptance)
    Stage.DATA_COMPARISON: TimeLimit(5, DAYS),  # 部门比对 ≤ 5 days from the home check
    Stage.PIPELINE: TimeLimit(15, DAYS),  # the whole pipeline ≤ 15 days from the first clue
}


@dataclass(frozen=True)
class MonitoringPolicy:
    """What the county sets: limits per stage, the notice minimum, and when risk may be cleared."""

    limits: dict[Stage, TimeLimit] = field(default_factory=lambda: dict(DEFAULT_LIMITS))
    notice_minimum: TimeLimit = TimeLimit(5, DAYS)  # 公示不少于5天: approval before it has run is refused
    warn_before: timedelta = timedelta(days=1)  # a day's warning: these limits are counted in days
    stable_income_months: int = 6  # 收入持续稳定6个月以上
    stable_income_checks: int = 2  # a run of stable income needs a check at its start and one since

    def limit(self, stage: Stage) -> TimeLimit:
        return self.limits[stage]
