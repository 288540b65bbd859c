"""One department's part in an issue: called, checked in, fed back, returned, rated."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from domain.issues.status import Command


class DispatchStatus(StrEnum):
    ASSIGNED = "assigned"  # whistle received, not yet checked in
    CHECKED_IN = "checked_in"  # 报到: acting on it
    FED_BACK = "fed_back"  # 反馈: result given, awaiting verification
    RETURNED = "returned"  # 退回: "not ours", awaiting re-dispatch
    WITHDRAWN = "withdrawn"  # re-dispatched elsewhere


ACTIVE = (DispatchStatus.ASSIGNED, DispatchStatus.CHECKED_IN, DispatchStatus.FED_BACK)

# The commands that act on one department's dispatch, and the dispatch states each needs; the issue's
# own state is checked first (`status.ALLOWED`). The aggregate refuses by this table, and tells a
# client which departments a command could act for now by the same table.
_S = DispatchStatus
DISPATCH_ALLOWED: dict[Command, tuple[DispatchStatus, ...]] = {
    Command.CHECK_IN: (_S.ASSIGNED,),
    Command.PROGRESS: (_S.CHECKED_IN,),
    Command.FEEDBACK: (_S.CHECKED_IN,),
    Command.RETURN: (_S.ASSIGNED, _S.CHECKED_IN),
    Command.REDISPATCH: (_S.RETURNED, _S.ASSIGNED),
    Command.REQUEST_EXTENSION: (_S.ASSIGNED, _S.CHECKED_IN),
    Command.GRANT_EXTENSION: (_S.ASSIGNED, _S.CHECKED_IN),
    Command.RATE: (_S.FED_BACK,),
}


@dataclass
class Dispatch:
    department: str
    lead: bool
    status: DispatchStatus
    dispatched_at: datetime
    last_activity: datetime
    reworks: int = 0
    rating: str | None = None
    feedback: str | None = None  # the department's last result (反馈), kept through a rework
    attachments: list[dict[str, str]] = field(default_factory=list)  # photos of that result: sha256, name
