"""The pairing aggregate: one helper (帮扶责任人) with one person or household, from pairing to approved end.

Dates of what happened (a contact, a change of helper, the start) are valid time, kept apart from
when they were recorded (the event's timestamp). Nothing is overwritten: a new helper is a
`HelperChanged` fact and the helpers' history stays in the pairing.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from eventsourcing.domain import Aggregate

from domain.cadence.compliance import ObligationStatus
from domain.pairings.policy import MAX_EVIDENCE, MAX_GOAL, MAX_NOTE, standing_on
from domain.pairings.status import require
from domain.pairings.values import ContactKind, PairingCommand, PairingKind, PairingStatus
from domain.shared.errors import ForbiddenError, InvalidInputError


class Pairing(Aggregate):
    """A helper paired with a person or a household (帮扶 / 帮教 / 结对关系)."""

    TOPIC = "gridgov.pairings:Pairing"

    class Event(Aggregate.Event):
        """Every pairing fact says who, why, and where: the grid node (building) of the subject then."""

        actor: str
        reason: str
        node: str
        path: list[str]

        def mutate(self, aggregate: Any) -> Any:
            pairing = super().mutate(aggregate)
            assert pairing is not None
            pairing.node, pairing.path = self.node, list(self.path)
            return pairing

    class Paired(Event, Aggregate.Created):
        """A helper was paired with a subject from `starts_on` (建立帮扶 / 帮教 / 结对关系)."""

        TOPIC = "gridgov.pairings:Pairing.Paired"
        kind: str
        subject_kind: str
        subject_id: str
        helper: str
        goal: str
        starts_on: str

    Created = Paired

    class ContactLogged(Event):
        """The helper contacted, visited or joined an activity with the subject on `on` (联系 / 走访记录)."""

        TOPIC = "gridgov.pairings:Pairing.ContactLogged"
        contact_kind: str
        on: str
        helper: str  # the helper at the time it was logged
        note: str
        evidence: list[str]  # sha256 of each attachment

        def apply(self, pairing: Any) -> None:
            pairing.contacts.append({"kind": self.contact_kind, "on": self.on, "helper": self.helper})

    class HelperChanged(Event):
        """Another helper took the pairing over from `on` (更换帮扶责任人); the old one stays in history."""

        TOPIC = "gridgov.pairings:Pairing.HelperChanged"
        from_helper: str
        to_helper: str
        on: str

        def apply(self, pairing: Any) -> None:
            pairing.helper = self.to_helper
            pairing.helpers.append({"helper": self.to_helper, "from": self.on})

    class EndRequested(Event):
        """Someone asked to end the pairing (申请脱钩); the reason says why (e.g. the goal is reached)."""

        TOPIC = "gridgov.pairings:Pairing.EndRequested"

        def apply(self, pairing: Any) -> None:
            pairing.status = PairingStatus.END_REQUESTED
            pairing.end_requested_by = self.actor

    class EndDeclined(Event):
        """The grid refused to end it (不予脱钩): it goes on as before."""

        TOPIC = "gridgov.pairings:Pairing.EndDeclined"

        def apply(self, pairing: Any) -> None:
            pairing.status = PairingStatus.ACTIVE
            pairing.end_requested_by = None

    class EndApproved(Event):
        """The grid leader or office approved the end (批准脱钩); obligations stop on `ended_on`."""

        TOPIC = "gridgov.pairings:Pairing.EndApproved"
        ended_on: str

        def apply(self, pairing: Any) -> None:
            pairing.status = PairingStatus.ENDED
            pairing.ended_on = self.ended_on

    def __init__(
        self, kind: str, subject_kind: str, subject_id: str, helper: str, goal: str, starts_on: str, node: str
    ) -> None:
        """Applies Paired."""
        self.kind = kind
        self.subject_kind = subject_kind
        self.subject_id = subject_id
        self.helper = helper
        self.helpers: list[dict[str, str]] = [{"helper": helper, "from": starts_on}]
        self.goal = goal
        self.starts_on = starts_on
        self.node = node
        self.path: list[str] = []
        self.status = PairingStatus.ACTIVE
        self.contacts: list[dict[str, str]] = []
        self.end_requested_by: str | None = None
        self.ended_on: str | None = None

    @classmethod
    def pair(
        cls,
        *,
        pairing_id: Any,
        kind: str,
        subject_kind: str,
        subject_id: str,
        helper: str,
        goal: str,
        starts_on: date,
        today: date,
        node: str,
        path: list[str],
        actor: str,
        reason: str,
        at: datetime,
    ) -> Pairing:
        if starts_on > today:
            raise InvalidInputError("a pairing starts today or earlier", field="starts_on")
        if len(goal) > MAX_GOAL:
            raise InvalidInputError(f"the goal is at most {MAX_GOAL} characters", field="goal")
        return cls._create(
            cls.Paired,
            id=pairing_id,
            timestamp=at,
            kind=kind,
            subject_kind=subject_kind,
            subject_id=subject_id,
            helper=helper,
            goal=goal.strip(),
            starts_on=starts_on.isoformat(),
            node=node,
            path=path,
            actor=actor,
            reason=reason,
        )

    def standing_on(self, day: date) -> list[ObligationStatus]:
        """Each obligation of the kind's cadence on `day`, from the contacts dated up to it."""
        return standing_on(
            PairingKind(self.kind),
            starts_on=date.fromisoformat(self.starts_on),
            contacts=[(c["kind"], date.fromisoformat(c["on"])) for c in self.contacts],
            on=day,
            ended_on=date.fromisoformat(self.ended_on) if self.ended_on else None,
        )

    def helper_on(self, day: date) -> str:
        """Who was the helper on `day` (the first one, before the start)."""
        iso = day.isoformat()
        return next((h["helper"] for h in reversed(self.helpers) if h["from"] <= iso), self.helpers[0]["helper"])

    def log_contact(
        self,
        *,
        kind: ContactKind,
        on: date,
        note: str,
        evidence: list[str],
        today: date,
        where: tuple[str, list[str]],
        actor: str,
        reason: str,
        at: datetime,
    ) -> None:
        require(self.status, PairingCommand.LOG_CONTACT)
        if not self.starts_on <= on.isoformat() <= today.isoformat():
            raise InvalidInputError(f"a contact is dated from the start ({self.starts_on}) to today", field="on")
        if len(note) > MAX_NOTE:
            raise InvalidInputError(f"a note is at most {MAX_NOTE} characters", field="note")
        if len(evidence) > MAX_EVIDENCE or len(set(evidence)) != len(evidence):
            raise InvalidInputError(f"at most {MAX_EVIDENCE} different attachment hashes", field="evidence")
        self._fact(
            self.ContactLogged,
            at,
            actor,
            reason,
            where,
            contact_kind=str(kind),
            on=on.isoformat(),
            helper=self.helper_on(on),
            note=note.strip(),
            evidence=list(evidence),
        )

    def change_helper(
        self, *, helper: str, on: date, today: date, where: tuple[str, list[str]], actor: str, reason: str, at: datetime
    ) -> None:
        require(self.status, PairingCommand.CHANGE_HELPER)
        if helper == self.helper:
            raise InvalidInputError(f"{helper} is the helper already", field="helper")
        if not self.helpers[-1]["from"] <= on.isoformat() <= today.isoformat():
            raise InvalidInputError(
                f"the change is dated from the last change ({self.helpers[-1]['from']}) to today", field="on"
            )
        self._fact(
            self.HelperChanged, at, actor, reason, where, from_helper=self.helper, to_helper=helper, on=on.isoformat()
        )

    def request_end(self, *, where: tuple[str, list[str]], actor: str, reason: str, at: datetime) -> None:
        require(self.status, PairingCommand.REQUEST_END)
        self._fact(self.EndRequested, at, actor, reason, where)

    def decline_end(self, *, where: tuple[str, list[str]], actor: str, reason: str, at: datetime) -> None:
        require(self.status, PairingCommand.DECLINE_END)
        self._fact(self.EndDeclined, at, actor, reason, where)

    def approve_end(self, *, today: date, where: tuple[str, list[str]], actor: str, reason: str, at: datetime) -> None:
        """Four eyes: whoever asked to end a pairing cannot approve that request themself."""
        require(self.status, PairingCommand.APPROVE_END)
        if actor == self.end_requested_by:
            raise ForbiddenError(
                f"{actor} asked to end this pairing and so cannot approve it: another grid leader or office must",
                field="actor",
            )
        self._fact(self.EndApproved, at, actor, reason, where, ended_on=today.isoformat())

    def _fact(
        self,
        event_class: type[Pairing.Event],
        at: datetime,
        actor: str,
        reason: str,
        where: tuple[str, list[str]],
        **fields: Any,
    ) -> None:
        node, path = where
        self.trigger_event(event_class, timestamp=at, actor=actor, reason=reason, node=node, path=path, **fields)


PAIRING_TOPICS: tuple[str, ...] = tuple(
    str(getattr(obj, "TOPIC"))  # noqa: B009
    for obj in vars(Pairing).values()
    if isinstance(obj, type) and issubclass(obj, Pairing.Event) and obj is not Pairing.Event
)
