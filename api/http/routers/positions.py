"""Positions (两委班子, 后备库) and organisation life over HTTP: appoint, end, list as of a day;
record a training, talk or meeting, list records, and compliance as of a day.

Who may: `domain/reviews/permissions.py`; the cadence: `domain/positions/life.py`.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from api.http.deps import WRITES, ServicesDep
from api.http.fresh import fresh
from api.http.review_permits import ReviewPermitsDep
from api.http.schemas.common import Limit, Offset
from api.http.schemas.positions import (
    Appoint,
    EndHolding,
    HoldingOut,
    LifeCompliance,
    LifeObligationOut,
    LifeRecordOut,
    LifeRecordPage,
    PositionPage,
    RecordLife,
)
from domain.positions.model import CommunityRoster
from domain.reviews.permissions import PositionCommand
from domain.reviews.values import Post
from projections.positions.queries import held_on, life_records

router = APIRouter(prefix="/api/v1", tags=["positions"])


@router.post("/positions", status_code=201, dependencies=WRITES)
def appoint(body: Appoint, svc: ServicesDep, may: ReviewPermitsDep) -> list[HoldingOut]:
    """Appoint after a completed, passing joint review in the round (422 otherwise); returns the holdings then."""
    who = may.place(PositionCommand.APPOINT, body.node)
    roster = svc.app.appoint(
        node=body.node, post=body.post, person_id=body.person_id, valid_from=body.valid_from, actor=who.username,
        reason=body.reason,
    )  # fmt: skip
    return holdings_out(roster)


@router.post("/positions/{holding_id}/end", dependencies=WRITES)
def end_holding(holding_id: UUID, body: EndHolding, svc: ServicesDep, may: ReviewPermitsDep) -> list[HoldingOut]:
    who = may.place(PositionCommand.END, body.node)
    roster = svc.app.end_holding(
        node=body.node, holding_id=str(holding_id), valid_to=body.valid_to, actor=who.username, reason=body.reason
    )
    return holdings_out(roster)


@router.get("/positions", dependencies=[fresh("positions")])
def list_positions(
    svc: ServicesDep,
    may: ReviewPermitsDep,
    on: Annotated[date | None, Query(description="holdings in force on this day; default today")] = None,
    node: Annotated[str | None, Query(max_length=40, description="a community or a street")] = None,
    post: Post | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> PositionPage:
    if node is not None:
        may.place(PositionCommand.READ, node)
    everything, scopes = may.list_scope()
    day = on or svc.app.local_date(svc.app.clock.now())
    total, rows = held_on(
        svc.engine, day=day, everything=everything, scopes=scopes, node=node, post=post, limit=limit, offset=offset
    )
    return PositionPage(on=day, total=total, items=[HoldingOut.model_validate(r) for r in rows])


@router.post("/organisation-life", status_code=201, dependencies=WRITES)
def record_life(body: RecordLife, svc: ServicesDep, may: ReviewPermitsDep) -> LifeCompliance:
    """Record a training, talk or meeting; returns the community's compliance on the day it was held."""
    who = may.place(PositionCommand.RECORD_LIFE, body.node)
    svc.app.record_organisation_life(
        node=body.node, kind=body.kind, held_on=body.held_on, planned_on=body.planned_on, attendees=body.attendees,
        attendee_ids=body.attendee_ids, note=body.note, actor=who.username, reason=body.reason,
    )  # fmt: skip
    return compliance_out(svc, body.node, body.held_on, None)


@router.get("/organisation-life/{node}/records", dependencies=[fresh("positions")])
def list_life(
    node: str, svc: ServicesDep, may: ReviewPermitsDep, since: date, until: date, limit: Limit = 100, offset: Offset = 0
) -> LifeRecordPage:
    may.place(PositionCommand.READ, node)
    total, rows = life_records(svc.engine, community=node, since=since, until=until, limit=limit, offset=offset)
    return LifeRecordPage(total=total, items=[LifeRecordOut.model_validate(r) for r in rows])


@router.get("/organisation-life/{node}/compliance")
def life_compliance(
    node: str,
    svc: ServicesDep,
    may: ReviewPermitsDep,
    on: date,
    since: Annotated[date | None, Query(description="judged from this day; default 1 January of `on`'s year")] = None,
) -> LifeCompliance:
    """Each obligation's standing on `on` (met, on track, due soon, overdue), from the records dated by then."""
    may.place(PositionCommand.READ, node)
    return compliance_out(svc, node, on, since)


def compliance_out(svc: ServicesDep, node: str, on: date, since: date | None) -> LifeCompliance:
    start = since or date(on.year, 1, 1)
    statuses = svc.app.life_compliance(node, on=on, since=start)
    return LifeCompliance(
        node=node, on=on, since=start,
        obligations=[LifeObligationOut.model_validate(s, from_attributes=True) for s in statuses],
    )  # fmt: skip


def holdings_out(roster: CommunityRoster) -> list[HoldingOut]:
    return [
        HoldingOut(
            holding_id=h.id, community=roster.node, street=roster.path[0], post=h.post, person_id=UUID(h.person_id),
            valid_from=h.valid_from, valid_to=h.valid_to, review_id=UUID(h.review_id),
        )
        for h in roster.holdings.values()
    ]  # fmt: skip
