"""Issue commands over HTTP: each route asks the permission table, then calls one command.

Who may run what is `domain/issues/permissions.py`; in which state is `domain/issues/status.py`.
Every route takes an optional If-Match, the issue version the caller decided on: once the issue
has moved past it the command is refused (409 naming If-Match) and nothing is recorded.
"""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from api.adapters.photos import photo_store
from api.http.deps import WRITES, ServicesDep
from api.http.etags import VersionTagged
from api.http.permits import PermitsDep
from api.http.schemas.issues import (
    Because,
    ContactOut,
    DepartmentAct,
    Extend,
    ExtensionGrant,
    ExtensionRequest,
    Feedback,
    IssueOut,
    Merge,
    Park,
    Progress,
    Rate,
    Redispatch,
    Verify,
    Whistle,
)
from api.http.schemas.shaping_issues import issue_out
from api.http.versions import IfMatch, expected_version
from domain.issues.status import Command

router = APIRouter(
    prefix="/api/v1/issues/{issue_id}", tags=["issue commands"], dependencies=WRITES, route_class=VersionTagged
)


@router.post("/accept")
def accept(issue_id: UUID, body: Because, svc: ServicesDep, may: PermitsDep, if_match: IfMatch = None) -> IssueOut:
    who = may.issue(Command.ACCEPT, issue_id)
    issue = svc.app.accept_issue(
        issue_id, actor=who.username, reason=body.reason, expected_version=expected_version(if_match)
    )
    return issue_out(issue)


@router.post("/decline")
def decline(issue_id: UUID, body: Because, svc: ServicesDep, may: PermitsDep, if_match: IfMatch = None) -> IssueOut:
    who = may.issue(Command.DECLINE, issue_id)
    issue = svc.app.decline_issue(
        issue_id, actor=who.username, reason=body.reason, expected_version=expected_version(if_match)
    )
    return issue_out(issue)


@router.post("/confirm")
def confirm(issue_id: UUID, body: Because, svc: ServicesDep, may: PermitsDep, if_match: IfMatch = None) -> IssueOut:
    """核实属实: a citizen report checked on site and registered into the loop."""
    who = may.issue(Command.CONFIRM, issue_id)
    issue = svc.app.confirm_report(
        issue_id, actor=who.username, reason=body.reason, expected_version=expected_version(if_match)
    )
    return issue_out(issue)


@router.post("/dismiss")
def dismiss(issue_id: UUID, body: Because, svc: ServicesDep, may: PermitsDep, if_match: IfMatch = None) -> IssueOut:
    """核实不属实: checked on site and not registered; the reason is shown to the resident."""
    who = may.issue(Command.DISMISS, issue_id)
    issue = svc.app.dismiss_report(
        issue_id, actor=who.username, reason=body.reason, expected_version=expected_version(if_match)
    )
    return issue_out(issue)


@router.post("/contact")
def contact(issue_id: UUID, body: Because, svc: ServicesDep, may: PermitsDep) -> ContactOut:
    """A resident's phone and name in clear, to call back, for a stated reason (recorded first)."""
    who = may.contact(issue_id)
    fields = svc.app.reveal_contact(issue_id, actor=who.username, reason=body.reason)
    return ContactOut(issue=str(issue_id), phone=fields.get("phone", ""), name=fields.get("name", ""))


@router.post("/handle")
def handle(issue_id: UUID, body: Because, svc: ServicesDep, may: PermitsDep, if_match: IfMatch = None) -> IssueOut:
    who = may.issue(Command.HANDLE, issue_id)
    issue = svc.app.handle_in_grid(
        issue_id, actor=who.username, reason=body.reason, expected_version=expected_version(if_match)
    )
    return issue_out(issue)


@router.post("/whistle")
def whistle(issue_id: UUID, body: Whistle, svc: ServicesDep, may: PermitsDep, if_match: IfMatch = None) -> IssueOut:
    who = may.issue(Command.WHISTLE, issue_id)
    issue = svc.app.blow_whistle(
        issue_id,
        kind=body.kind,
        lead=body.lead,
        co_handlers=body.co_handlers,
        actor=who.username,
        reason=body.reason,
        expected_version=expected_version(if_match),
    )
    return issue_out(issue)


