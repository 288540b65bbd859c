"""Joint review requests and responses (任职资格联审); every value bounded, every code an enum."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, Field

from api.http.schemas.common import Code, Reason
from domain.reviews.policy import MAX_BASIS, MAX_UNITS
from domain.reviews.values import Post, ReviewStatus, Verdict

RoundName = Annotated[str, Field(min_length=1, max_length=16, description="the election round (届次), e.g. 2026")]


class StartReview(BaseModel):
    person_id: UUID = Field(description="the candidate, a person of the register")
    node: Code = Field(description="the community whose post the candidate stands for")
    post: Post
    round: RoundName | None = Field(default=None, description="default: the round current today")
    units: list[Code] | None = Field(
        default=None, max_length=MAX_UNITS, description="reviewing units (department codes); default: the policy's list"
    )
    reason: Reason = "任职资格联审"


class AnswerReview(BaseModel):
    verdict: Verdict
    basis: Annotated[str, Field(min_length=1, max_length=MAX_BASIS, description="the written basis (审查意见)")]
    unit: Code | None = Field(default=None, description="the unit answered for, if you serve several")
    reason: Reason = "审查意见"


class VerdictOut(BaseModel):
    unit: str
    verdict: Verdict | None
    basis: str | None
    answered_at: datetime | None
    due: datetime | None
    overdue: bool


class EscalationOut(BaseModel):
    unit: str
    to: str
    at: datetime


class ReviewOut(BaseModel):
    id: UUID
    person_id: UUID
    round: str
    post: Post
    node: str
    path: list[str]
    status: ReviewStatus
    started_at: datetime
    started_by: str
    answer_due: datetime
    completed_at: datetime | None
    verdicts: list[VerdictOut]
    escalations: list[EscalationOut]
    version: int


class ReviewRow(BaseModel):
    id: UUID
    person_id: UUID
    round: str
    post: Post
    node: str
    street: str
    status: ReviewStatus
    units: int
    answered: int
    failed: int
    overdue: int
    escalations: int
    next_due: datetime | None
    started_at: datetime
    completed_at: datetime | None


class ReviewPage(BaseModel):
    total: int
    items: list[ReviewRow]
