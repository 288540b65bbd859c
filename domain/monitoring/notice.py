"""The public notice (公示) of a case: what a village or community posts before the decision.

County procedures: the notice never shows ID numbers, phones, bank accounts or health. It is built
here from structured fields only (the category and the place) and carries no text any user typed,
so nothing written in a step's findings or a reason can reach it. `FIELDS` is all it exposes.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from domain.monitoring.values import CATEGORY_NAMES, MonitoredCategory

NEVER_SHOWN = ("id_number", "phone", "bank_account", "health")  # the procedures' words, for tests and docs


@dataclass(frozen=True)
class Notice:
    case_id: str
    category: MonitoredCategory
    place: str  # names of the community and building, never a room or a person
    posted_on: date
    runs_until: date

    @property
    def text(self) -> str:
        return (
            f"{self.place}一户经入户核实、部门信息比对和民主评议，拟纳入防返贫监测对象"
            f"（{CATEGORY_NAMES[self.category]}）。公示期自{self.posted_on:%Y年%m月%d日}"
            f"至{self.runs_until:%Y年%m月%d日}。如有异议，请在公示期内向所在村（社区）反映。"
        )


FIELDS = (*(f.name for f in fields(Notice)), "text")  # everything a notice shows
