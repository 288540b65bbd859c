"""What the measures read: the read models, the grid as it is now, the dispatch policy, the district's zone."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from sqlalchemy import Engine

from domain.grid.levels import Level
from domain.grid.tree import GridTree, NodeView
from domain.issues.policy import DispatchPolicy

RATES_WINDOW_DAYS = 30  # a dispatch rate on day D counts the dispatches of D and the 29 days before


@dataclass(frozen=True)
class Source:
    """What the measures read: the read models, the grid, the dispatch policy and the district's zone."""

    engine: Engine
    tree: GridTree
    policy: DispatchPolicy
    zone: tzinfo
    now: datetime

    def rates_window(self, on: date) -> tuple[datetime, datetime]:
        """From the start of the window's first day to the last moment of `on`, in the district's zone."""
        end = datetime.combine(on + timedelta(days=1), time.min, self.zone) - timedelta(microseconds=1)
        return datetime.combine(on - timedelta(days=RATES_WINDOW_DAYS - 1), time.min, self.zone), end


MeasureFn = Callable[[Source, str, date], float | None]


def descendants_at(tree: GridTree, code: str, level: Level) -> list[NodeView]:
    """The active nodes of `level` below `code`, in code order."""
    found: list[NodeView] = []
    frontier = tree.children(code)
    while frontier:
        found.extend(v for v in frontier if v.level == level)
        frontier = [c for v in frontier if v.level < level for c in tree.children(v.code)]
    return sorted(found, key=lambda v: v.code)
