"""Residents, households and helpers for the pairing tests, through the people and account commands."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from uuid import UUID

from domain.application import GridGov
from domain.people.idcard import check_character

SINCE = date(2020, 1, 1)


class PlainVault:
    """A vault with no encryption, for in-memory unit tests only (the real one is api/adapters/vault.py)."""

    def seal(self, person_id: UUID, fields: dict[str, str]) -> str:
        return json.dumps(fields)

    def open(self, person_id: UUID, sealed: str) -> dict[str, str] | None:
        return dict(json.loads(sealed))

    def erase(self, person_id: UUID) -> None:
        pass

    def fingerprint(self, value: str) -> str:
        return hashlib.sha256(value.encode()).hexdigest()


def id_number(serial: int) -> str:
    """A valid GB 11643 number, born 1980-05-05 (apart from the other suites' invented people)."""
    body = f"110101{date(1980, 5, 5):%Y%m%d}{serial % 1000:03d}"
    return body + check_character(body)


def resident(app: GridGov, building: str, serial: int) -> UUID:
    person = app.register_person(
        name=f"结对对象{serial}",
        id_number=id_number(serial),
        gender="female",
        building=building,
        since=SINCE,
        actor="admin",
        reason="pairing test",
    )
    return UUID(str(person.id))


def home(app: GridGov, building: str, serial: int) -> UUID:
    """A household in `building` whose head is a new resident."""
    head = resident(app, building, serial)
    return UUID(str(app.form_household(head=head, on=SINCE, actor="admin", reason="pairing test").id))


def helper(app: GridGov, username: str) -> str:
    app.open_account(username=username, display_name=username, password_hash="x", actor="admin", reason="helper")
    return username
