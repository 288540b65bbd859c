"""Issue states, the commands on an issue, and the one transition table every command checks.

Who may run each command, and where, is the permission table beside this one
(`domain/issues/permissions.py`); when each stage falls due is `domain/issues/deadlines.py`.
"""

from __future__ import annotations

from enum import StrEnum

from domain.shared.errors import IllegalTransitionError


class Status(StrEnum):
    CITIZEN = "citizen"  # a resident's or client system's report, waiting to be checked on site (核实)
    REPORTED = "reported"  # 上报, waiting to be registered
    DECLINED = "declined"  # 不予立案
    REGISTERED = "registered"  # 立案
    HANDLING = "handling"  # 自行处置: the grid handles it itself
    DISPATCHED = "dispatched"  # 吹哨: departments called
    AWAITING_VERIFICATION = "awaiting_verification"  # 待核查
    VERIFIED = "verified"  # 核查通过
    CLOSED = "closed"  # 结案
    PARKED = "parked"  # 挂账: the clock stops
    MERGED = "merged"  # a duplicate folded into another issue


class Command(StrEnum):
    """Every command on an issue; the value is the last segment of its HTTP route."""

    REPORT = "report"  # 上报
    CONFIRM = "confirm"  # 核实属实: a citizen report checked on site and registered (立案)
    DISMISS = "dismiss"  # 核实不属实: checked on site and not registered; the resident sees why
    ACCEPT = "accept"  # 立案
    DECLINE = "decline"  # 不予立案
    HANDLE = "handle"  # 自行处置
    GRID_FEEDBACK = "grid-feedback"  # the grid reports its own handling done
    WHISTLE = "whistle"  # 吹哨
    CHECK_IN = "check-in"  # 报到
    PROGRESS = "progress"
    FEEDBACK = "feedback"  # a department's result (反馈)
    RETURN = "return"  # 退回
    REDISPATCH = "redispatch"  # 改派
    REQUEST_EXTENSION = "request-extension"  # 申请延期
    GRANT_EXTENSION = "grant-extension"  # 批准延期
    VERIFY = "verify"  # 核查
    CLOSE = "close"  # 结案
    RATE = "rate"  # 评价
    REOPEN = "reopen"
    PARK = "park"  # 挂账
    UNPARK = "unpark"
    MERGE = "merge"  # 合并


C = Command
ALLOWED: dict[Status, tuple[Command, ...]] = {
    Status.CITIZEN: (C.CONFIRM, C.DISMISS, C.MERGE),
    Status.REPORTED: (C.ACCEPT, C.DECLINE, C.MERGE),
    Status.DECLINED: (),
    Status.REGISTERED: (C.HANDLE, C.WHISTLE, C.PARK, C.MERGE),
    Status.HANDLING: (C.GRID_FEEDBACK, C.WHISTLE, C.PARK),
    Status.DISPATCHED: (
        C.CHECK_IN,
        C.PROGRESS,
        C.FEEDBACK,
        C.RETURN,
        C.REDISPATCH,
        C.REQUEST_EXTENSION,
        C.GRANT_EXTENSION,
        C.PARK,
    ),
    Status.AWAITING_VERIFICATION: (C.VERIFY,),
    Status.VERIFIED: (C.CLOSE,),
    Status.CLOSED: (C.RATE, C.REOPEN),
    Status.PARKED: (C.UNPARK,),
    Status.MERGED: (),
}

FINISHED = frozenset(
    {Status.DECLINED, Status.CLOSED, Status.MERGED}
)  # no deadline runs; only closed may be rated, reopened
OPEN_STATUSES = frozenset(s for s in Status if s not in FINISHED)
TIMED_STATUSES = OPEN_STATUSES - {Status.PARKED, Status.VERIFIED}  # whose deadlines the watcher checks


def require(status: Status, command: Command) -> None:
    """Refuses `command` unless the table allows it in `status`."""
    allowed = ALLOWED[status]
    if command not in allowed:
        raise IllegalTransitionError(
            f"cannot {command} an issue that is {status}",
            state=str(status),
            allowed=[str(c) for c in allowed],
        )
