"""Builds the register from person and household events, opening sealed names with the vault.

A person erased before a rebuild is rebuilt with no name: their key is gone, so the sealed fields
no longer open. When the erasure itself comes by, the row's name and masked ID are overwritten.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import Connection, delete, insert, select, update

from domain.people.household import HOUSEHOLD_TOPICS, Household
from domain.people.idcard import masked
from domain.people.model import PERSON_TOPICS, Person
from domain.people.values import Sensitive
from domain.people.vault import PersonalVault
from projections.people.tables import FOREVER, households, people, person_tags, residences


class Register:
    name = "people"
    topics = (*PERSON_TOPICS, *HOUSEHOLD_TOPICS)
    tables = (people, residences, person_tags, households)

    def __init__(self, vault: PersonalVault) -> None:
        self._vault = vault

    def handle(self, conn: Connection, position: int, event: Any) -> None:
        if isinstance(event, Household.Event):
            self._household(conn, position, event)
            return
        key = str(event.originator_id)
        if isinstance(event, Person.Registered):
            self._registered(conn, position, key, event)
        elif isinstance(event, Person.Moved):
            _reside(conn, key, event.on, event.path)
        elif isinstance(event, Person.ResidenceCorrected):
            conn.execute(delete(residences).where(residences.c.person_id == key, residences.c.valid_from == event.was))
            _reside(conn, key, event.on, event.path)
        elif isinstance(event, Person.DetailsCorrected):
            conn.execute(update(people).where(people.c.id == key).values(**self._shown(event.originator_id, event)))
        elif isinstance(event, Person.Tagged):
            conn.execute(
                insert(person_tags).values(
                    person_id=key, tag=event.tag, valid_from=event.on, valid_to=FOREVER, details=event.details
                )
            )
        elif isinstance(event, Person.TagEnded):
            conn.execute(
                update(person_tags)
                .where(
                    person_tags.c.person_id == key, person_tags.c.tag == event.tag, person_tags.c.valid_to == FOREVER
                )
                .values(valid_to=event.on)
            )
        elif isinstance(event, Person.Died):
            conn.execute(update(people).where(people.c.id == key).values(died_on=event.on))
        elif isinstance(event, Person.MergedInto | Person.MergeUndone):
            target = event.target if isinstance(event, Person.MergedInto) else None
            conn.execute(update(people).where(people.c.id == key).values(merged_into=target))
        elif isinstance(event, Person.Erased):
            conn.execute(update(people).where(people.c.id == key).values(name="", masked_id="", erased=True))
            self._vault.erase(event.originator_id)  # idempotent: completes an erasure cut short
        conn.execute(update(people).where(people.c.id == key).values(position=position))

    def _registered(self, conn: Connection, position: int, key: str, event: Person.Registered) -> None:
        conn.execute(
            insert(people).values(
                id=key,
                gender=event.gender,
                household=None,
                died_on=None,
                merged_into=None,
                registered_at=event.timestamp,
                position=position,
                **self._shown(event.originator_id, event),
            )
        )
        _reside(conn, key, event.on, event.path)

    def _shown(self, person_id: UUID, event: Any) -> dict[str, Any]:
        """The name and masked ID the register shows, or blanks once the person's key is destroyed."""
        fields = self._vault.open(person_id, event.sealed)
        if fields is None:
            return {"name": "", "masked_id": "", "erased": True}
        return {"name": fields[Sensitive.NAME], "masked_id": masked(fields[Sensitive.ID_NUMBER]), "erased": False}

    def _household(self, conn: Connection, position: int, event: Any) -> None:
        key = str(event.originator_id)
        if isinstance(event, Household.Formed):
            members = [{"person": event.head, "relation": "head", "from": event.on, "to": None}]
            conn.execute(
                insert(households).values(
                    id=key,
                    head=event.head,
                    building=event.node,
                    members=members,
                    split_from=event.split_from,
                    position=position,
                )
            )
            conn.execute(update(people).where(people.c.id == event.head).values(household=key))
            return
        row = conn.execute(select(households).where(households.c.id == key)).mappings().one()
        members = [dict(m) for m in row["members"]]
        values: dict[str, Any] = {"position": position, "building": event.node}
        if isinstance(event, Household.MemberJoined):
            members.append({"person": event.person, "relation": event.relation, "from": event.on, "to": None})
            conn.execute(update(people).where(people.c.id == event.person).values(household=key))
        elif isinstance(event, Household.MemberLeft):
            _end(members, event.person, event.on)
            if event.to_household is None:
                conn.execute(update(people).where(people.c.id == event.person).values(household=None))
        elif isinstance(event, Household.HeadChanged):
            _end(members, row["head"], event.on)
            members.append({"person": row["head"], "relation": event.former_relation, "from": event.on, "to": None})
            _end(members, event.person, event.on)
            members.append({"person": event.person, "relation": "head", "from": event.on, "to": None})
            values["head"] = event.person
        conn.execute(update(households).where(households.c.id == key).values(members=members, **values))


def _end(members: list[dict[str, Any]], person: str, on: str) -> None:
    for member in members:
        if member["person"] == person and member["to"] is None:
            member["to"] = on


def _reside(conn: Connection, person: str, start: str, path: list[str]) -> None:
    """Adds a residence beginning `start` and re-derives every residence's end from the next start."""
    places = [*path, None, None, None][:4]
    conn.execute(
        insert(residences).values(
            person_id=person,
            valid_from=start,
            valid_to=FOREVER,
            street=places[0],
            community=places[1],
            compound=places[2],
            building=path[-1],
        )
    )
    starts = sorted(r[0] for r in conn.execute(select(residences.c.valid_from).where(residences.c.person_id == person)))
    for begin, end in zip(starts, [*starts[1:], FOREVER], strict=True):
        conn.execute(
            update(residences)
            .where(residences.c.person_id == person, residences.c.valid_from == begin)
            .values(valid_to=end)
        )
