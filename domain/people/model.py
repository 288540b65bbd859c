"""A person (居民): sealed personal fields, and facts that hold from a date (valid time).

Every fact that changes carries the date it became true (`on`), apart from when it was recorded
(the event's timestamp): a move recorded late, or corrected later, answers "where did this person
live on 1 March?" as the latest record says. Names, ID numbers, phones and addresses are sealed
by the vault under the person's own key; the event keeps only the sealed text.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from eventsourcing.domain import Aggregate

from domain.shared.errors import IllegalTransitionError, InvalidInputError


class Person(Aggregate):
    TOPIC = "gridgov.people:Person"

    class Event(Aggregate.Event):
        """Every fact says who recorded it, why, and where: the building the person lives in."""

        actor: str
        reason: str
        node: str

    class Registered(Event, Aggregate.Created):
        """A person was entered in the register (登记), living in `node` since `on`."""

        TOPIC = "gridgov.people:Person.Registered"
        path: list[str]  # street … building, as the grid was when recorded
        gender: str
        sealed: str  # name, ID number, phone and other sensitive fields, under the person's key
        on: str  # the date the first residence began
        sealed_address: str  # unit and room

    Created = Registered

    class Moved(Event):
        """The person moved into `node` on `on` (迁入); the previous residence ended that day."""

        TOPIC = "gridgov.people:Person.Moved"
        path: list[str]
        on: str
        sealed_address: str

        def apply(self, person: Any) -> None:
            person.residences[self.on] = (self.node, self.sealed_address)

    class ResidenceCorrected(Event):
        """A residence recorded earlier was wrong: the one beginning `was` begins `on`, in `node` (更正)."""

        TOPIC = "gridgov.people:Person.ResidenceCorrected"
        path: list[str]
        was: str
        on: str
        sealed_address: str

        def apply(self, person: Any) -> None:
            person.residences.pop(self.was)
            person.residences[self.on] = (self.node, self.sealed_address)

    class DetailsCorrected(Event):
        """The sealed fields were corrected or completed (a new phone, a typo in the name)."""

        TOPIC = "gridgov.people:Person.DetailsCorrected"
        sealed: str

        def apply(self, person: Any) -> None:
            person.sealed = self.sealed

    class Tagged(Event):
        """A tag holds from `on` (e.g. 党员 with the branch in `details`)."""

        TOPIC = "gridgov.people:Person.Tagged"
        tag: str
        on: str
        details: str

        def apply(self, person: Any) -> None:
            person.tags.append({"tag": self.tag, "from": self.on, "to": None, "details": self.details})

    class TagEnded(Event):
        """A tag stopped holding on `on` (the day after its last)."""

        TOPIC = "gridgov.people:Person.TagEnded"
        tag: str
        on: str

        def apply(self, person: Any) -> None:
            for held in person.tags:
                if held["tag"] == self.tag and held["to"] is None:
                    held["to"] = self.on

    class Died(Event):
        """The person died on `on` (死亡): kept in the register, never counted as living after."""

        TOPIC = "gridgov.people:Person.Died"
        on: str

        def apply(self, person: Any) -> None:
            person.died_on = self.on

    class MergedInto(Event):
        """This record was found to be the same person as `target`; the target carries on (合并)."""

        TOPIC = "gridgov.people:Person.MergedInto"
        target: str

        def apply(self, person: Any) -> None:
            person.merged_into = self.target

    class MergeUndone(Event):
        """A merge was a mistake: this record stands on its own again."""

        TOPIC = "gridgov.people:Person.MergeUndone"
        target: str

        def apply(self, person: Any) -> None:
            person.merged_into = None

    class DuplicateAbsorbed(Event):
        """Another record of this person was merged into this one."""

        TOPIC = "gridgov.people:Person.DuplicateAbsorbed"
        source: str

        def apply(self, person: Any) -> None:
            person.absorbed.append(self.source)

    class AbsorptionUndone(Event):
        """A record merged into this one stands on its own again."""

        TOPIC = "gridgov.people:Person.AbsorptionUndone"
        source: str

        def apply(self, person: Any) -> None:
            person.absorbed.remove(self.source)

    class Erased(Event):
        """The person's personal data was erased (删除个人信息): their key is destroyed, the facts stay."""

        TOPIC = "gridgov.people:Person.Erased"

        def apply(self, person: Any) -> None:
            person.erased = True

    def __init__(self, gender: str, sealed: str, on: str, sealed_address: str, node: str, path: list[str]) -> None:
        """Applies Registered."""
        self.gender = gender
        self.sealed = sealed
        self.residences: dict[str, tuple[str, str]] = {on: (node, sealed_address)}  # from-date → place
        self.tags: list[dict[str, Any]] = []
        self.died_on: str | None = None
        self.merged_into: str | None = None
        self.absorbed: list[str] = []
        self.erased = False

    @property
    def node(self) -> str:
        """The building of the latest residence: where the person's facts are located in the grid."""
        return self.residences[max(self.residences)][0]

    def residence_on(self, day: date) -> tuple[str, str] | None:
        """(building, sealed address) on `day`, as the register now knows it; None before the first."""
        begun = [start for start in self.residences if start <= day.isoformat()]
        return self.residences[max(begun)] if begun else None

    def tags_on(self, day: date) -> list[dict[str, Any]]:
        iso = day.isoformat()
        return [t for t in self.tags if t["from"] <= iso and (t["to"] is None or iso < t["to"])]

    def living_on(self, day: date) -> bool:
        return self.died_on is None or day.isoformat() < self.died_on

    def move(self, *, path: list[str], sealed_address: str, on: date, actor: str, reason: str, at: datetime) -> None:
        self._require_active("move")
        if on.isoformat() in self.residences:
            raise InvalidInputError(f"a residence already begins on {on}: correct it instead", field="on")
        self._fact(
            self.Moved, at, actor, reason, node=path[-1], path=path, on=on.isoformat(), sealed_address=sealed_address
        )

    def correct_residence(
        self, *, was: date, path: list[str], sealed_address: str, on: date, actor: str, reason: str, at: datetime
    ) -> None:
        self._require_active("correct a residence of")
        if was.isoformat() not in self.residences:
            known = ", ".join(sorted(self.residences))
            raise InvalidInputError(f"no residence begins on {was}; residences begin on {known}", field="was")
        if on != was and on.isoformat() in self.residences:
            raise InvalidInputError(f"another residence already begins on {on}", field="on")
        self._fact(
            self.ResidenceCorrected,
            at,
            actor,
            reason,
            node=path[-1],
            path=path,
            was=was.isoformat(),
            on=on.isoformat(),
            sealed_address=sealed_address,
        )

    def correct_details(self, *, sealed: str, actor: str, reason: str, at: datetime) -> None:
        self._require_active("correct")
        self._fact(self.DetailsCorrected, at, actor, reason, sealed=sealed)

    def tag(self, *, tag: str, on: date, details: str, actor: str, reason: str, at: datetime) -> None:
        self._require_active("tag")
        if any(t["tag"] == tag and t["to"] is None for t in self.tags):
            raise InvalidInputError(f"{tag} already holds; end it first", field="tag")
        self._fact(self.Tagged, at, actor, reason, tag=tag, on=on.isoformat(), details=details)

    def end_tag(self, *, tag: str, on: date, actor: str, reason: str, at: datetime) -> None:
        self._require_active("end a tag of")
        held = [t for t in self.tags if t["tag"] == tag and t["to"] is None]
        if not held:
            raise InvalidInputError(f"{tag} does not hold now", field="tag")
        if on.isoformat() <= held[0]["from"]:
            raise InvalidInputError(f"{tag} began on {held[0]['from']}: it must end after that", field="on")
        self._fact(self.TagEnded, at, actor, reason, tag=tag, on=on.isoformat())

    def die(self, *, on: date, actor: str, reason: str, at: datetime) -> None:
        self._require_active("record the death of")
        if self.died_on is not None:
            raise InvalidInputError(f"the death was recorded already ({self.died_on})", field="on")
        self._fact(self.Died, at, actor, reason, on=on.isoformat())

    def merge_into(self, target: Person, *, actor: str, reason: str, at: datetime) -> None:
        self._require_active("merge")
        target._require_active("merge into")
        if target.id == self.id:
            raise InvalidInputError("merge into another record", field="into")
        self._fact(self.MergedInto, at, actor, reason, target=str(target.id))
        target._fact(target.DuplicateAbsorbed, at, actor, reason, source=str(self.id))

    def undo_merge(self, target: Person, *, actor: str, reason: str, at: datetime) -> None:
        if self.merged_into != str(target.id):
            raise IllegalTransitionError("this record is not merged into that one", state="active", allowed=[])
        self._fact(self.MergeUndone, at, actor, reason, target=str(target.id))
        target._fact(target.AbsorptionUndone, at, actor, reason, source=str(self.id))

    def erase(self, *, actor: str, reason: str, at: datetime) -> None:
        if self.erased:
            raise IllegalTransitionError("the person's data is erased already", state="erased", allowed=[])
        self._fact(self.Erased, at, actor, reason)

    def _require_active(self, doing: str) -> None:
        if self.erased:
            raise IllegalTransitionError(f"cannot {doing} an erased person", state="erased", allowed=[])
        if self.merged_into is not None:
            raise IllegalTransitionError(
                f"cannot {doing} a record merged into {self.merged_into}: act on that one",
                state="merged",
                allowed=["undo-merge"],
            )

    def _fact(self, event_class: type[Person.Event], at: datetime, actor: str, reason: str, **fields: Any) -> None:
        fields.setdefault("node", self.node)
        self.trigger_event(event_class, timestamp=at, actor=actor, reason=reason, **fields)


