"""Positions and organisation-life requests and responses; every value bounded, every code an enum."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, Field

from api.http.schemas.common import Code, Reason
from domain.cadence.compliance import Standing
from domain.cadence.periods import Period
from domain.positions.life import MAX_ATTENDEES, MAX_COUNT, MAX_NOTE, LifeKind
from domain.reviews.values import Post


class Appoint(BaseModel):
    node: Code = Field(description="the community")
    post: Post
    person_id: UUID
    valid_from: date = Field(description="the first day held")
    reason: Reason = "任职"


class EndHolding(BaseModel):
    node: Code
    valid_to: date = Field(description="the first day no longer held")
    reason: Reason


class HoldingOut(BaseModel):
    holding_id: str
    community: str
    street: str
    post: Post
    person_id: UUID
    valid_from: date
    valid_to: date | None
    review_id: UUID


class PositionPage(BaseModel):
    on: date
    total: int
    items: list[HoldingOut]


class RecordLife(BaseModel):
    node: Code = Field(description="the community")
    kind: LifeKind
    held_on: date
    planned_on: date | None = Field(default=None, description="meetings: the day planned (by the 5th of the month)")
    attendees: int = Field(default=0, ge=0, le=MAX_COUNT, description="how many attended (or list their ids)")
    attendee_ids: list[Annotated[str, Field(max_length=40)]] = Field(default=[], max_length=MAX_ATTENDEES)
    note: Annotated[str, Field(max_length=MAX_NOTE)] = ""
    reason: Reason = "组织生活记录"


class LifeRecordOut(BaseModel):
    record_id: str
    community: str
    kind: LifeKind
    held_on: date
    planned_on: date | None
    attendees: int
    note: str
    recorded_by: str
    recorded_at: datetime


class LifeRecordPage(BaseModel):
    total: int
    items: list[LifeRecordOut]


class LifeObligationOut(BaseModel):
    kind: LifeKind
    at_least: int
    per: Period
    standing: Standing
    due: date | None
    days_late: int
    done: int
    met_windows: int
    missed_windows: int


class LifeCompliance(BaseModel):
    node: str
    on: date
    since: date
    obligations: list[LifeObligationOut]
