"""Village and community standards per grid node, as of a date: the share of households meeting
each item of 一超两不愁三保障三有, and poverty incidence (households below the national line ÷
households whose income was checked).

Each household counts under the node of its latest recorded check; each item is judged from its
latest check dated on or before the date, by the same rule as a household's standing (`judge`),
with the income line of that date's year.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Engine, or_, select

from domain.standards.items import Item, ItemStatus, Judgement, judge
from projections.monitoring.tables import standard_checks

LEVELS = ("street", "community", "compound", "building")


@dataclass
class NodeStandards:
    node: str
    households: int = 0  # households with any check dated on or before the date
    met: dict[Item, int] = field(default_factory=lambda: dict.fromkeys(Item, 0))
    income_checked: int = 0
    below_line: int = 0
    meeting_all: int = 0

    def share(self, item: Item) -> float | None:
        return self.met[item] / self.households if self.households else None

    @property
    def poverty_incidence(self) -> float | None:
        return self.below_line / self.income_checked if self.income_checked else None


def node_standards(
    engine: Engine, code: str, children: list[str], *, on: date, position: int | None = None
) -> tuple[NodeStandards, list[NodeStandards]]:
    """The node's figures and each child's, from checks recorded up to log `position` (all if None)."""
    column = or_(*(standard_checks.c[level] == code for level in LEVELS))
    query = select(standard_checks).where(column, standard_checks.c.checked_on <= on)
    if position is not None:
        query = query.where(standard_checks.c.position <= position)
    with engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(query.order_by(standard_checks.c.position))]
    households = _households(rows)
    total = NodeStandards(code)
    by_child = {child: NodeStandards(child) for child in children}
    for place, latest in households.values():
        judged = {item: judge(item, ItemStatus(c["status"]), c["measure"], on.year) for item, c in latest.items()}
        for figures in [total, *(by_child[p] for p in place if p in by_child)]:
            _count(figures, judged)
    return total, list(by_child.values())


def _households(rows: list[dict[str, Any]]) -> dict[str, tuple[set[str], dict[Item, dict[str, Any]]]]:
    """Per household: the nodes of its latest recorded check, and the latest check of each item."""
    found: dict[str, tuple[set[str], dict[Item, dict[str, Any]]]] = {}
    for row in rows:  # in log order: a later record wins a tie on the date
        place, latest = found.setdefault(row["household_id"], (set(), {}))
        place.clear()
        place.update(row[level] for level in LEVELS if row[level])
        item = Item(row["item"])
        if item not in latest or row["checked_on"] >= latest[item]["checked_on"]:
            latest[item] = row
    return found


def _count(figures: NodeStandards, judged: dict[Item, Judgement]) -> None:
    figures.households += 1
    for item, judgement in judged.items():
        if judgement is Judgement.MET:
            figures.met[item] += 1
    if Item.INCOME in judged:
        figures.income_checked += 1
        if judged[Item.INCOME] is not Judgement.MET:
            figures.below_line += 1
    if len(judged) == len(Item) and all(j is Judgement.MET for j in judged.values()):
        figures.meeting_all += 1
