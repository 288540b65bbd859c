"""A household (户): people who live together and share expenses, which is not the hukou.

Membership holds from a date to a date, with a relation to the head; a head change, a member
joining, leaving or moving to another household, and a split are each a fact of their own.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from eventsourcing.domain import Aggregate

from domain.people.values import Relation
from domain.shared.errors import InvalidInputError


class Household(Aggregate):
    TOPIC = "gridgov.people:Household"

    class Event(Aggregate.Event):
        actor: str
        reason: str
        node: str  # the building the household lives in

    class Formed(Event, Aggregate.Created):
        """A household was registered with its head from `on` (立户); `split_from` names its origin."""

        TOPIC = "gridgov.people:Household.Formed"
        head: str
        on: str
        split_from: str | None

    Created = Formed

    class MemberJoined(Event):
        TOPIC = "gridgov.people:Household.MemberJoined"
        person: str
        relation: str
        on: str

        def apply(self, household: Any) -> None:
            household.members.append({"person": self.person, "relation": self.relation, "from": self.on, "to": None})

    class MemberLeft(Event):
        """A member left on `on`; `to_household` names where they went, if to another household here."""

        TOPIC = "gridgov.people:Household.MemberLeft"
        person: str
        on: str
        to_household: str | None

        def apply(self, household: Any) -> None:
            for member in household.members:
                if member["person"] == self.person and member["to"] is None:
                    member["to"] = self.on

    class HeadChanged(Event):
        """Another member became head on `on` (户主变更); the old head stays a member as `former_relation`."""

        TOPIC = "gridgov.people:Household.HeadChanged"
        person: str
        on: str
        former_relation: str

        def apply(self, household: Any) -> None:
            for member in household.members:
                if member["to"] is None and member["person"] == household.head:
                    member["to"] = self.on
                    household.members.append(
                        {"person": member["person"], "relation": self.former_relation, "from": self.on, "to": None}
                    )
                    break
            for member in household.members:
                if member["to"] is None and member["person"] == self.person:
                    member["to"] = self.on
                    break
            household.members.append(
                {"person": self.person, "relation": Relation.HEAD.value, "from": self.on, "to": None}
            )
            household.head = self.person

    class Moved(Event):
        """The household moved into `node` on `on`."""

        TOPIC = "gridgov.people:Household.Moved"
        on: str

        def apply(self, household: Any) -> None:
            household.building = self.node

    def __init__(self, head: str, on: str, split_from: str | None, node: str) -> None:
        """Applies Formed."""
        self.head = head
        self.building = node
        self.split_from = split_from
        self.members: list[dict[str, Any]] = [{"person": head, "relation": Relation.HEAD.value, "from": on, "to": None}]

    @property
    def node(self) -> str:
        return self.building

    def members_on(self, day: date) -> list[dict[str, Any]]:
        iso = day.isoformat()
        return [m for m in self.members if m["from"] <= iso and (m["to"] is None or iso < m["to"])]

    def current(self) -> list[str]:
        return [m["person"] for m in self.members if m["to"] is None]

    def join(self, *, person: str, relation: Relation, on: date, actor: str, reason: str, at: datetime) -> None:
        if relation is Relation.HEAD:
            raise InvalidInputError("a household has one head: change the head instead", field="relation")
        if person in self.current():
            raise InvalidInputError("the person is a member already", field="person")
        self._fact(self.MemberJoined, at, actor, reason, person=person, relation=relation.value, on=on.isoformat())

    def leave(self, *, person: str, on: date, to_household: str | None, actor: str, reason: str, at: datetime) -> None:
        if person not in self.current():
            raise InvalidInputError("the person is not a member now", field="person")
        if person == self.head and len(self.current()) > 1:
            raise InvalidInputError("the head cannot leave while others stay: change the head first", field="person")
        self._fact(self.MemberLeft, at, actor, reason, person=person, on=on.isoformat(), to_household=to_household)

    def change_head(
        self, *, person: str, former_relation: Relation, on: date, actor: str, reason: str, at: datetime
    ) -> None:
        if person not in self.current() or person == self.head:
            raise InvalidInputError("the new head must be another current member", field="person")
        self._fact(
            self.HeadChanged, at, actor, reason, person=person, on=on.isoformat(), former_relation=former_relation.value
        )

    def move(self, *, building: str, on: date, actor: str, reason: str, at: datetime) -> None:
        self._fact(self.Moved, at, actor, reason, node=building, on=on.isoformat())

    def _fact(self, event_class: type[Household.Event], at: datetime, actor: str, reason: str, **fields: Any) -> None:
        fields.setdefault("node", self.node)
        self.trigger_event(event_class, timestamp=at, actor=actor, reason=reason, **fields)


HOUSEHOLD_TOPICS: tuple[str, ...] = tuple(
    str(getattr(obj, "TOPIC"))  # noqa: B009
    for obj in vars(Household).values()
    if isinstance(obj, type) and issubclass(obj, Household.Event) and obj is not Household.Event
)
