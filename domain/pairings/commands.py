"""Pairing commands: pair, log a contact, change the helper, request / approve / decline the end.

Each command locates the subject where the register has them now, so every fact says where in
the grid it happened; a pairing and the caseloads it changes are saved in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from uuid import UUID, uuid4

from domain.catalogue.commands import CatalogueCommands
from domain.issues.values import parse
from domain.pairings.caseload import Caseload, caseload_id
from domain.pairings.model import Pairing
from domain.pairings.policy import POLICIES
from domain.pairings.values import ContactKind, PairingKind, SubjectKind
from domain.people.commands import PeopleCommands
from domain.shared.errors import IllegalTransitionError, InvalidInputError, NotFoundError

Where = tuple[str, list[str]]  # the subject's building and its path from the street


class PairingCommands(PeopleCommands, CatalogueCommands):
    def pair(
        self,
        *,
        kind: str,
        subject_kind: str,
        subject_id: UUID,
        helper: str,
        actor: str,
        reason: str,
        goal: str = "",
        starts_on: date | None = None,
    ) -> Pairing:
        """Pairs `helper` with a person or household; refused past the kind's cap of households."""
        pairing_kind = parse(PairingKind, kind, "kind")
        subject = parse(SubjectKind, subject_kind, "subject_kind")
        if subject not in POLICIES[pairing_kind].subjects:
            allowed = ", ".join(sorted(POLICIES[pairing_kind].subjects))
            raise InvalidInputError(f"a {pairing_kind} pairing is with a {allowed}", field="subject_kind")
        helper = self._helper(helper)
        where = self.subject_place(subject, subject_id, new=True)
        today, now = self.today(), self.clock.now()
        pairing = Pairing.pair(
            pairing_id=uuid4(),
            kind=str(pairing_kind),
            subject_kind=str(subject),
            subject_id=str(subject_id),
            helper=helper,
            goal=goal,
            starts_on=starts_on or today,
            today=today,
            node=where[0],
            path=where[1],
            actor=actor,
            reason=reason,
            at=now,
        )
        caseload = self._caseload(helper, actor=actor, reason=reason)
        caseload.take(
            pairing_id=str(pairing.id),
            kind=pairing_kind,
            subject_kind=subject,
            subject_id=str(subject_id),
            actor=actor,
            reason=reason,
            at=now,
        )
        self.commit(pairing, caseload)
        return pairing

    def log_contact(
        self,
        pairing_id: UUID,
        *,
        kind: str,
        on: date,
        actor: str,
        reason: str,
        note: str = "",
        evidence: Sequence[str] = (),
    ) -> Pairing:
        pairing = self.pairing(pairing_id)
        pairing.log_contact(
            kind=parse(ContactKind, kind, "kind"),
            on=on,
            note=note,
            evidence=list(evidence),
            today=self.today(),
            where=self.pairing_place(pairing),
            actor=actor,
            reason=reason,
            at=self.clock.now(),
        )
        self.commit(pairing)
        return pairing

    def change_helper(
        self, pairing_id: UUID, *, helper: str, actor: str, reason: str, on: date | None = None
    ) -> Pairing:
        """Hands the pairing to another helper from `on` (today by default): both caseloads change with it."""
        pairing = self.pairing(pairing_id)
        helper = self._helper(helper)
        now = self.clock.now()
        old = self._caseload(pairing.helper, actor=actor, reason=reason)
        pairing.change_helper(
            helper=helper,
            on=on or self.today(),
            today=self.today(),
            where=self.pairing_place(pairing),
            actor=actor,
            reason=reason,
            at=now,
        )
        new = self._caseload(helper, actor=actor, reason=reason)
        old.release(pairing_id=str(pairing.id), actor=actor, reason=reason, at=now)
        new.take(
            pairing_id=str(pairing.id),
            kind=PairingKind(pairing.kind),
            subject_kind=SubjectKind(pairing.subject_kind),
            subject_id=pairing.subject_id,
            actor=actor,
            reason=reason,
            at=now,
        )
        self.commit(pairing, old, new)
        return pairing

    def request_pairing_end(self, pairing_id: UUID, *, actor: str, reason: str) -> Pairing:
        pairing = self.pairing(pairing_id)
        pairing.request_end(where=self.pairing_place(pairing), actor=actor, reason=reason, at=self.clock.now())
        self.commit(pairing)
        return pairing

    def decline_pairing_end(self, pairing_id: UUID, *, actor: str, reason: str) -> Pairing:
        pairing = self.pairing(pairing_id)
        pairing.decline_end(where=self.pairing_place(pairing), actor=actor, reason=reason, at=self.clock.now())
        self.commit(pairing)
        return pairing

    def approve_pairing_end(self, pairing_id: UUID, *, actor: str, reason: str) -> Pairing:
        """Ends the pairing today (不转化不脱钩: only on a request, approved by someone else)."""
        pairing = self.pairing(pairing_id)
        now = self.clock.now()
        pairing.approve_end(today=self.today(), where=self.pairing_place(pairing), actor=actor, reason=reason, at=now)
        caseload = self._caseload(pairing.helper, actor=actor, reason=reason)
        caseload.release(pairing_id=str(pairing.id), actor=actor, reason=reason, at=now)
        self.commit(pairing, caseload)
        return pairing

    def pairing(self, pairing_id: UUID, *, field: str = "id") -> Pairing:
        return self._get(Pairing, pairing_id, f"no pairing {pairing_id}", field)

    def pairing_as_of(self, pairing_id: UUID, at: datetime) -> Pairing:
        return self._as_of(Pairing, pairing_id, at, f"pairing {pairing_id} did not exist at {at.isoformat()}")

    def caseload(self, helper: str) -> Caseload:
        return self._get(Caseload, caseload_id(helper), f"{helper!r} has no pairings", "helper")

    def today(self) -> date:
        """The district's date now, which dated facts are judged by."""
        return self.local_date(self.clock.now())

    def subject_place(self, subject_kind: SubjectKind, subject_id: UUID, *, new: bool = False) -> Where:
        """Where the person or household lives now; a new pairing needs a living, unmerged person."""
        if subject_kind is SubjectKind.HOUSEHOLD:
            node = self.household(subject_id, field="subject_id").node
        else:
            person = self.person(subject_id, field="subject_id")
            if new and (person.merged_into is not None or person.erased or not person.living_on(self.today())):
                state = "merged" if person.merged_into else "erased" if person.erased else "deceased"
                raise IllegalTransitionError(
                    f"person {subject_id} is {state}: pair with a current record", state=state, allowed=[]
                )
            node = person.node
        return node, self.path_from(self.node(node, shared=True))

    def pairing_place(self, pairing: Pairing) -> Where:
        try:
            return self.subject_place(SubjectKind(pairing.subject_kind), UUID(pairing.subject_id))
        except NotFoundError:
            return pairing.node, list(pairing.path)

    def _helper(self, username: str) -> str:
        try:
            account = self.account(username)
        except (NotFoundError, InvalidInputError):
            raise NotFoundError(f"no account {username!r} to be the helper", field="helper") from None
        if account.closed:
            raise InvalidInputError(f"{username}'s account is closed: choose an active helper", field="helper")
        return account.username

    def _caseload(self, helper: str, *, actor: str, reason: str) -> Caseload:
        try:
            return self.caseload(helper)
        except NotFoundError:
            return Caseload.open(helper=helper, actor=actor, reason=reason, at=self.clock.now())
