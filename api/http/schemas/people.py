"""Register requests and responses: every text bounded, every code an enum, personal fields masked."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, Field

from api.http.schemas.common import Reason
from domain.people.values import Gender, Relation, Sensitive, Tag

Code = Annotated[str, Field(min_length=1, max_length=64, description="a grid node code (a building)")]
Short = Annotated[str, Field(max_length=40)]


class RegisterPerson(BaseModel):
    name: Annotated[str, Field(min_length=1, max_length=50)]
    id_number: Annotated[str, Field(min_length=1, max_length=18, description="18 characters (GB 11643)")]
    gender: Gender
    phone: Annotated[str, Field(max_length=20)] = ""
    building: Code
    unit: Short = ""
    room: Short = ""
    since: date = Field(description="the date the person began to live there (valid time)")
    sensitive: dict[Sensitive, Annotated[str, Field(max_length=500)]] = Field(
        default={}, max_length=len(Sensitive), description="health, religion, criminal_record, bank_account …"
    )
    reason: Reason = "registered by the grid"


class Move(BaseModel):
    building: Code
    unit: Short = ""
    room: Short = ""
    on: date = Field(description="the day of the move (valid time)")
    reason: Reason


class CorrectResidence(Move):
    was: date = Field(description="the start date of the residence being corrected")


class CorrectDetails(BaseModel):
    changes: dict[Sensitive, Annotated[str, Field(max_length=500)]] = Field(min_length=1, max_length=len(Sensitive))
    reason: Reason


class TagPerson(BaseModel):
    tag: Tag
    on: date
    details: Annotated[str, Field(max_length=200, description="e.g. the party branch")] = ""
    reason: Reason


class EndTag(BaseModel):
    tag: Tag
    on: date = Field(description="the first day the tag no longer holds")
    reason: Reason


class Dated(BaseModel):
    on: date
    reason: Reason


class MergePerson(BaseModel):
    into: UUID = Field(description="the record that carries on")
    reason: Reason


class Because(BaseModel):
    reason: Reason


class Reveal(BaseModel):
    field: Sensitive
    reason: Annotated[str, Field(min_length=5, max_length=500, description="why you need to see it: recorded")]


class Revealed(BaseModel):
    person: str
    field: Sensitive
    value: str


class ResidenceOut(BaseModel):
    valid_from: date
    building: str


class TagOut(BaseModel):
    tag: Tag
    valid_from: date
    valid_to: date | None
    details: str


class ResidentOut(BaseModel):
    id: str
    version: int
    name: str = Field(description="empty once erased")
    masked_id: str = Field(description="first 4 and last 4 characters; reveal for more, with a reason")
    masked_phone: str
    gender: Gender
    building: str | None = Field(description="where the person lived on the day asked (valid time)")
    residences: list[ResidenceOut]
    tags: list[TagOut]
    died_on: date | None
    living: bool
    merged_into: str | None
    absorbed: list[str]
    erased: bool


class RegisterRow(BaseModel):
    id: str
    name: str
    masked_id: str
    gender: Gender
    building: str
    compound: str | None
    community: str | None
    street: str
    resident_since: date
    tags: list[Tag]
    household: str | None
    died_on: date | None
    living: bool
    erased: bool


class RegisterPage(BaseModel):
    on: date
    total: int
    items: list[RegisterRow]


class FormHousehold(BaseModel):
    head: UUID
    on: date
    reason: Reason


class JoinHousehold(BaseModel):
    person: UUID
    relation: Relation
    on: date
    reason: Reason


class LeaveHousehold(BaseModel):
    person: UUID
    on: date
    to_household: UUID | None = None
    reason: Reason


class ChangeHead(BaseModel):
    person: UUID
    former_relation: Relation = Field(description="the old head's relation to the new one")
    on: date
    reason: Reason


class SplitHousehold(BaseModel):
    members: list[UUID] = Field(min_length=1, max_length=30)
    head: UUID
    on: date
    reason: Reason


class MemberOut(BaseModel):
    person: str
    relation: Relation
    valid_from: date
    valid_to: date | None


class HouseholdOut(BaseModel):
    id: str
    version: int
    head: str
    building: str
    split_from: str | None
    members: list[MemberOut] = Field(description="members on the day asked")
    history: list[MemberOut]


class HouseholdPage(BaseModel):
    total: int
    items: list[HouseholdOut]


class Recorded(BaseModel):
    """A command's answer where no view is returned."""

    id: str
    at: datetime


class Imported(BaseModel):
    registered: int
