"""People and household commands: register, move, tag, merge, erase, reveal; households.

Personal fields go through the vault the composition root gives the Application: sealed under
the person's own key before they reach an event, found again by a keyed hash, never stored raw.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from uuid import UUID, uuid4, uuid5

from domain.audit.commands import AuditCommands
from domain.grid.sheet import SheetRow
from domain.issues.values import parse
from domain.people.household import Household
from domain.people.idcard import validated
from domain.people.model import IdentityClaim, Person
from domain.people.sheet import plan_register
from domain.people.values import Gender, Relation, Sensitive, Tag
from domain.people.vault import NoVault, PersonalVault
from domain.shared.errors import ConflictError, InvalidInputError, NotFoundError
from domain.shared.ids import GRIDGOV_NAMESPACE


class DuplicatePersonError(ConflictError):
    """The ID number is registered already."""


def identity_claim_id(fingerprint: str) -> UUID:
    return uuid5(GRIDGOV_NAMESPACE, f"identity:{fingerprint}")


class PeopleCommands(AuditCommands):
    vault: PersonalVault = NoVault()

    def import_register(self, rows: list[SheetRow], *, actor: str, reason: str) -> list[Person]:
        """Registers every resident of a sheet in one transaction, or nobody if any row is bad."""
        plan = plan_register(rows, building_ok=self._building_problem, registered=self._registered)
        if plan.errors:
            raise InvalidInputError(
                f"{len(plan.errors)} bad rows; nobody was imported",
                field="file",
                details=[{"line": e.line, "field": e.column, "reason": e.reason} for e in plan.errors],
            )
        made: list[Person | IdentityClaim] = []
        people: list[Person] = []
        for resident in plan.residents:
            person, claim = self._new_person(
                name=resident.name,
                number=resident.id_number,
                gender=resident.gender,
                phone=resident.phone,
                building=resident.building,
                unit=resident.unit,
                room=resident.room,
                since=resident.since,
                sensitive={},
                actor=actor,
                reason=reason,
            )
            for tag in resident.tags:
                person.tag(tag=tag, on=resident.since, details="", actor=actor, reason=reason, at=self.clock.now())
            made += [person, claim]
            people.append(person)
        self.commit(*made)
        return people

    def register_person(
        self,
        *,
        name: str,
        id_number: str,
        gender: str,
        building: str,
        since: date,
        actor: str,
        reason: str,
        phone: str = "",
        unit: str = "",
        room: str = "",
        sensitive: Mapping[str, str] | None = None,
    ) -> Person:
        """Registers a person living in `building` since `since`; the same ID number twice is refused."""
        number = validated(id_number)
        if not name.strip():
            raise InvalidInputError("give the person's name", field="name")
        person, claim = self._new_person(
            name=name,
            number=number,
            gender=str(parse(Gender, gender, "gender")),
            phone=phone,
            building=building,
            unit=unit,
            room=room,
            since=since,
            sensitive=sensitive,
            actor=actor,
            reason=reason,
        )
        self.commit(person, claim)
        return person

    def _new_person(
        self,
        *,
        name: str,
        number: str,
        gender: str,
        phone: str,
        building: str,
        unit: str,
        room: str,
        since: date,
        sensitive: Mapping[str, str] | None,
        actor: str,
        reason: str,
    ) -> tuple[Person, IdentityClaim]:
        located = self.node(building, field="building", shared=True)
        located.require_active("register a resident in")
        person_id = uuid4()
        fields = {**_extra(sensitive), Sensitive.NAME: name.strip(), Sensitive.ID_NUMBER: number}
        fields[Sensitive.PHONE] = phone.strip()
        fields[Sensitive.BIRTH_DATE] = f"{number[6:10]}-{number[10:12]}-{number[12:14]}"
        now = self.clock.now()
        claim = self._claim(number, person_id, actor=actor, reason=reason)
        person = Person._create(
            Person.Registered,
            id=person_id,
            timestamp=now,
            actor=actor,
            reason=reason,
            node=building,
            path=self.path_from(located),
            gender=gender,
            sealed=self.vault.seal(person_id, fields),
            on=since.isoformat(),
            sealed_address=self.vault.seal(person_id, {Sensitive.ADDRESS: _address(unit, room)}),
        )
        return person, claim

    def _building_problem(self, code: str) -> str | None:
        try:
            node = self.node(code, shared=True)
        except NotFoundError:
            return f"no grid node with code {code!r}"
        return "retired: it takes no new residents" if node.retired else None

    def _registered(self, number: str) -> bool:
        try:
            claim = self._get(IdentityClaim, identity_claim_id(self.vault.fingerprint(number)), "", "id_number")
        except NotFoundError:
            return False
        return claim.person is not None

    def move_person(
        self, person_id: UUID, *, building: str, on: date, actor: str, reason: str, unit: str = "", room: str = ""
    ) -> Person:
        located = self.node(building, field="building", shared=True)
        located.require_active("move a resident into")
        person = self.person(person_id)
        address = self.vault.seal(person_id, {Sensitive.ADDRESS: _address(unit, room)})
        path = self.path_from(located)
        person.move(path=path, sealed_address=address, on=on, actor=actor, reason=reason, at=self.clock.now())
        self.commit(person)
        return person

    def correct_residence(
        self,
        person_id: UUID,
        *,
        was: date,
        building: str,
        on: date,
        actor: str,
        reason: str,
        unit: str = "",
        room: str = "",
    ) -> Person:
        """A residence recorded wrongly (place or date) is corrected by a new fact, the old one kept."""
        path = self.path_from(self.node(building, field="building", shared=True))
        person = self.person(person_id)
        address = self.vault.seal(person_id, {Sensitive.ADDRESS: _address(unit, room)})
        person.correct_residence(
            was=was, path=path, sealed_address=address, on=on, actor=actor, reason=reason, at=self.clock.now()
        )
        self.commit(person)
        return person

    def correct_details(self, person_id: UUID, *, changes: Mapping[str, str], actor: str, reason: str) -> Person:
        """Changes sealed fields (not the ID number: a wrong number is a different person, so merge)."""
        person = self.person(person_id)
        if Sensitive.ID_NUMBER in changes:
            raise InvalidInputError(
                "the ID number cannot be corrected: register the right one and merge", field="changes"
            )
        current = self.vault.open(person_id, person.sealed) or {}
        fields = {**current, **_extra(changes)}
        person.correct_details(
            sealed=self.vault.seal(person_id, fields), actor=actor, reason=reason, at=self.clock.now()
        )
        self.commit(person)
        return person

    def tag_person(self, person_id: UUID, *, tag: str, on: date, actor: str, reason: str, details: str = "") -> Person:
        person = self.person(person_id)
        value = str(parse(Tag, tag, "tag"))
        person.tag(tag=value, on=on, details=details.strip(), actor=actor, reason=reason, at=self.clock.now())
        self.commit(person)
        return person

    def end_tag(self, person_id: UUID, *, tag: str, on: date, actor: str, reason: str) -> Person:
        person = self.person(person_id)
        person.end_tag(tag=str(parse(Tag, tag, "tag")), on=on, actor=actor, reason=reason, at=self.clock.now())
        self.commit(person)
        return person

    def record_death(self, person_id: UUID, *, on: date, actor: str, reason: str) -> Person:
        person = self.person(person_id)
        person.die(on=on, actor=actor, reason=reason, at=self.clock.now())
        self.commit(person)
        return person

    def merge_people(self, person_id: UUID, *, into: UUID, actor: str, reason: str) -> Person:
        """Two records of one person: `person_id` folds into `into`; both histories stay."""
        source, target = self.person(person_id), self.person(into, field="into")
        source.merge_into(target, actor=actor, reason=reason, at=self.clock.now())
        self.commit(source, target)
        return source

    def undo_merge(self, person_id: UUID, *, actor: str, reason: str) -> Person:
        source = self.person(person_id)
        if source.merged_into is None:
            raise InvalidInputError("this record is not merged", field="id")
        target = self.person(UUID(source.merged_into))
        source.undo_merge(target, actor=actor, reason=reason, at=self.clock.now())
        self.commit(source, target)
        return source

    def erase_person(self, person_id: UUID, *, actor: str, reason: str) -> Person:
        """Records the erasure, releases the ID number, then destroys the person's key (crypto-shredding).

        The key goes last: if the process dies in between, the erasure is recorded and `erase` of
        the vault, which is idempotent, is run again by the read model that sees the fact.
        """
        person = self.person(person_id)
        fields = self.vault.open(person_id, person.sealed) or {}
        person.erase(actor=actor, reason=reason, at=self.clock.now())
        claim = self._held_claim(fields.get(Sensitive.ID_NUMBER), person_id)
        if claim is not None:
            claim.release(actor=actor, reason=reason, at=self.clock.now())
        self.commit(person, claim)
        self.vault.erase(person_id)
        return person

    def reveal(self, person_id: UUID, *, field: Sensitive, actor: str, reason: str) -> str:
        """One sensitive field in clear, for a stated reason; the read is recorded first, as a fact."""
        if not reason.strip():
            raise InvalidInputError("say why you need to see it", field="reason")
        person = self.person(person_id)
        self.record_access(
            what="people/reveal",
            params={"person": str(person_id), "field": str(field), "reason": reason.strip()},
            actor=actor,
        )
        fields = self.vault.open(person_id, person.sealed)
        if fields is None:
            raise NotFoundError("the person's data was erased", field="field")
        return fields.get(field, "")

    def personal_fields(self, person: Person) -> dict[str, str] | None:
        """The person's sealed fields opened, or None once erased (for shaping answers)."""
        return self.vault.open(person.id, person.sealed)

    def person(self, person_id: UUID, *, field: str = "id") -> Person:
        return self._get(Person, person_id, f"no person {person_id}", field)

    # Households.

    def form_household(self, *, head: UUID, on: date, actor: str, reason: str) -> Household:
        person = self.person(head, field="head")
        household = Household._create(
            Household.Formed,
            id=uuid4(),
            timestamp=self.clock.now(),
            actor=actor,
            reason=reason,
            node=person.node,
            head=str(head),
            on=on.isoformat(),
            split_from=None,
        )
        self.commit(household)
        return household

    def join_household(
        self, household_id: UUID, *, person: UUID, relation: str, on: date, actor: str, reason: str
    ) -> Household:
        self.person(person, field="person")
        household = self.household(household_id)
        household.join(
            person=str(person),
            relation=parse(Relation, relation, "relation"),
            on=on,
            actor=actor,
            reason=reason,
            at=self.clock.now(),
        )
        self.commit(household)
        return household

    def leave_household(
        self, household_id: UUID, *, person: UUID, on: date, actor: str, reason: str, to_household: UUID | None = None
    ) -> Household:
        """A member leaves; with `to_household`, they join that household the same day (a move between households)."""
        household = self.household(household_id)
        now = self.clock.now()
        household.leave(
            person=str(person),
            on=on,
            to_household=str(to_household) if to_household else None,
            actor=actor,
            reason=reason,
            at=now,
        )
        other = None
        if to_household is not None:
            other = self.household(to_household, field="to_household")
            other.join(person=str(person), relation=Relation.OTHER, on=on, actor=actor, reason=reason, at=now)
        self.commit(household, other)
        return household

    def change_head(
        self, household_id: UUID, *, person: UUID, former_relation: str, on: date, actor: str, reason: str
    ) -> Household:
        household = self.household(household_id)
        household.change_head(
            person=str(person),
            former_relation=parse(Relation, former_relation, "former_relation"),
            on=on,
            actor=actor,
            reason=reason,
            at=self.clock.now(),
        )
        self.commit(household)
        return household

    def split_household(
        self, household_id: UUID, *, members: list[UUID], head: UUID, on: date, actor: str, reason: str
    ) -> Household:
        """Some members leave to form a household of their own (分户), headed by `head`; one transaction."""
        old = self.household(household_id)
        if head not in members:
            raise InvalidInputError("the new head must be one of the members who leave", field="head")
        now = self.clock.now()
        new = Household._create(
            Household.Formed,
            id=uuid4(),
            timestamp=now,
            actor=actor,
            reason=reason,
            node=old.node,
            head=str(head),
            on=on.isoformat(),
            split_from=str(household_id),
        )
        for member in members:
            old.leave(person=str(member), on=on, to_household=str(new.id), actor=actor, reason=reason, at=now)
            if member != head:
                new.join(person=str(member), relation=Relation.OTHER, on=on, actor=actor, reason=reason, at=now)
        self.commit(old, new)
        return new

    def household(self, household_id: UUID, *, field: str = "id") -> Household:
        return self._get(Household, household_id, f"no household {household_id}", field)

    def _claim(self, number: str, person_id: UUID, *, actor: str, reason: str) -> IdentityClaim:
        """The claim on the number's keyed hash: new, or a released one taken again; held is a 409."""
        claim_id = identity_claim_id(self.vault.fingerprint(number))
        try:
            claim = self._get(IdentityClaim, claim_id, "", "id_number")
        except NotFoundError:
            now = self.clock.now()
            return IdentityClaim._create(
                IdentityClaim.Claimed, id=claim_id, timestamp=now, actor=actor, reason=reason, person=str(person_id)
            )
        if claim.person is not None:
            raise DuplicatePersonError(
                f"this ID number is registered already (person {claim.person}); "
                "if these are two records of one person, merge them",
                field="id_number",
            )
        claim.reclaim(person=str(person_id), actor=actor, reason=reason, at=self.clock.now())
        return claim

    def _held_claim(self, number: str | None, person_id: UUID) -> IdentityClaim | None:
        if not number:
            return None
        try:
            claim = self._get(IdentityClaim, identity_claim_id(self.vault.fingerprint(number)), "", "id_number")
        except NotFoundError:
            return None
        return claim if claim.person == str(person_id) else None


def _address(unit: str, room: str) -> str:
    return f"{unit.strip()}|{room.strip()}"


def _extra(fields: Mapping[str, str] | None) -> dict[str, str]:
    """Only the known sensitive fields, as plain strings (an unknown field name is a 422)."""
    extra: dict[str, str] = {}
    for name, value in (fields or {}).items():
        extra[str(parse(Sensitive, name, "sensitive"))] = value.strip()
    return extra
