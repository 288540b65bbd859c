"""One department's part in an issue: called, checked in, fed back, returned, rated."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class DispatchStatus(StrEnum):
    ASSIGNED = "assigned"  # whistle received, not yet checked in
    CHECKED_IN = "checked_in"  # 报到: acting on it
    FED_BACK = "fed_back"  # 反馈: result given, awaiting verification
    RETURNED = "returned"  # 退回: "not ours", awaiting re-dispatch
    WITHDRAWN = "withdrawn"  # re-dispatched elsewhere


ACTIVE = (DispatchStatus.ASSIGNED, DispatchStatus.CHECKED_IN, DispatchStatus.FED_BACK)


@dataclass
class Dispatch:
    department: str
    lead: bool
    status: DispatchStatus
    dispatched_at: datetime
    last_activity: datetime
    reworks: int = 0
    rating: str | None = None