@router.post("/check-in")
def check_in(
    issue_id: UUID, body: DepartmentAct, svc: ServicesDep, may: PermitsDep, if_match: IfMatch = None
) -> IssueOut:
    who = may.issue(Command.CHECK_IN, issue_id, body.department)
    issue = svc.app.check_in(
        issue_id,
        department=who.department,
        actor=who.username,
        reason=body.reason,
        expected_version=expected_version(if_match),
    )
    return issue_out(issue)


@router.post("/progress")
def progress(issue_id: UUID, body: Progress, svc: ServicesDep, may: PermitsDep, if_match: IfMatch = None) -> IssueOut:
    who = may.issue(Command.PROGRESS, issue_id, body.department)
    issue = svc.app.record_progress(
        issue_id,
        department=who.department,
        note=body.note,
        actor=who.username,
        reason=body.reason,
        expected_version=expected_version(if_match),
    )
    return issue_out(issue)


@router.post("/feedback")
def feedback(issue_id: UUID, body: Feedback, svc: ServicesDep, may: PermitsDep, if_match: IfMatch = None) -> IssueOut:
    """A called department's result (反馈), with up to four photos of it; the grid reports its own
    handling at `grid-feedback`."""
    who = may.issue(Command.FEEDBACK, issue_id, body.department)
    photo_store(svc.engine).require(a.sha256 for a in body.attachments)
    issue = svc.app.feed_back(
        issue_id,
        department=who.department,
        result=body.result,
        attachments=[a.model_dump() for a in body.attachments],
        actor=who.username,
        reason=body.reason,
        expected_version=expected_version(if_match),
    )
    return issue_out(issue)


@router.post("/grid-feedback")
def grid_feedback(
    issue_id: UUID, body: Feedback, svc: ServicesDep, may: PermitsDep, if_match: IfMatch = None
) -> IssueOut:
    """The grid's own handling is done (自行处置完毕); the issue waits for verification."""
    who = may.issue(Command.GRID_FEEDBACK, issue_id)
    photo_store(svc.engine).require(a.sha256 for a in body.attachments)
    issue = svc.app.feed_back(
        issue_id,
        department=None,
        result=body.result,
        attachments=[a.model_dump() for a in body.attachments],
        actor=who.username,
        reason=body.reason,
        expected_version=expected_version(if_match),
    )
    return issue_out(issue)


@router.post("/return")
def return_dispatch(
    issue_id: UUID, body: DepartmentAct, svc: ServicesDep, may: PermitsDep, if_match: IfMatch = None
) -> IssueOut:
    who = may.issue(Command.RETURN, issue_id, body.department)
    issue = svc.app.return_dispatch(
        issue_id,
        department=who.department,
        actor=who.username,
        reason=body.reason,
        expected_version=expected_version(if_match),
    )
    return issue_out(issue)


@router.post("/redispatch")
def redispatch(
    issue_id: UUID, body: Redispatch, svc: ServicesDep, may: PermitsDep, if_match: IfMatch = None
) -> IssueOut:
    who = may.issue(Command.REDISPATCH, issue_id)
    issue = svc.app.redispatch(
        issue_id,
        from_department=body.from_department,
        to_department=body.to_department,
        actor=who.username,
        reason=body.reason,
        expected_version=expected_version(if_match),
    )
    return issue_out(issue)


@router.post("/verify")
def verify(issue_id: UUID, body: Verify, svc: ServicesDep, may: PermitsDep, if_match: IfMatch = None) -> IssueOut:
    who = may.issue(Command.VERIFY, issue_id)
    issue = svc.app.verify(
        issue_id,
        passed=body.passed,
        departments=body.departments,
        actor=who.username,
        reason=body.reason,
        expected_version=expected_version(if_match),
    )
    return issue_out(issue)


@router.post("/close")
def close(issue_id: UUID, body: Because, svc: ServicesDep, may: PermitsDep, if_match: IfMatch = None) -> IssueOut:
    who = may.issue(Command.CLOSE, issue_id)
    issue = svc.app.close_issue(
        issue_id, actor=who.username, reason=body.reason, expected_version=expected_version(if_match)
    )
    return issue_out(issue)


