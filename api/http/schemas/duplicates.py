"""What a report at a place would be flagged against, asked for before it is sent."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from domain.issues.status import Status
from domain.issues.values import Urgency


class PossibleDuplicate(BaseModel):
    id: str
    node: str
    category: str
    description: str
    urgency: Urgency
    status: Status
    reported_at: datetime


class PossibleDuplicates(BaseModel):
    since: datetime = Field(description="open issues reported from this moment on are compared (the window)")
    items: list[PossibleDuplicate] = Field(description="those the caller may read, newest first")
    unreadable: int = Field(description="more that a report would be flagged against, outside the caller's reading")