class IdentityClaim(Aggregate):
    """Who holds an ID number, found by its keyed hash alone: the id of this aggregate derives from
    the HMAC, so a second registration of the same number collides on the store's unique key."""

    TOPIC = "gridgov.people:IdentityClaim"

    class Event(Aggregate.Event):
        actor: str
        reason: str

    class Claimed(Event, Aggregate.Created):
        TOPIC = "gridgov.people:IdentityClaim.Claimed"
        person: str

    Created = Claimed

    class Released(Event):
        """The holder was erased or merged away: the number may be registered again."""

        TOPIC = "gridgov.people:IdentityClaim.Released"

        def apply(self, claim: Any) -> None:
            claim.person = None

    class Reclaimed(Event):
        TOPIC = "gridgov.people:IdentityClaim.Reclaimed"
        person: str

        def apply(self, claim: Any) -> None:
            claim.person = self.person

    def __init__(self, person: str) -> None:
        self.person: str | None = person

    def release(self, *, actor: str, reason: str, at: datetime) -> None:
        if self.person is not None:
            self.trigger_event(self.Released, timestamp=at, actor=actor, reason=reason)

    def reclaim(self, *, person: str, actor: str, reason: str, at: datetime) -> None:
        self.trigger_event(self.Reclaimed, timestamp=at, actor=actor, reason=reason, person=person)


PERSON_TOPICS: tuple[str, ...] = tuple(
    str(getattr(obj, "TOPIC"))  # noqa: B009
    for obj in vars(Person).values()
    if isinstance(obj, type) and issubclass(obj, Person.Event) and obj is not Person.Event
)