@router.post("/rate")
def rate(issue_id: UUID, body: Rate, svc: ServicesDep, may: PermitsDep, if_match: IfMatch = None) -> IssueOut:
    who = may.issue(Command.RATE, issue_id)
    issue = svc.app.rate(
        issue_id,
        department=body.department,
        rating=body.rating,
        actor=who.username,
        reason=body.reason,
        expected_version=expected_version(if_match),
    )
    return issue_out(issue)


@router.post("/reopen")
def reopen(issue_id: UUID, body: Because, svc: ServicesDep, may: PermitsDep, if_match: IfMatch = None) -> IssueOut:
    who = may.issue(Command.REOPEN, issue_id)
    issue = svc.app.reopen(
        issue_id, actor=who.username, reason=body.reason, expected_version=expected_version(if_match)
    )
    return issue_out(issue)


@router.post("/request-extension")
def request_extension(
    issue_id: UUID, body: ExtensionRequest, svc: ServicesDep, may: PermitsDep, if_match: IfMatch = None
) -> IssueOut:
    """A called department asks for more time (申请延期); the street office grants it."""
    who = may.issue(Command.REQUEST_EXTENSION, issue_id, body.department)
    issue = svc.app.request_extension(
        issue_id,
        department=who.department,
        until=body.until,
        actor=who.username,
        reason=body.reason,
        expected_version=expected_version(if_match),
    )
    return issue_out(issue)


@router.post("/grant-extension")
def grant_extension(
    issue_id: UUID, body: ExtensionGrant, svc: ServicesDep, may: PermitsDep, if_match: IfMatch = None
) -> IssueOut:
    """The street office grants the extension a department asked for (批准延期)."""
    who = may.issue(Command.GRANT_EXTENSION, issue_id)
    issue = svc.app.grant_extension(
        issue_id,
        department=body.department,
        actor=who.username,
        reason=body.reason,
        expected_version=expected_version(if_match),
    )
    return issue_out(issue)


@router.post("/extend", deprecated=True)
def extend(issue_id: UUID, body: Extend, svc: ServicesDep, may: PermitsDep, if_match: IfMatch = None) -> IssueOut:
    """Old form of request-extension (with `until`) and grant-extension (without); kept for one release."""
    if body.until is not None:
        request = ExtensionRequest(department=body.department, until=body.until, reason=body.reason)
        return request_extension(issue_id, request, svc, may, if_match)
    grant = ExtensionGrant.model_validate({"department": body.department, "reason": body.reason})
    return grant_extension(issue_id, grant, svc, may, if_match)


@router.post("/park")
def park(issue_id: UUID, body: Park, svc: ServicesDep, may: PermitsDep, if_match: IfMatch = None) -> IssueOut:
    """Parks the issue (挂账); `resume: true` is the old way to unpark, kept for one release."""
    if body.resume:
        return unpark(issue_id, Because(reason=body.reason), svc, may, if_match)
    who = may.issue(Command.PARK, issue_id)
    issue = svc.app.park(issue_id, actor=who.username, reason=body.reason, expected_version=expected_version(if_match))
    return issue_out(issue)


@router.post("/unpark")
def unpark(issue_id: UUID, body: Because, svc: ServicesDep, may: PermitsDep, if_match: IfMatch = None) -> IssueOut:
    who = may.issue(Command.UNPARK, issue_id)
    issue = svc.app.unpark(
        issue_id, actor=who.username, reason=body.reason, expected_version=expected_version(if_match)
    )
    return issue_out(issue)


@router.post("/merge")
def merge(issue_id: UUID, body: Merge, svc: ServicesDep, may: PermitsDep, if_match: IfMatch = None) -> IssueOut:
    """If-Match is the version of this issue, the duplicate the caller looked at."""
    who = may.issue(Command.MERGE, issue_id)
    may.issue(Command.MERGE, body.into)
    issue = svc.app.merge(
        issue_id, into=body.into, actor=who.username, reason=body.reason, expected_version=expected_version(if_match)
    )
    return issue_out(issue)
