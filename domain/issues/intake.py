"""Where a report came in from, and the rules of reports from outside the grid (随手拍, Open311).

A resident or a client system reports without a grid account. Such a report waits in the
`citizen` state until a grid worker of that place checks it on site (核实) and registers or
dismisses it; the limits below bound what one phone or one network address may send.
"""

from __future__ import annotations

import re
from datetime import timedelta
from enum import StrEnum

from domain.grid.tree import GridTree
from domain.shared.errors import InvalidInputError, NotFoundError

DESCRIPTION_MAX = 4_000  # the GeoReport v2 bound, for every intake from outside
NAME_MAX = 40
PHONE = re.compile(r"^\+?[0-9][0-9 -]{5,18}[0-9]$")  # mainland mobiles, landlines with area code, +86
CITIZEN_ACTOR = "citizen"  # the actor of a resident's own report: they have no account
CLIENT_ACTOR_PREFIX = "open311:"  # the actor of a client system's report, followed by its id

# Per phone the count is durable (the log); per network address each API process counts for itself.
PHONE_LIMIT = 5
PHONE_WINDOW = timedelta(days=1)
ADDRESS_LIMIT = 20
ADDRESS_WINDOW = timedelta(hours=1)


class Intake(StrEnum):
    """Who brought the report in."""

    GRID = "grid"  # a grid worker or leader, with an account
    CITIZEN = "citizen"  # a resident through the public form (随手拍)
    OPEN311 = "open311"  # a client system through the GeoReport v2 façade

    @property
    def public(self) -> bool:
        return self is not Intake.GRID


def client_actor(client_id: str) -> str:
    return f"{CLIENT_ACTOR_PREFIX}{client_id}"


def normal_phone(phone: str) -> str:
    """The digits a phone is known by, so '138 0013 8000' and '+8613800138000' count as one."""
    if not PHONE.match(phone.strip()):
        raise InvalidInputError("a phone is 7 to 20 digits, spaces or dashes, optionally after +", field="phone")
    digits = re.sub(r"[^0-9]", "", phone)
    return digits[2:] if digits.startswith("86") and len(digits) == 13 else digits


def masked_phone(digits: str) -> str:
    """What staff who call back see before they open the sealed field: 138****8000."""
    return f"{digits[:3]}****{digits[-4:]}" if len(digits) >= 8 else "****"


def landing_node(tree: GridTree, *, node: str | None, jurisdiction: str | None, node_field: str = "node") -> str:
    """Where a report from outside lands: the grid node it names, else its street.

    Grid nodes carry no boundaries, so coordinates or an address cannot place a report deeper
    than the street; the street's own grid staff check it on site. A service that covers several
    streets needs the street named (Open311's `jurisdiction_id`). `node_field` is what the caller's
    form calls the node (Open311: `address_id`), so a refusal names the field that was sent.
    """
    streets = [street.code for street in tree.streets()]
    if jurisdiction is not None and jurisdiction not in streets:
        raise NotFoundError(
            f"no street {jurisdiction!r} is served here: use one of {', '.join(streets)}", field="jurisdiction_id"
        )
    if node:
        if node not in tree or tree.node(node).retired:
            raise NotFoundError(
                f"{node_field} {node!r} is not a grid node in service: send the code of a building, "
                "compound, community or street, or leave it out",
                field=node_field,
            )
        if jurisdiction is not None and not tree.is_within(node, jurisdiction):
            street = tree.node(jurisdiction)
            raise InvalidInputError(
                f"{node_field} {node!r} is not in jurisdiction {street.code} ({street.name})", field=node_field
            )
        return node
    if jurisdiction is not None:
        return jurisdiction
    if len(streets) == 1:
        return streets[0]
    raise InvalidInputError("this service covers several streets: name one", field="jurisdiction_id")
