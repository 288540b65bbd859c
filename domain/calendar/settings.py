"""The district's working calendar as an aggregate: holidays are data an administrator records."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from eventsourcing.domain import Aggregate

from domain.calendar.working import WorkingCalendar


class CalendarSettings(Aggregate):
    """One per district; every change is a new version, so old deadlines stay explainable."""

    TOPIC = "gridgov.calendar:CalendarSettings"

    class Event(Aggregate.Event):
        actor: str
        reason: str

    class Configured(Event, Aggregate.Created):
        """The working calendar was first set (工作日历)."""

        TOPIC = "gridgov.calendar:CalendarSettings.Configured"
        calendar: dict[str, Any]

    Created = Configured

    class Changed(Event):
        """Working hours, holidays or make-up working days (调休) changed."""

        TOPIC = "gridgov.calendar:CalendarSettings.Changed"
        calendar: dict[str, Any]

        def apply(self, aggregate: Any) -> None:
            aggregate.calendar = self.calendar
            aggregate._working = None

    def __init__(self, calendar: dict[str, Any]) -> None:
        self.calendar = calendar
        self._working: WorkingCalendar | None = None

    def working(self) -> WorkingCalendar:
        """Built once per version: every deadline a command computes asks for it."""
        if self._working is None:
            self._working = WorkingCalendar.from_dict(self.calendar)
        return self._working

    def change(self, *, calendar: WorkingCalendar, actor: str, reason: str, at: datetime) -> None:
        self.trigger_event(self.Changed, timestamp=at, actor=actor, reason=reason, calendar=calendar.to_dict())
