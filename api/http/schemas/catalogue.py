"""Department, category and calendar requests and responses."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from api.http.schemas.common import Reason


class DepartmentIn(BaseModel):
    code: str = Field(description="e.g. CG for 城管")
    name: str
    categories: list[str] = []
    streets: list[str] = Field(default=[], description="street codes served; empty means the whole district")
    reason: Reason


class DepartmentOut(BaseModel):
    code: str
    name: str
    categories: list[str]
    streets: list[str]


class Limit(BaseModel):
    amount: int = Field(gt=0)
    unit: str = Field(description="working_hours, working_days, calendar_hours or calendar_minutes")


class CategoryIn(BaseModel):
    code: str = Field(description="subclass code, e.g. 01.02")
    major: str = Field(description="major class, e.g. 市容环境")
    name: str = Field(description="subclass, e.g. 暴露垃圾")
    grid_may_handle: bool = False
    departments: list[str] = []
    limits: dict[str, Limit] = Field(default={}, description="per stage; missing stages take the defaults")
    reason: Reason


class CategoryOut(BaseModel):
    code: str
    major: str
    name: str
    grid_may_handle: bool
    departments: list[str]
    limits: dict[str, Limit]


class CalendarIn(BaseModel):
    utc_offset_hours: int = 8
    periods: list[tuple[str, str]] = [("09:00", "12:00"), ("13:30", "17:30")]
    weekdays: list[int] = [0, 1, 2, 3, 4]
    holidays: list[date] = []
    makeup_days: list[date] = Field(default=[], description="weekend days that are working days (调休)")
    reason: Reason


class LimitsIn(BaseModel):
    limits: dict[str, Limit] = Field(description="per stage; stages not named take the defaults")
    reason: Reason


class RemitIn(BaseModel):
    categories: list[str]
    streets: list[str] = Field(default=[], description="empty means the whole district")
    reason: Reason
