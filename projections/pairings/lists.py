"""Lists of pairings: scoped, filtered and paged in SQL; and the rows one compliance answer needs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Engine, false, func, or_, select, true

from domain.pairings.values import PairingKind, PairingStatus, SubjectKind
from projections.pairings.tables import pairing_contacts, pairing_helpers, pairings


@dataclass(frozen=True)
class Reader:
    """Whose pairings a list may show: everything, some grid subtrees, and a helper's own."""

    everything: bool = False
    grid_scopes: Sequence[str] = ()
    helper: str | None = None


@dataclass(frozen=True)
class PairingFilter:
    node: str | None = None
    helper: str | None = None
    kind: PairingKind | None = None
    status: PairingStatus | None = None
    subject_id: str | None = None
    subject_kind: SubjectKind | None = None


def pairing_page(
    engine: Engine, reader: Reader, where: PairingFilter, *, limit: int, offset: int
) -> tuple[int, list[dict[str, Any]]]:
    """The total matching and one page of rows, newest pairing first."""
    conditions = [visible(reader), *_filters(where)]
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(pairings).where(*conditions)).scalar_one()
        query = select(pairings).where(*conditions).order_by(pairings.c.paired_at.desc(), pairings.c.id)
        return total, [dict(r._mapping) for r in conn.execute(query.limit(limit).offset(offset))]


@dataclass
class History:
    """One pairing as the compliance engine needs it: its row, helpers over time, dated contacts."""

    row: dict[str, Any]
    helpers: list[tuple[str, str]]  # (from date, helper), oldest first
    contacts: list[tuple[str, date]]  # (kind, date)

    def helper_on(self, day: str) -> str:
        return next((h for since, h in reversed(self.helpers) if since <= day), self.helpers[0][1])


def histories(engine: Engine, reader: Reader, where: PairingFilter, *, on: date) -> list[History]:
    """Every visible pairing begun by `on` with its helpers and its contacts dated up to `on`.

    `where.helper` selects the pairings whose helper *on that date* was the one named.
    """
    day = on.isoformat()
    conditions = [
        visible(reader),
        *_filters(PairingFilter(where.node, None, where.kind, where.status, where.subject_id, where.subject_kind)),
    ]
    conditions.append(pairings.c.starts_on <= day)
    found: dict[str, History] = {}
    with engine.connect() as conn:
        for r in conn.execute(select(pairings).where(*conditions).order_by(pairings.c.id)):
            found[r.id] = History(dict(r._mapping), [], [])
        helpers: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
        contacts = select(pairing_contacts.c.pairing_id, pairing_contacts.c.kind, pairing_contacts.c.on).where(
            pairing_contacts.c.on <= day
        )
        for chunk in _chunks(sorted(found)):
            for h in conn.execute(select(pairing_helpers).where(pairing_helpers.c.pairing_id.in_(chunk))):
                helpers[h.pairing_id].append((h.position, h.from_on, h.helper))
            for c in conn.execute(contacts.where(pairing_contacts.c.pairing_id.in_(chunk))):
                found[c.pairing_id].contacts.append((c.kind, date.fromisoformat(c.on)))
    for key, history in found.items():
        # Ordered by date, then by when recorded: a later record for the same day wins.
        history.helpers = [(since, helper) for _, since, helper in sorted(helpers[key], key=lambda h: (h[1], h[0]))]
    chosen = list(found.values())
    if where.helper is not None:
        chosen = [h for h in chosen if h.helper_on(day) == where.helper]
    return chosen


def visible(reader: Reader) -> ColumnElement[bool]:
    if reader.everything:
        return true()
    clauses = [under(scope) for scope in reader.grid_scopes]
    if reader.helper is not None:
        clauses.append(pairings.c.helper == reader.helper)
    return or_(*clauses) if clauses else false()


def under(code: str) -> ColumnElement[bool]:
    return or_(
        pairings.c.street == code,
        pairings.c.community == code,
        pairings.c.compound == code,
        pairings.c.building == code,
    )


def _filters(where: PairingFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if where.node is not None:
        conditions.append(under(where.node))
    if where.helper is not None:
        conditions.append(pairings.c.helper == where.helper)
    if where.kind is not None:
        conditions.append(pairings.c.kind == str(where.kind))
    if where.status is not None:
        conditions.append(pairings.c.status == str(where.status))
    if where.subject_id is not None:
        conditions.append(pairings.c.subject_id == where.subject_id)
    if where.subject_kind is not None:
        conditions.append(pairings.c.subject_kind == str(where.subject_kind))
    return conditions


def _chunks(keys: list[str], size: int = 500) -> list[list[str]]:
    return [keys[i : i + size] for i in range(0, len(keys), size)]
