"""What anyone may see of a report from outside the grid: its progress, in a fixed vocabulary.

The public view (the resident's receipt link, Open311's GET requests) is built from the issue's
events through the tables below and nothing else: no actor, no phone or name, no free text a
resident or a worker wrote, except the reason a report was dismissed or declined, which is
written for the resident to read. GeoReport v2 knows only open and closed (`OPEN311_STATUS`);
the finer state travels as `status_notes`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from domain.issues.model import Issue
from domain.issues.status import FINISHED, Status


class Open311Status(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


def open311_status(status: Status) -> Open311Status:
    """Declined, dismissed, merged and closed requests are closed; everything else is open."""
    return Open311Status.CLOSED if status in FINISHED else Open311Status.OPEN


# What each state means to the resident (the status note when nothing more specific applies).
PROGRESS: dict[Status, str] = {
    Status.CITIZEN: "已受理，待网格员现场核实",
    Status.REPORTED: "已上报，待立案",
    Status.DECLINED: "不予立案",
    Status.REGISTERED: "已立案",
    Status.HANDLING: "网格处置中",
    Status.DISPATCHED: "已派单，职能部门处置中",
    Status.AWAITING_VERIFICATION: "部门已反馈，待网格核查",
    Status.VERIFIED: "核查通过，待结案",
    Status.CLOSED: "已办结",
    Status.PARKED: "挂账，暂缓处置",
    Status.MERGED: "与另一件同一问题合并办理",
}

# The events a resident sees as steps, each with its fixed wording; every other event is internal.
STEPS: dict[str, str] = {
    "Reported": "已受理",
    "Confirmed": "网格员现场核实属实，已立案",
    "Dismissed": "网格员现场核实，不予立案",
    "Accepted": "已立案",
    "Declined": "不予立案",
    "HandlingStarted": "网格自行处置",
    "WhistleBlown": "已吹哨，职能部门处置中",
    "DepartmentCheckedIn": "职能部门已报到",
    "FeedbackGiven": "处置结果已反馈",
    "VerificationPassed": "现场核查通过",
    "VerificationFailed": "现场核查未通过，返工",
    "Closed": "已办结",
    "Reopened": "重新办理",
    "Parked": "挂账",
    "Unparked": "恢复办理",
    "MergedInto": "与另一件同一问题合并办理",
}
REASON_SHOWN = frozenset({"Dismissed", "Declined"})  # reasons written for the resident to read


@dataclass(frozen=True)
class Step:
    at: datetime
    what: str
    reason: str | None  # only where REASON_SHOWN


@dataclass(frozen=True)
class PublicView:
    id: str
    category: str
    status: Status
    open311: Open311Status
    notes: str
    requested_at: datetime
    updated_at: datetime
    expected_at: datetime | None  # the latest deadline still running
    lead: str | None  # the department leading the case (agency_responsible), once called
    node: str  # where, as a grid node: a public place, never the address a resident typed
    coordinates: list[float] | None
    steps: list[Step]


def public_view(issue: Issue, events: list[Any]) -> PublicView:
    """The issue as the public sees it; `events` are its stored events, oldest first."""
    steps = [_step(e) for e in events if type(e).__name__ in STEPS]
    shown = [s for s in steps if s.reason]
    notes = shown[-1].reason if shown and issue.status in FINISHED else PROGRESS[issue.status]
    lead = next((d.department for d in issue.dispatches.values() if d.lead), None)
    running = [due for due in issue.deadlines.values()] if issue.is_open else []
    return PublicView(
        id=str(issue.id),
        category=issue.category,
        status=issue.status,
        open311=open311_status(issue.status),
        notes=notes or PROGRESS[issue.status],
        requested_at=issue.reported_at,
        updated_at=issue.modified_on,
        expected_at=max(running) if running else None,
        lead=lead,
        node=issue.node,
        coordinates=issue.coordinates,
        steps=steps,
    )


def _step(event: Any) -> Step:
    name = type(event).__name__
    return Step(event.timestamp, STEPS[name], event.reason if name in REASON_SHOWN else None)
