"""What a resident sends and sees: the report form's answer (a receipt) and the public progress view."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from domain.issues.public import Open311Status
from domain.issues.status import Status


class Receipt(BaseModel):
    """Keep it: the request id to quote on the phone, the link to follow, and the proof's code."""

    request_id: str
    follow: str = Field(description="the public progress view of this report (no personal data of anybody)")
    proof: str = Field(description="the inclusion proof of this report in the signed log, checked offline")
    code: str = Field(description="the receipt's code: only its holder may fetch the proof")
    status: Status
    notes: str
    audit_key: str = Field(description="the key tree heads are signed with (hex): compare it with the street's")


class Step(BaseModel):
    at: datetime
    what: str = Field(description="a fixed wording: no names, no free text")
    reason: str | None = Field(description="only for a dismissal or a decline: why, written for the resident")


class PublicRequest(BaseModel):
    """A report's progress as anyone may see it: no phone, no name, no description, no account."""

    request_id: str
    category: str
    category_name: str
    status: Status
    open311_status: Open311Status
    notes: str
    place: str = Field(description="the grid node's names from the street down: a public place")
    requested_at: datetime
    updated_at: datetime
    expected_at: datetime | None = Field(description="the latest deadline still running")
    lead: str | None = Field(description="the department leading the case, once called")
    steps: list[Step]
