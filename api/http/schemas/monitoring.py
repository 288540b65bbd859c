"""Monitoring case requests and responses; every value bounded, every code an enum."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, Field

from api.http.schemas.common import Reason
from domain.monitoring.status import CaseCommand, CaseStatus, Step
from domain.monitoring.values import ClueSource, MonitoredCategory

Text = Annotated[str, Field(max_length=2000)]
Measure = Annotated[str, Field(min_length=1, max_length=200, description="an assistance measure (帮扶措施)")]


class OpenCase(BaseModel):
    household_id: UUID = Field(description="the household (户) from the person registry")
    category: MonitoredCategory
    source: ClueSource
    clue: Annotated[str, Field(min_length=1, max_length=2000, description="what the clue says (kept in the case)")]
    reason: Reason = "risk clue received"


class RecordStep(BaseModel):
    step: Step
    passed: bool = Field(description="false closes the case as not enrolled (未纳入), the reason saying why")
    findings: Text = ""
    department: Annotated[str | None, Field(max_length=40, description="data comparison: the department acted for")] = (
        None
    )
    measures: list[Measure] = Field(default=[], max_length=20, description="approval: the assistance measures")
    reason: Reason


class RecordIncome(BaseModel):
    checked_on: date = Field(description="the day the income was found (valid time)")
    income_per_person: int = Field(ge=0, le=10_000_000, description="per-person net income, yuan a year")
    note: Text = ""
    reason: Reason


class RecordLabour(BaseModel):
    has_capacity: bool = Field(description="false: no labour capacity, so the risk is never cleared (兜底)")
    reason: Reason


class Because(BaseModel):
    reason: Reason


class StepOut(BaseModel):
    step: Step
    passed: bool
    at: datetime
    by: str


class IncomeCheckOut(BaseModel):
    checked_on: date
    income_per_person: int
    recorded_by: str


class CaseOut(BaseModel):
    id: UUID
    household_id: UUID
    node: str
    path: list[str]
    owner: str = Field(description="the node the case was escalated to, or its own building")
    category: MonitoredCategory
    source: ClueSource
    clue: str
    status: CaseStatus
    opened_at: datetime
    opened_by: str
    pipeline_due: datetime
    deadlines: dict[str, datetime]
    overdue: list[str] = Field(description="deadlines passed, as of the answer's moment")
    notice_until: datetime | None
    steps: list[StepOut]
    income_checks: list[IncomeCheckOut]
    labour_capacity: bool | None
    measures: list[str]
    cleared_on: date | None
    allowed: list[CaseCommand] = Field(description="commands the transition table allows now")
    version: int


class BoardRow(BaseModel):
    id: UUID
    household_id: UUID
    node: str
    owner: str
    category: MonitoredCategory
    source: ClueSource
    status: CaseStatus
    opened_at: datetime
    next_due: datetime | None
    pipeline_due: datetime
    overdue: bool
    missed: int = Field(description="deadlines recorded as missed by the watcher")
    escalations: int


class BoardPage(BaseModel):
    total: int
    as_of: datetime
    items: list[BoardRow]


class NoticeOut(BaseModel):
    """What a public notice shows: never an ID number, phone, bank account or health."""

    case_id: UUID
    category: MonitoredCategory
    place: str
    posted_on: date
    runs_until: date
    text: str
