"""Household standards requests and responses (一超两不愁三保障三有)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, Field

from api.http.schemas.common import Reason
from domain.standards.items import CheckKind, Group, Item, ItemStatus, Judgement

Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$", description="sha256 of an attachment, lowercase hex")]


class RecordCheck(BaseModel):
    item: Item
    status: ItemStatus
    checked_on: date = Field(description="the day it was found (valid time); not after today")
    kind: CheckKind = CheckKind.REGULAR
    measure: float | None = Field(
        default=None,
        ge=0,
        le=10_000_000,
        description="income: per-person net income, yuan a year; medical: in-county out-of-pocket share, percent",
    )
    evidence: Annotated[str, Field(max_length=2000)] = ""
    attachments: list[Sha256] = Field(default=[], max_length=20)
    reason: Reason = "standards check"


class CheckOut(BaseModel):
    item: Item
    status: ItemStatus
    measure: float | None
    checked_on: date
    kind: CheckKind
    checker: str
    evidence: str
    attachments: list[str]
    recorded_at: datetime


class ItemStanding(BaseModel):
    item: Item
    judgement: Judgement
    latest: CheckOut | None


class StandingOut(BaseModel):
    household_id: UUID
    on: date
    national_line: int = Field(description="yuan per person a year, the line of the date's year")
    overall: Judgement
    groups: dict[Group, Judgement]
    items: list[ItemStanding]


class ItemShare(BaseModel):
    item: Item
    met: int
    share: float | None = Field(description="households meeting it ÷ households checked, 0 … 1")


class NodeFigures(BaseModel):
    node: str
    households: int
    meeting_all: int
    income_checked: int
    below_line: int
    poverty_incidence: float | None = Field(description="households below the line ÷ households income-checked")
    items: list[ItemShare]


class NodeStandardsOut(NodeFigures):
    on: date
    children: list[NodeFigures]
