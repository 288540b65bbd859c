"""The values a client may send, each list typed by the domain enum it comes from."""

from __future__ import annotations

from pydantic import BaseModel, Field

from domain.accounts.roles import Role
from domain.calendar.working import TimeUnit
from domain.grid.duties import Duty
from domain.issues.buckets import Bucket
from domain.issues.dispatch import DispatchStatus
from domain.issues.status import Status
from domain.issues.values import Rating, Stage, Urgency, WhistleKind


class LevelTerm(BaseModel):
    value: str = Field(description="what to send, e.g. street")
    number: int = Field(description="also accepted where a level is asked for: 1 street … 4 building")
    name_zh: str


class Vocabulary(BaseModel):
    roles: list[Role]
    levels: list[LevelTerm]
    duties: list[Duty] = Field(description="of a person at a grid node")
    urgencies: list[Urgency]
    whistle_kinds: list[WhistleKind]
    ratings: list[Rating]
    stages: list[Stage] = Field(description="the timed stages a category's limits name")
    time_units: list[TimeUnit]
    issue_statuses: list[Status]
    dispatch_statuses: list[DispatchStatus]
    queue_buckets: list[Bucket]
