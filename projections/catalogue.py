"""The department and category lists, built from catalogue events and kept current by following the log.

Like the grid tree, every process holds one in memory (a district has tens of departments and
hundreds of subclasses) and catches up before answering, so a change made through another
process is listed on the next request.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from domain.application_base import ApplicationBase
from domain.catalogue.model import Category, Department
from projections.log import read_log

CATALOGUE_TOPICS = (
    Department.Registered.TOPIC,
    Department.RemitChanged.TOPIC,
    Category.Defined.TOPIC,
    Category.LimitsChanged.TOPIC,
)


@dataclass
class DepartmentEntry:
    code: str
    name: str
    categories: list[str]
    streets: list[str]  # empty: the whole district

    def serves(self, street: str) -> bool:
        return not self.streets or street in self.streets


@dataclass
class CategoryEntry:
    code: str
    major: str
    name: str
    grid_may_handle: bool
    departments: list[str]
    limits: dict[str, dict[str, Any]] = field(default_factory=dict)


class CatalogueFollower:
    """Holds one process's department and category lists and advances them along the log."""

    def __init__(self, app: ApplicationBase) -> None:
        self._app = app
        self._lock = threading.Lock()
        self._departments: dict[str, DepartmentEntry] = {}
        self._categories: dict[str, CategoryEntry] = {}
        self.position = 0

    def catch_up(self) -> CatalogueFollower:
        with self._lock:
            end = self._app.log_head.current()  # positions commit in order; read once per request
            if end > self.position:
                for _, event in read_log(self._app, after=self.position, topics=CATALOGUE_TOPICS, stop=end):
                    self._apply(event)
                self.position = end
        return self

    def departments(self, *, street: str | None = None, category: str | None = None) -> list[DepartmentEntry]:
        """By code; `category` keeps those the category names and those whose remit names it."""
        chosen = self._categories.get(category) if category is not None else None
        named = chosen.departments if chosen is not None else []
        return [
            d
            for _, d in sorted(self._departments.items())
            if (street is None or d.serves(street))
            and (category is None or category in d.categories or d.code in named)
        ]

    def categories(self, *, department: str | None = None) -> list[CategoryEntry]:
        """By code; `department` keeps those naming it and those in its remit."""
        chosen = self._departments.get(department) if department is not None else None
        remit = chosen.categories if chosen is not None else []
        return [
            c
            for _, c in sorted(self._categories.items())
            if department is None or department in c.departments or c.code in remit
        ]

    def _apply(self, event: Any) -> None:
        if isinstance(event, Department.Registered):
            self._departments[event.code] = DepartmentEntry(
                event.code, event.name, list(event.categories), list(event.streets)
            )
        elif isinstance(event, Department.RemitChanged):
            department = self._departments[event.code]
            department.categories, department.streets = list(event.categories), list(event.streets)
        elif isinstance(event, Category.Defined):
            self._categories[event.code] = CategoryEntry(
                event.code, event.major, event.name, event.grid_may_handle, list(event.departments), event.limits
            )
        elif isinstance(event, Category.LimitsChanged):
            self._categories[event.code].limits = event.limits
