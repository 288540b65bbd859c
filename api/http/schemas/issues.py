"""Issue, dispatch-queue and rate requests and responses."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from api.http.schemas.common import Reason


class Attachment(BaseModel):
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="content hash of the stored file")
    name: str = Field(min_length=1, max_length=200)


class ReportIssue(BaseModel):
    node: str = Field(description="grid node code where the problem is (usually a building or compound)")
    category: str = Field(description="subclass code from the catalogue")
    description: str = Field(min_length=1, max_length=2000)
    urgency: str = "normal"
    coordinates: list[float] | None = Field(default=None, description="[longitude, latitude]")
    attachments: list[Attachment] = []
    reason: str = "reported from the grid"


class Because(BaseModel):
    reason: Reason


class Whistle(BaseModel):
    kind: str = Field(default="routine", description="routine, hard_case or emergency")
    lead: str = Field(description="the department that leads")
    co_handlers: list[str] = []
    reason: Reason


class DepartmentAct(BaseModel):
    department: str | None = Field(default=None, description="defaults to the caller's one department")
    reason: Reason


class Progress(DepartmentAct):
    note: str = Field(min_length=1, max_length=2000)


class Feedback(DepartmentAct):
    result: str = Field(min_length=1, max_length=2000)


class Redispatch(BaseModel):
    from_department: str
    to_department: str
    reason: Reason


class Verify(BaseModel):
    passed: bool
    departments: list[str] | None = Field(default=None, description="to rework; default all that fed back")
    reason: Reason


class Rate(BaseModel):
    department: str
    rating: str = Field(description="satisfied, basically_satisfied or unsatisfied")
    reason: Reason


class Extend(DepartmentAct):
    until: datetime | None = Field(default=None, description="a department asks for this; the office approves")


class Park(BaseModel):
    resume: bool = Field(default=False, description="true to bring a parked issue back")
    reason: Reason


class Merge(BaseModel):
    into: str = Field(description="id of the issue that survives")
    reason: Reason


class DispatchOut(BaseModel):
    department: str
    lead: bool
    status: str
    reworks: int
    rating: str | None


class IssueOut(BaseModel):
    id: str
    version: int
    node: str
    path: list[str]
    owner: str
    category: str
    description: str
    urgency: str
    status: str
    reporter: str
    reported_at: datetime
    possible_duplicates: list[str]
    merged_into: str | None
    deadlines: dict[str, datetime]
    dispatches: list[DispatchOut]


class IssueRow(BaseModel):
    id: str
    node: str
    owner: str
    category: str
    description: str
    status: str
    urgency: str
    reported_at: datetime
    next_due: datetime | None
    escalations: int


class IssuePage(BaseModel):
    total: int
    items: list[IssueRow]


class TimelineEntry(BaseModel):
    position: int
    at: datetime
    kind: str
    actor: str
    reason: str
    department: str | None
    summary_zh: str
    summary_en: str
    data: dict[str, object]


class QueueEntry(BaseModel):
    issue_id: str
    bucket: str
    lead: bool
    kind: str
    category: str
    node: str
    owner: str
    description: str
    dispatch_status: str
    issue_status: str
    dispatched_at: datetime
    due: datetime | None
    time_left_seconds: int | None = Field(description="working time left on the calendar; negative when overdue")
    overdue: bool
    reworks: int


class QueuePage(BaseModel):
    department: str
    counts: dict[str, int]
    total: int
    items: list[QueueEntry]


class RateRow(BaseModel):
    key: str
    dispatched: int
    response_rate: float | None
    on_time_rate: float | None
    resolution_rate: float | None
    rework_rate: float | None
    satisfaction_rate: float | None
    composite: float | None
