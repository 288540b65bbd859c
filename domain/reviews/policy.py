"""Joint qualification review rules as data (county 联审 rules, DOMAIN.md "figures").

Reviewing units are department codes: the same codes that scope a `department` role (and name a
catalogue Department), so a unit's staff answer with the account they already have. The units do
not have to be registered in the catalogue as dispatch departments: a procuratorate or a court
takes no dispatches. The default list and the answer limit are data; a start may name its own units.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from domain.calendar.working import TimeLimit, TimeUnit

# code -> name; ~12 units, as the county rules list them.
DEFAULT_UNITS: dict[str, str] = {
    "JW": "纪委监委",
    "ZZB": "组织部",
    "ZFW": "政法委",
    "GA": "公安",
    "JCY": "检察院",
    "FY": "法院",
    "SF": "司法",
    "XFJ": "信访",  # not XF: that code is 消防 in most districts
    "MZ": "民政",
    "WJ": "卫健",
    "SJ": "市场监管",
    "SW": "税务",
}

# Election rounds (换届) by the day each begins; the current round on a day is the latest begun.
ROUNDS: dict[str, date] = {"2021": date(2021, 1, 1), "2026": date(2026, 1, 1)}

MAX_BASIS = 2000  # characters of a unit's written basis (审查意见)
MAX_UNITS = 30


@dataclass(frozen=True)
class ReviewPolicy:
    units: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_UNITS))
    answer_limit: TimeLimit = TimeLimit(5, TimeUnit.WORKING_DAYS)  # each unit answers within 5 working days
    warn_before: timedelta = timedelta(days=1)  # a reminder (提醒) a day before
    rounds: dict[str, date] = field(default_factory=lambda: dict(ROUNDS))

    def round_on(self, day: date) -> str | None:
        begun = [(start, name) for name, start in self.rounds.items() if start <= day]
        return max(begun)[1] if begun else None
