"""Issue states and the commands each allows: the one transition table every command checks."""

from __future__ import annotations

from enum import StrEnum

from domain.shared.errors import IllegalTransitionError


class Status(StrEnum):
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


ALLOWED: dict[Status, tuple[str, ...]] = {
    Status.REPORTED: ("accept", "decline", "merge"),
    Status.DECLINED: (),
    Status.REGISTERED: ("handle", "whistle", "park", "merge"),
    Status.HANDLING: ("feedback", "whistle", "park"),
    Status.DISPATCHED: ("check-in", "progress", "feedback", "return", "redispatch", "extend", "park"),
    Status.AWAITING_VERIFICATION: ("verify",),
    Status.VERIFIED: ("close",),
    Status.CLOSED: ("rate", "reopen"),
    Status.PARKED: ("unpark",),
    Status.MERGED: (),
}

OPEN = frozenset(s for s in Status if s not in (Status.DECLINED, Status.CLOSED, Status.MERGED))


def require(status: Status, command: str) -> None:
    """Refuses `command` unless the table allows it in `status`."""
    allowed = ALLOWED[status]
    if command not in allowed:
        raise IllegalTransitionError(
            f"cannot {command} an issue that is {status}",
            state=str(status),
            allowed=list(allowed),
        )
