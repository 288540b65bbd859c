"""Departments (职能部门) and issue categories (大类 → 小类), each an aggregate of its own."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from eventsourcing.domain import Aggregate

from domain.calendar.working import TimeLimit
from domain.issues.policy import DEFAULT_STAGE_LIMITS
from domain.issues.values import Stage
from domain.shared.errors import InvalidInputError

_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")


def check_catalogue_code(code: str, field: str = "code") -> str:
    if not _CODE.match(code):
        raise InvalidInputError("code must be 1-40 letters, digits, '.', '-' or '_'", field=field)
    return code


class Department(Aggregate):
    """A department the grid can call: what it handles and which streets it serves."""

    TOPIC = "gridgov.catalogue:Department"

    class Event(Aggregate.Event):
        actor: str
        reason: str
        code: str

    class Registered(Event, Aggregate.Created):
        """A department was registered with its categories and service area."""

        TOPIC = "gridgov.catalogue:Department.Registered"
        name: str
        categories: list[str]
        streets: list[str]

    Created = Registered

    class RemitChanged(Event):
        """The categories a department handles or the streets it serves changed."""

        TOPIC = "gridgov.catalogue:Department.RemitChanged"
        categories: list[str]
        streets: list[str]

        def apply(self, aggregate: Any) -> None:
            aggregate.categories = self.categories
            aggregate.streets = self.streets

    def __init__(self, code: str, name: str, categories: list[str], streets: list[str]) -> None:
        """Applies Registered. An empty `streets` list means the whole district."""
        self.code = code
        self.name = name
        self.categories = categories
        self.streets = streets

    def serves(self, street: str) -> bool:
        return not self.streets or street in self.streets

    def change_remit(self, *, categories: list[str], streets: list[str], actor: str, reason: str, at: datetime) -> None:
        self.trigger_event(
            self.RemitChanged,
            timestamp=at,
            actor=actor,
            reason=reason,
            code=self.code,
            categories=sorted(set(categories)),
            streets=sorted(set(streets)),
        )


class Category(Aggregate):
    """An issue subclass (小类) under its major class (大类), with its rules and time limits."""

    TOPIC = "gridgov.catalogue:Category"

    class Event(Aggregate.Event):
        actor: str
        reason: str
        code: str

    class Defined(Event, Aggregate.Created):
        """A subclass was defined: who handles it and how long each stage may take."""

        TOPIC = "gridgov.catalogue:Category.Defined"
        major: str
        name: str
        grid_may_handle: bool
        departments: list[str]
        limits: dict[str, dict[str, Any]]

    Created = Defined

    class LimitsChanged(Event):
        """The time limits of a subclass changed; open issues keep the deadlines they were given."""

        TOPIC = "gridgov.catalogue:Category.LimitsChanged"
        limits: dict[str, dict[str, Any]]

        def apply(self, aggregate: Any) -> None:
            aggregate.limits = self.limits

    def __init__(
        self, code: str, major: str, name: str, grid_may_handle: bool, departments: list[str], limits: dict[str, Any]
    ) -> None:
        """Applies Defined."""
        self.code = code
        self.major = major
        self.name = name
        self.grid_may_handle = grid_may_handle
        self.departments = departments
        self.limits = limits

    def limit(self, stage: Stage) -> TimeLimit:
        return TimeLimit.from_dict(self.limits[stage.value])

    def change_limits(self, *, limits: dict[str, TimeLimit], actor: str, reason: str, at: datetime) -> None:
        self.trigger_event(
            self.LimitsChanged,
            timestamp=at,
            actor=actor,
            reason=reason,
            code=self.code,
            limits=complete_limits(limits),
        )


def complete_limits(given: dict[str, TimeLimit]) -> dict[str, dict[str, Any]]:
    """Every stage's limit, taking the default for those not given; unknown stages are refused."""
    unknown = set(given) - {s.value for s in Stage}
    if unknown:
        raise InvalidInputError(f"unknown stages {sorted(unknown)}", field="limits")
    merged = {stage.value: DEFAULT_STAGE_LIMITS[stage] for stage in Stage} | given
    return {stage: limit.to_dict() for stage, limit in merged.items()}
