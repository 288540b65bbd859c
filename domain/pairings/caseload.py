"""A helper's caseload (帮扶责任人名下结对): one small aggregate per helper, saved with each pairing it gains or loses.

The cap ("a helper at most 5 households", per kind, `POLICIES`) and the refusal of a second
identical pairing are decided here, on state, not on a read model. Two pairings created for
one helper at the same time both read the caseload at one version; the second save of that
version conflicts (409), so together they can never exceed the cap.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

from domain.pairings.policy import POLICIES
from domain.pairings.values import PairingKind, SubjectKind
from domain.shared.errors import AlreadyExistsError, ConflictError
from domain.shared.ids import GRIDGOV_NAMESPACE


def caseload_id(helper: str) -> UUID:
    return uuid5(GRIDGOV_NAMESPACE, f"caseload:{helper.casefold()}")


class CaseloadFullError(ConflictError):
    """The helper already has as many households of this kind as the kind allows."""


class Caseload(Aggregate):
    """The running pairings one helper is responsible for."""

    TOPIC = "gridgov.pairings:Caseload"

    class Event(Aggregate.Event):
        """Each change repeats the actor and reason of the pairing command that caused it."""

        actor: str
        reason: str

    class Opened(Event, Aggregate.Created):
        """The helper's first pairing opened their caseload."""

        TOPIC = "gridgov.pairings:Caseload.Opened"
        helper: str

    Created = Opened

    class PairingTaken(Event):
        """The helper became responsible for a pairing (a new one, or one handed over)."""

        TOPIC = "gridgov.pairings:Caseload.PairingTaken"
        pairing_id: str
        kind: str
        subject_kind: str
        subject_id: str

        def apply(self, caseload: Any) -> None:
            caseload.pairings[self.pairing_id] = {
                "kind": self.kind,
                "subject_kind": self.subject_kind,
                "subject_id": self.subject_id,
            }

    class PairingReleased(Event):
        """The pairing ended or went to another helper."""

        TOPIC = "gridgov.pairings:Caseload.PairingReleased"
        pairing_id: str

        def apply(self, caseload: Any) -> None:
            caseload.pairings.pop(self.pairing_id, None)

    def __init__(self, helper: str) -> None:
        """Applies Opened."""
        self.helper = helper
        self.pairings: dict[str, dict[str, str]] = {}

    @classmethod
    def open(cls, *, helper: str, actor: str, reason: str, at: datetime) -> Caseload:
        return cls._create(cls.Opened, id=caseload_id(helper), timestamp=at, helper=helper, actor=actor, reason=reason)

    def households(self, kind: PairingKind) -> int:
        return sum(
            1 for p in self.pairings.values() if p["kind"] == kind and p["subject_kind"] == SubjectKind.HOUSEHOLD
        )

    def take(
        self,
        *,
        pairing_id: str,
        kind: PairingKind,
        subject_kind: SubjectKind,
        subject_id: str,
        actor: str,
        reason: str,
        at: datetime,
    ) -> None:
        for key, held in self.pairings.items():
            if held == {"kind": kind, "subject_kind": subject_kind, "subject_id": subject_id}:
                raise AlreadyExistsError(
                    f"{self.helper} is already paired ({kind}) with {subject_kind} {subject_id}: pairing {key}",
                    field="subject_id",
                )
        cap = POLICIES[kind].max_households
        if subject_kind is SubjectKind.HOUSEHOLD and self.households(kind) >= cap:
            raise CaseloadFullError(
                f"{self.helper} already helps {cap} households ({kind}), the most one helper may: "
                "pair the household with another helper, or end one of theirs first",
                field="helper",
            )
        self.trigger_event(
            self.PairingTaken,
            timestamp=at,
            pairing_id=pairing_id,
            kind=str(kind),
            subject_kind=str(subject_kind),
            subject_id=subject_id,
            actor=actor,
            reason=reason,
        )

    def release(self, *, pairing_id: str, actor: str, reason: str, at: datetime) -> None:
        if pairing_id in self.pairings:
            self.trigger_event(self.PairingReleased, timestamp=at, pairing_id=pairing_id, actor=actor, reason=reason)
