"""Department, category and calendar requests and responses."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, Field

from api.http.schemas.common import Code, Name, Reason
from domain.calendar.working import TimeUnit
from domain.issues.values import Stage

# Ten years in minutes: the longest a limit can mean in any unit (the calendar looks no further).
MAX_AMOUNT = 10 * 366 * 24 * 60
# A district has a few dozen departments and a few hundred subclasses; streets by the dozen.
MAX_CODES = 500
Clock = Annotated[str, Field(max_length=5, description="HH:MM, local time")]


class DepartmentIn(BaseModel):
    code: Code = Field(description="e.g. CG for 城管")
    name: Name
    categories: list[Code] = Field(default=[], max_length=MAX_CODES)
    streets: list[Code] = Field(default=[], max_length=MAX_CODES, description="street codes served; empty: all")
    reason: Reason


class DepartmentOut(BaseModel):
    code: str
    name: str
    categories: list[str]
    streets: list[str] = Field(description="street codes served; empty means the whole district")


class DepartmentPage(BaseModel):
    total: int
    items: list[DepartmentOut]


class StageLimit(BaseModel):
    amount: int = Field(gt=0, le=MAX_AMOUNT)
    unit: TimeUnit


class CategoryIn(BaseModel):
    code: Code = Field(description="subclass code, e.g. 01.02")
    major: Name = Field(description="major class, e.g. 市容环境")
    name: Name = Field(description="subclass, e.g. 暴露垃圾")
    grid_may_handle: bool = False
    departments: list[Code] = Field(default=[], max_length=MAX_CODES)
    limits: dict[Stage, StageLimit] = Field(default={}, description="per stage; missing stages take the defaults")
    reason: Reason


class CategoryOut(BaseModel):
    code: str
    major: str
    name: str
    grid_may_handle: bool
    departments: list[str]
    limits: dict[str, StageLimit]


class CategoryPage(BaseModel):
    total: int
    items: list[CategoryOut]


class CalendarIn(BaseModel):
    utc_offset_hours: int = Field(default=8, ge=-12, le=14)
    periods: list[tuple[Clock, Clock]] = Field(default=[("09:00", "12:00"), ("13:30", "17:30")], max_length=24)
    weekdays: list[Annotated[int, Field(ge=0, le=6)]] = Field(default=[0, 1, 2, 3, 4], max_length=7)
    holidays: list[date] = Field(default=[], max_length=3660, description="ten years of days at most")
    makeup_days: list[date] = Field(default=[], max_length=3660, description="weekend days that are working (调休)")
    reason: Reason


class CalendarOut(BaseModel):
    """The working calendar deadlines are counted on."""

    utc_offset_hours: int
    periods: list[tuple[str, str]] = Field(description="working periods of a day, local HH:MM")
    weekdays: list[int] = Field(description="working weekdays, 0 Monday … 6 Sunday")
    holidays: list[date] = Field(description="days off that would be working days")
    makeup_days: list[date] = Field(description="weekend days that are working (调休)")


class LimitsIn(BaseModel):
    limits: dict[Stage, StageLimit] = Field(description="per stage; stages not named take the defaults")
    reason: Reason


class RemitIn(BaseModel):
    categories: list[Code] = Field(max_length=MAX_CODES)
    streets: list[Code] = Field(default=[], max_length=MAX_CODES, description="empty means the whole district")
    reason: Reason
