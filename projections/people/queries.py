"""The register as of a date: who lived in a subtree on that day, by name, tag and building, paged in SQL."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Engine, and_, exists, false, func, or_, select, true

from projections.people.tables import households, people, person_tags, residences


@dataclass(frozen=True)
class RegisterFilter:
    node: str | None = None  # lived in this node's subtree on the day
    name: str | None = None  # part of the name
    tag: str | None = None  # held this tag on the day
    building: str | None = None
    living: bool | None = None  # alive on the day (the dead are kept, shown greyed out)


def register_page(
    engine: Engine, scopes: Sequence[str] | None, where: RegisterFilter, *, on: date, limit: int, offset: int
) -> tuple[int, list[dict[str, Any]]]:
    """People residing on `on` in the caller's `scopes` (None: everywhere); merged-away records are left out."""
    day = on.isoformat()
    r = residences.c
    conditions: list[ColumnElement[bool]] = [
        r.valid_from <= day,
        day < r.valid_to,
        people.c.merged_into.is_(None),
        _within(scopes),
    ]
    if where.node is not None:
        conditions.append(_under([where.node]))
    if where.building is not None:
        conditions.append(r.building == where.building)
    if where.name:
        conditions.append(people.c.name.contains(where.name, autoescape=True))
    if where.tag is not None:
        held = person_tags.c
        conditions.append(
            exists().where(
                held.person_id == people.c.id, held.tag == where.tag, held.valid_from <= day, day < held.valid_to
            )
        )
    if where.living is not None:
        alive = or_(people.c.died_on.is_(None), people.c.died_on > day)
        conditions.append(alive if where.living else ~alive)
    joined = people.join(residences, r.person_id == people.c.id)
    columns = (people, r.street, r.community, r.compound, r.building, r.valid_from.label("resident_since"))
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(joined).where(*conditions)).scalar_one()
        query = select(*columns).select_from(joined).where(*conditions).order_by(people.c.name, people.c.id)
        rows = [dict(row._mapping) for row in conn.execute(query.limit(limit).offset(offset))]
        tags = _tags(conn, [row["id"] for row in rows], day)
    return total, [
        {**row, "tags": tags.get(row["id"], []), "living": row["died_on"] is None or day < row["died_on"]}
        for row in rows
    ]


def household_page(
    engine: Engine, scopes: Sequence[str] | None, node: str | None, *, on: date, limit: int, offset: int
) -> tuple[int, list[dict[str, Any]]]:
    """Households whose head lived, on `on`, in the caller's scopes and under `node`."""
    day = on.isoformat()
    r = residences.c
    lives = and_(r.person_id == households.c.head, r.valid_from <= day, day < r.valid_to)
    conditions = [_within(scopes), _under([node]) if node else true()]
    joined = households.join(residences, lives)
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(joined).where(*conditions)).scalar_one()
        query = select(households).select_from(joined).where(*conditions).order_by(households.c.id)
        return total, [dict(row._mapping) for row in conn.execute(query.limit(limit).offset(offset))]


def residence_on(engine: Engine, person_id: str, on: date) -> dict[str, Any] | None:
    day = on.isoformat()
    r = residences.c
    query = select(residences).where(r.person_id == person_id, r.valid_from <= day, day < r.valid_to)
    with engine.connect() as conn:
        row = conn.execute(query).mappings().first()
    return dict(row) if row else None


def _tags(conn: Any, ids: list[str], day: str) -> dict[str, list[str]]:
    if not ids:
        return {}
    t = person_tags.c
    query = select(t.person_id, t.tag).where(t.person_id.in_(ids), t.valid_from <= day, day < t.valid_to)
    found: dict[str, list[str]] = {}
    for person_id, tag in conn.execute(query):
        found.setdefault(person_id, []).append(tag)
    return found


def _under(codes: Sequence[str]) -> ColumnElement[bool]:
    r = residences.c
    return or_(*(or_(r.street == c, r.community == c, r.compound == c, r.building == c) for c in codes))


def _within(scopes: Sequence[str] | None) -> ColumnElement[bool]:
    if scopes is None:
        return true()
    return _under(scopes) if scopes else false()
