"""Households for the monitoring and standards tests, registered through the people commands."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.application import GridGov
from domain.people.idcard import check_character


def id_number(serial: int, born: date = date(1970, 1, 1)) -> str:
    """A resident ID number with a valid GB 11643 check digit (invented area code 110101)."""
    body = f"110101{born:%Y%m%d}{serial % 1000:03d}"
    return body + check_character(body)


def household(app: GridGov, building: str, serial: int = 1, *, since: date = date(2020, 1, 1)) -> UUID:
    """A one-person household in `building`, its head registered with an invented name and number."""
    head = app.register_person(
        name=f"测试户主{serial}",
        id_number=id_number(serial),
        gender="male",
        building=building,
        since=since,
        actor="worker1",
        reason="test household",
    )
    return UUID(str(app.form_household(head=head.id, on=since, actor="worker1", reason="test household").id))
