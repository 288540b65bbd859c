"""Shaping issue answers from the aggregate: its state, deadlines, dispatches and photos."""

from __future__ import annotations

from api.http.schemas.issues import Attachment, DispatchOut, GridResult, IssueOut
from domain.issues.model import Issue


def issue_out(issue: Issue) -> IssueOut:
    return IssueOut(
        id=str(issue.id),
        version=issue.version,
        node=issue.node,
        path=issue.path,
        owner=issue.owner,
        category=issue.category,
        description=issue.description,
        urgency=issue.urgency,
        status=issue.status,
        reporter=issue.reporter,
        reported_at=issue.reported_at,
        intake=issue.intake,
        address=issue.address,
        has_contact=bool(issue.contact),
        attachments=[Attachment(**a) for a in issue.attachments],
        possible_duplicates=issue.possible_duplicates,
        merged_into=issue.merged_into,
        deadlines=issue.deadlines,
        dispatches=[dispatch_out(issue, department) for department in issue.dispatches],
        grid_result=None
        if issue.grid_result is None
        else GridResult(
            result=issue.grid_result["result"],
            attachments=[Attachment(**a) for a in issue.grid_result["attachments"]],
        ),
        warnings=[
            f"{code} was called although category {issue.category} is not in its remit; the reason given is kept"
            for code in issue.outside_remit
        ],
    )


def dispatch_out(issue: Issue, department: str) -> DispatchOut:
    d = issue.dispatches[department]
    return DispatchOut(
        department=d.department,
        lead=d.lead,
        status=d.status,
        reworks=d.reworks,
        rating=d.rating,
        feedback=d.feedback,
        attachments=[Attachment(**a) for a in d.attachments],
        due=issue.dispatch_due(department),
        extension_until=issue.extension_requests.get(department),
    )
