"""帮扶责任人全覆盖 against the register: every household whose head is registered poor (脱贫户) or in a
monitored category on a day should have an assistance pairing running that day."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Engine, and_, exists, false, or_, select, true

from domain.pairings.values import PairingKind, SubjectKind
from domain.people.values import MONITORED, Tag
from projections.pairings.tables import pairings
from projections.people.tables import households, person_tags, residences

NEEDING = sorted({Tag.POVERTY_REGISTERED.value, *(t.value for t in MONITORED)})
UNCOVERED_SHOWN = 50


@dataclass(frozen=True)
class RegisterCoverage:
    on: date
    needing: int  # households whose head holds one of NEEDING that day
    covered: int  # of them, with an assistance pairing running that day
    uncovered: list[str]  # the first household ids without one

    @property
    def rate(self) -> float | None:
        return round(self.covered / self.needing, 4) if self.needing else None


def register_coverage(engine: Engine, scopes: Sequence[str] | None, node: str | None, *, on: date) -> RegisterCoverage:
    """Counts over the households living, on `on`, in the caller's `scopes` (None: everywhere) and `node`."""
    day = on.isoformat()
    r, t, p = residences.c, person_tags.c, pairings.c
    lives = and_(r.person_id == households.c.head, r.valid_from <= day, day < r.valid_to)
    tagged = exists().where(t.person_id == households.c.head, t.tag.in_(NEEDING), t.valid_from <= day, day < t.valid_to)
    running = exists().where(
        p.subject_kind == SubjectKind.HOUSEHOLD.value,
        p.subject_id == households.c.id,
        p.kind == PairingKind.ASSISTANCE.value,
        p.starts_on <= day,
        or_(p.ended_on.is_(None), p.ended_on > day),
    )
    where = [tagged, _under(scopes), _under([node]) if node else true()]
    query = select(households.c.id, running.label("covered")).join(residences, lives).where(*where)
    with engine.connect() as conn:
        rows = conn.execute(query.order_by(households.c.id)).all()
    uncovered = [household for household, covered in rows if not covered]
    return RegisterCoverage(on, len(rows), len(rows) - len(uncovered), uncovered[:UNCOVERED_SHOWN])


def _under(codes: Sequence[str] | None) -> ColumnElement[bool]:
    if codes is None:
        return true()
    r = residences.c
    places = [or_(r.street == c, r.community == c, r.compound == c, r.building == c) for c in codes]
    return or_(*places) if places else false()
