"""Issue commands typed on the server on behalf of an account, under the same permission table as HTTP.

`gridgov issue accept ID --as leader1 --reason …` signs in as nobody: it names the account whose
roles and scope decide, and that account is the actor recorded in the event.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated
from uuid import UUID

import typer
from rich.table import Table

from api.auth.permits import Acting, Permits
from api.cli.session import console, fail, session
from domain.accounts.principal import Principal
from domain.application import GridGov
from domain.clients.permissions import matrix as client_matrix
from domain.issues.model import Issue
from domain.issues.permissions import matrix
from domain.issues.status import Command
from domain.monitoring.permissions import matrix as monitoring_matrix
from domain.pairings.permissions import matrix as pairing_matrix
from domain.people.permissions import matrix as people_matrix
from domain.rectification.permissions import matrix as rectification_matrix
from domain.reviews.permissions import matrix as review_matrix


@dataclass(frozen=True)
class Options:
    reason: str
    department: str | None
    lead: str | None
    co_handlers: list[str]
    kind: str
    text: str | None
    passed: bool
    to: str | None
    rating: str | None
    until: datetime | None
    into: UUID | None


def _need(value: str | datetime | UUID | None, option: str) -> str:
    if value is None:
        raise fail(f"this command needs {option}")
    return str(value)


Run = Callable[[GridGov, UUID, Acting, Options], Issue]
C = Command
RUN: dict[Command, Run] = {
    C.CONFIRM: lambda app, i, who, o: app.confirm_report(i, actor=who.username, reason=o.reason),
    C.DISMISS: lambda app, i, who, o: app.dismiss_report(i, actor=who.username, reason=o.reason),
    C.ACCEPT: lambda app, i, who, o: app.accept_issue(i, actor=who.username, reason=o.reason),
    C.DECLINE: lambda app, i, who, o: app.decline_issue(i, actor=who.username, reason=o.reason),
    C.HANDLE: lambda app, i, who, o: app.handle_in_grid(i, actor=who.username, reason=o.reason),
    C.GRID_FEEDBACK: lambda app, i, who, o: app.feed_back(
        i, department=None, result=_need(o.text, "--text"), actor=who.username, reason=o.reason
    ),
    C.WHISTLE: lambda app, i, who, o: app.blow_whistle(
        i, kind=o.kind, lead=_need(o.lead, "--lead"), co_handlers=o.co_handlers, actor=who.username, reason=o.reason
    ),
    C.CHECK_IN: lambda app, i, who, o: app.check_in(i, department=who.department, actor=who.username, reason=o.reason),
    C.PROGRESS: lambda app, i, who, o: app.record_progress(
        i, department=who.department, note=_need(o.text, "--text"), actor=who.username, reason=o.reason
    ),
    C.FEEDBACK: lambda app, i, who, o: app.feed_back(
        i, department=who.department, result=_need(o.text, "--text"), actor=who.username, reason=o.reason
    ),
    C.RETURN: lambda app, i, who, o: app.return_dispatch(
        i, department=who.department, actor=who.username, reason=o.reason
    ),
    C.REDISPATCH: lambda app, i, who, o: app.redispatch(
        i,
        from_department=_need(o.department, "--department"),
        to_department=_need(o.to, "--to"),
        actor=who.username,
        reason=o.reason,
    ),
    C.REQUEST_EXTENSION: lambda app, i, who, o: app.request_extension(
        i,
        department=who.department,
        until=datetime.fromisoformat(_need(o.until, "--until")),
        actor=who.username,
        reason=o.reason,
    ),
    C.GRANT_EXTENSION: lambda app, i, who, o: app.grant_extension(
        i, department=_need(o.department, "--department"), actor=who.username, reason=o.reason
    ),
    C.VERIFY: lambda app, i, who, o: app.verify(
        i, passed=o.passed, departments=None, actor=who.username, reason=o.reason
    ),
    C.CLOSE: lambda app, i, who, o: app.close_issue(i, actor=who.username, reason=o.reason),
    C.RATE: lambda app, i, who, o: app.rate(
        i,
        department=_need(o.department, "--department"),
        rating=_need(o.rating, "--rating"),
        actor=who.username,
        reason=o.reason,
    ),
    C.REOPEN: lambda app, i, who, o: app.reopen(i, actor=who.username, reason=o.reason),
    C.PARK: lambda app, i, who, o: app.park(i, actor=who.username, reason=o.reason),
    C.UNPARK: lambda app, i, who, o: app.unpark(i, actor=who.username, reason=o.reason),
    C.MERGE: lambda app, i, who, o: app.merge(
        i, into=UUID(_need(o.into, "--into")), actor=who.username, reason=o.reason
    ),
}
# Department commands act for the department the table resolves; others take --department as data.
_ACTS_FOR = {C.CHECK_IN, C.PROGRESS, C.FEEDBACK, C.RETURN, C.REQUEST_EXTENSION}


def issue(
    command: Annotated[Command, typer.Argument(help="what to do (the same names as the HTTP routes)")],
    issue_id: Annotated[UUID, typer.Argument(help="the issue's id")],
    username: Annotated[str, typer.Option("--as", help="the account whose roles decide and who is recorded")],
    reason: Annotated[str, typer.Option(help="why: kept in the event")],
    department: Annotated[str | None, typer.Option(help="the department acted for, redispatched, rated …")] = None,
    lead: Annotated[str | None, typer.Option(help="whistle: the leading department")] = None,
    co_handler: Annotated[list[str] | None, typer.Option(help="whistle: a co-handling department; repeatable")] = None,
    kind: Annotated[str, typer.Option(help="whistle: routine, hard_case or emergency")] = "routine",
    text: Annotated[str | None, typer.Option(help="progress note or feedback result")] = None,
    passed: Annotated[bool, typer.Option("--passed/--failed", help="verify: the on-site check's outcome")] = True,
    to: Annotated[str | None, typer.Option(help="redispatch: the department to send it to")] = None,
    rating: Annotated[str | None, typer.Option(help="rate: satisfied, basically_satisfied or unsatisfied")] = None,
    until: Annotated[datetime | None, typer.Option(help="request-extension: the deadline asked for")] = None,
    into: Annotated[UUID | None, typer.Option(help="merge: the issue that survives")] = None,
) -> None:
    """Run one issue command as ACCOUNT, refused exactly as the HTTP API would refuse it."""
    if command not in RUN:
        raise fail(f"{command} is not a command on an existing issue; report through the API")
    options = Options(reason, department, lead, co_handler or [], kind, text, passed, to, rating, until, into)
    with session() as services:
        account = services.app.account(username)
        if account.closed:
            raise fail(f"account {username} is closed")
        caller = Principal.of(account)
        may = Permits(caller, services.follower.catch_up(), services.app)
        who = may.issue(command, issue_id, department if command in _ACTS_FOR else None)
        if command is C.MERGE and into is not None:
            may.issue(command, into)
        changed = RUN[command](services.app, issue_id, who, options)
    console.print(f"issue {changed.id}: {changed.status} (version {changed.version})")
    if command in (C.WHISTLE, C.REDISPATCH):
        for code in changed.outside_remit:
            console.print(f"warning: {code} was called although category {changed.category} is not in its remit")


def permissions(
    markdown: Annotated[bool, typer.Option(help="as Markdown tables (the end of docs/permissions.md)")] = False,
) -> None:
    """Print who may run each command of every feature, and where, from the domain's permission tables."""
    for feature, rows in FEATURES.items():
        if markdown:
            typer.echo(f"\n## {feature}\n\n{markdown_matrix(rows())}")
            continue
        table = Table("command", "roles", "scope", title=feature)
        for row in rows():
            table.add_row(*row)
        console.print(table)


# Every feature's table, in the order the docs list them.
FEATURES: dict[str, Callable[[], list[tuple[str, str, str]]]] = {
    "issues": matrix,
    "people": people_matrix,
    "pairings": pairing_matrix,
    "monitoring": monitoring_matrix,
    "reviews and positions": review_matrix,
    "rectification": rectification_matrix,
    "api clients": client_matrix,
}


def markdown_matrix(rows: list[tuple[str, str, str]]) -> str:
    lines = ["| command | roles | scope |", "| --- | --- | --- |", *(f"| {c} | {r} | {s} |" for c, r, s in rows)]
    return "\n".join(lines)
