"""Which reports GET requests lists: those that came in from outside the grid (rm_public_requests),
in one street, filtered on the issue rows (category, open or closed, when requested).

Only ids come out of the read models: each request is then shaped from its issue's events, the
way every public view is (domain/issues/public.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Engine, select

from domain.issues.public import Open311Status
from domain.issues.status import FINISHED
from projections.intake.projection import public_requests
from projections.issues.tables import issues

_FINISHED = sorted(str(s) for s in FINISHED)


@dataclass(frozen=True)
class Window:
    """A page of the public requests of one street reported in [start, end]."""

    street: str
    start: datetime
    end: datetime
    categories: frozenset[str]  # empty: every category
    statuses: frozenset[Open311Status]  # empty: open and closed
    limit: int
    offset: int


def public_request_ids(engine: Engine, window: Window) -> list[str]:
    """Newest first (then by id, so pages do not overlap)."""
    conditions: list[ColumnElement[bool]] = [
        issues.c.street == window.street,
        public_requests.c.requested_at >= window.start,
        public_requests.c.requested_at <= window.end,
    ]
    if window.categories:
        conditions.append(issues.c.category.in_(sorted(window.categories)))
    if window.statuses == {Open311Status.OPEN}:
        conditions.append(issues.c.status.not_in(_FINISHED))
    elif window.statuses == {Open311Status.CLOSED}:
        conditions.append(issues.c.status.in_(_FINISHED))
    query = (
        select(public_requests.c.issue_id)
        .join(issues, issues.c.id == public_requests.c.issue_id)
        .where(*conditions)
        .order_by(public_requests.c.requested_at.desc(), public_requests.c.issue_id)
        .limit(window.limit)
        .offset(window.offset)
    )
    with engine.connect() as conn:
        return [str(row.issue_id) for row in conn.execute(query)]
