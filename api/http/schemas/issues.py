"""Issue, dispatch-queue and rate requests and responses; every value bounded, every code an enum."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, Field

from api.http.schemas.common import Reason
from domain.issues.buckets import Bucket
from domain.issues.dispatch import DispatchStatus
from domain.issues.intake import Intake
from domain.issues.model import FEEDBACK_PHOTOS
from domain.issues.status import Status
from domain.issues.values import Rating, Urgency, WhistleKind

Code = Annotated[str, Field(min_length=1, max_length=64, description="a code from the catalogue or the grid")]
Text = Annotated[str, Field(min_length=1, max_length=2000)]


class Attachment(BaseModel):
    """A photo: upload it at POST /api/v1/photos first, then send what that answered."""

    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="content hash of the stored file")
    name: str = Field(min_length=1, max_length=200)


class ReportIssue(BaseModel):
    node: Code = Field(description="grid node code where the problem is (usually a building or compound)")
    category: Code = Field(description="subclass code from GET /api/v1/categories")
    description: Text
    urgency: Urgency = Urgency.NORMAL
    coordinates: list[Annotated[float, Field(ge=-180, le=180)]] | None = Field(
        default=None, min_length=2, max_length=2, description="[longitude, latitude]"
    )
    attachments: list[Attachment] = Field(default=[], max_length=8)
    reason: Reason = "reported from the grid"


class Because(BaseModel):
    reason: Reason


class Whistle(BaseModel):
    kind: WhistleKind = WhistleKind.ROUTINE
    lead: Code = Field(description="the department that leads (GET /api/v1/departments)")
    co_handlers: list[Code] = Field(default=[], max_length=10)
    reason: Reason


class DepartmentAct(BaseModel):
    department: Code | None = Field(default=None, description="defaults to the caller's one department")
    reason: Reason


class Progress(DepartmentAct):
    note: Text


class Feedback(DepartmentAct):
    result: Text
    attachments: list[Attachment] = Field(
        default=[], max_length=FEEDBACK_PHOTOS, description=f"photos of the result, at most {FEEDBACK_PHOTOS}"
    )


class Redispatch(BaseModel):
    from_department: Code
    to_department: Code
    reason: Reason


class Verify(BaseModel):
    passed: bool
    departments: list[Code] | None = Field(default=None, max_length=20, description="to rework; default all")
    reason: Reason


class Rate(BaseModel):
    department: Code
    rating: Rating
    reason: Reason


class ExtensionRequest(DepartmentAct):
    until: AwareDatetime = Field(description="the new deadline asked for, with its UTC offset")


class ExtensionGrant(BaseModel):
    department: Code = Field(description="the department whose request is granted")
    reason: Reason


class Extend(DepartmentAct):
    until: AwareDatetime | None = Field(default=None, description="a department asks for this; the office approves")


class Park(BaseModel):
    resume: bool = Field(default=False, description="deprecated: use POST …/unpark")
    reason: Reason


class Merge(BaseModel):
    into: UUID = Field(description="id of the issue that survives")
    reason: Reason


class DispatchOut(BaseModel):
    department: str
    lead: bool
    status: DispatchStatus
    reworks: int
    rating: Rating | None
    feedback: str | None = Field(description="the department's last result (反馈), kept through a rework")
    attachments: list[Attachment] = Field(description="photos of that result")
    due: datetime | None = Field(description="the deadline it runs against now: check-in, then handling")
    extension_until: datetime | None = Field(description="an extension it asked for, not yet granted (申请延期)")


class GridResult(BaseModel):
    """What the grid reported when it handled the issue itself (自行处置), for whoever verifies it."""

    result: str
    attachments: list[Attachment]


class IssueOut(BaseModel):
    id: str
    version: int
    node: str
    path: list[str]
    owner: str
    category: str
    description: str
    urgency: Urgency
    status: Status
    reporter: str
    reported_at: datetime
    intake: Intake = Field(description="who brought the report in: the grid, a resident (随手拍), or an Open311 client")
    address: str = Field(description="the place as a resident or client wrote it (empty for grid reports)")
    has_contact: bool = Field(description="a sealed phone or name to call back: POST …/contact to open it")
    attachments: list[Attachment] = Field(description="the report's photos (GET /api/v1/photos/{sha256})")
    possible_duplicates: list[str]
    merged_into: str | None
    deadlines: dict[str, datetime] = Field(description="stage (and department) → when it falls due")
    dispatches: list[DispatchOut]
    grid_result: GridResult | None = Field(default=None, description="the grid's own result (自行处置), if any")
    warnings: list[str] = Field(default=[], description="what the command did that a person should know")


class IssueRow(BaseModel):
    id: str
    node: str
    owner: str
    category: str
    description: str
    status: Status
    urgency: Urgency
    reported_at: datetime
    next_due: datetime | None
    escalations: int
    returned: list[str] = Field(default=[], description="departments that sent their dispatch back (退回)")


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
    bucket: Bucket
    lead: bool
    kind: WhistleKind
    category: str
    node: str
    owner: str
    description: str
    dispatch_status: DispatchStatus
    issue_status: Status
    dispatched_at: datetime
    due: datetime | None
    time_left_seconds: int | None = Field(description="working time left on the calendar; negative when overdue")
    overdue: bool
    reworks: int


class QueuePage(BaseModel):
    department: str
    counts: dict[Bucket, int]
    total: int
    items: list[QueueEntry]


class RateRow(BaseModel):
    """Each rate is a share between 0 and 1 of the dispatches made in the window; None when none applies."""

    key: str = Field(description="the department code, or the grid node code")
    dispatched: int = Field(description="dispatches made to it in the window (re-dispatched ones included)")
    response_rate: float | None = Field(description="checked in by the check-in deadline ÷ dispatched (报到率)")
    on_time_rate: float | None = Field(
        description="fed back with no deadline missed ÷ dispatches fed back or already late; an item the queue "
        "shows overdue counts as late at once, so this rate and the queue's overdue bucket agree (按期率)"
    )
    resolution_rate: float | None = Field(description="dispatches of closed issues ÷ dispatches not returned (解决率)")
    rework_rate: float | None = Field(description="dispatches reworked at least once ÷ dispatches not returned")
    satisfaction_rate: float | None = Field(
        description="rated satisfied (1) or basically satisfied (GRIDGOV_BASICALLY_SATISFIED) ÷ rated (满意率)"
    )
    composite: float | None = Field(
        description="weighted sum of response, resolution and satisfaction rates (GRIDGOV_RATE_WEIGHTS), 0–1"
    )


class ContactOut(BaseModel):
    """A resident's call-back details, opened for a stated reason (the read is in the audit trail)."""

    issue: str
    phone: str
    name: str
