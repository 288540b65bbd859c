"""Issue commands: each loads one issue, asks it to decide, and saves. Deadlines use the calendar.

Commands by different departments on one issue commute (two check-ins at once both count), so
those retry a version conflict on fresh state; every other command reports the conflict.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID, uuid4

from domain.calendar.working import WorkingCalendar
from domain.catalogue.commands import CatalogueCommands
from domain.catalogue.model import Category
from domain.grid.model import GridNode
from domain.issues.model import DISTRICT, Issue
from domain.issues.policy import DispatchPolicy
from domain.issues.values import Rating, Stage, Urgency, WhistleKind, parse
from domain.shared.errors import (
    AlreadyExistsError,
    ConflictError,
    IllegalTransitionError,
    InvalidInputError,
    NotFoundError,
)
from domain.shared.ids import issue_id_for

RETRIES = 5


class IssueCommands(CatalogueCommands):
    def report_issue(
        self,
        *,
        node: str,
        category: str,
        description: str,
        actor: str,
        reason: str = "reported from the grid",
        urgency: str = "normal",
        coordinates: list[float] | None = None,
        attachments: list[dict[str, str]] | None = None,
        possible_duplicates: list[str] | None = None,
        idempotency_key: str | None = None,
    ) -> tuple[Issue, bool]:
        """Returns the issue and whether it is new; a retried key returns the first issue."""
        issue_id = issue_id_for(actor, idempotency_key) if idempotency_key else uuid4()
        if idempotency_key:
            try:
                return self.issue(issue_id), False
            except NotFoundError:
                pass
        located = self.node(node, field="node", shared=True)
        located.require_active("report an issue at")
        deadlines = self._deadlines(category)
        issue = Issue.report(
            issue_id=issue_id,
            node=node,
            path=self._path_from(located),
            category=category,
            description=description,
            coordinates=coordinates,
            attachments=attachments or [],
            urgency=str(parse(Urgency, urgency, "urgency")),
            possible_duplicates=possible_duplicates or [],
            accept_due=deadlines.due(Stage.ACCEPT),
            actor=actor,
            reason=reason,
            at=self.clock.now(),
        )
        try:
            self._save_new(issue, key=str(issue_id), field="Idempotency-Key")
        except AlreadyExistsError:
            return self.issue(issue_id), False
        return issue, True

    def accept_issue(self, issue_id: UUID, *, actor: str, reason: str) -> Issue:
        return self._change(issue_id, lambda i: i.accept(actor=actor, reason=reason, at=self.clock.now()))

    def decline_issue(self, issue_id: UUID, *, actor: str, reason: str) -> Issue:
        return self._change(issue_id, lambda i: i.decline(actor=actor, reason=reason, at=self.clock.now()))

    def handle_in_grid(self, issue_id: UUID, *, actor: str, reason: str) -> Issue:
        def handle(issue: Issue) -> None:
            deadlines = self._deadlines(issue.category)
            if not deadlines.category.grid_may_handle:
                raise IllegalTransitionError(
                    f"category {issue.category} is not for the grid to handle itself: blow the whistle",
                    state=str(issue.status),
                    allowed=["whistle"],
                )
            due = deadlines.due(Stage.HANDLE_IN_GRID)
            issue.handle(handle_due=due, actor=actor, reason=reason, at=self.clock.now())

        return self._change(issue_id, handle)

    def blow_whistle(
        self, issue_id: UUID, *, kind: str, lead: str, co_handlers: list[str], actor: str, reason: str
    ) -> Issue:
        whistle = parse(WhistleKind, kind, "kind")

        def blow(issue: Issue) -> None:
            deadlines = self._deadlines(issue.category)
            street = self.street_of(issue.node)
            for code in [lead, *co_handlers]:
                department = self.department(code, field="lead" if code == lead else "co_handlers")
                if not department.serves(street):
                    raise InvalidInputError(f"{code} does not serve street {street}", field="lead")
            issue.whistle(
                kind=str(whistle),
                lead=lead,
                co_handlers=co_handlers,
                check_in_due=deadlines.check_in_due(whistle),
                handle_due=deadlines.due(Stage.HANDLE),
                actor=actor,
                reason=reason,
                at=self.clock.now(),
            )

        return self._change(issue_id, blow)

    def check_in(self, issue_id: UUID, *, department: str, actor: str, reason: str) -> Issue:
        return self._change(
            issue_id,
            lambda i: i.check_in(department=department, actor=actor, reason=reason, at=self.clock.now()),
            retry=True,
        )

    def record_progress(self, issue_id: UUID, *, department: str, note: str, actor: str, reason: str) -> Issue:
        return self._change(
            issue_id,
            lambda i: i.record_progress(
                department=department, note=note, actor=actor, reason=reason, at=self.clock.now()
            ),
            retry=True,
        )

    def feed_back(self, issue_id: UUID, *, department: str | None, result: str, actor: str, reason: str) -> Issue:
        def feed(issue: Issue) -> None:
            due = self._deadlines(issue.category).due(Stage.VERIFY)
            issue.feed_back(
                department=department, result=result, verify_due=due, actor=actor, reason=reason, at=self.clock.now()
            )

        return self._change(issue_id, feed, retry=department is not None)

    def return_dispatch(self, issue_id: UUID, *, department: str, actor: str, reason: str) -> Issue:
        return self._change(
            issue_id,
            lambda i: i.return_dispatch(department=department, actor=actor, reason=reason, at=self.clock.now()),
            retry=True,
        )

    def redispatch(self, issue_id: UUID, *, from_department: str, to_department: str, actor: str, reason: str) -> Issue:
        def move(issue: Issue) -> None:
            deadlines = self._deadlines(issue.category)
            target = self.department(to_department, field="to_department")
            if not target.serves(self.street_of(issue.node)):
                raise InvalidInputError(f"{to_department} does not serve this street", field="to_department")
            issue.redispatch(
                from_department=from_department,
                to_department=to_department,
                check_in_due=deadlines.check_in_due(WhistleKind.ROUTINE),
                handle_due=deadlines.due(Stage.HANDLE),
                actor=actor,
                reason=reason,
                at=self.clock.now(),
            )

        return self._change(issue_id, move)

    def verify(self, issue_id: UUID, *, passed: bool, departments: list[str] | None, actor: str, reason: str) -> Issue:
        def check(issue: Issue) -> None:
            stage = Stage.HANDLE_IN_GRID if issue.in_grid else Stage.HANDLE
            issue.verify(
                passed=passed,
                departments=departments,
                handle_due=self._deadlines(issue.category).due(stage),
                actor=actor,
                reason=reason,
                at=self.clock.now(),
            )

        return self._change(issue_id, check)

    def close_issue(self, issue_id: UUID, *, actor: str, reason: str) -> Issue:
        return self._change(issue_id, lambda i: i.close(actor=actor, reason=reason, at=self.clock.now()))

    def rate(self, issue_id: UUID, *, department: str, rating: str, actor: str, reason: str) -> Issue:
        value = str(parse(Rating, rating, "rating"))
        return self._change(
            issue_id,
            lambda i: i.rate(department=department, rating=value, actor=actor, reason=reason, at=self.clock.now()),
            retry=True,
        )

    def reopen(self, issue_id: UUID, *, actor: str, reason: str) -> Issue:
        def again(issue: Issue) -> None:
            issue.reopen(
                window=self.policy.reopen_window,
                accept_due=self._deadlines(issue.category).due(Stage.ACCEPT),
                actor=actor,
                reason=reason,
                at=self.clock.now(),
            )

        return self._change(issue_id, again)

    def request_extension(self, issue_id: UUID, *, department: str, until: datetime, actor: str, reason: str) -> Issue:
        return self._change(
            issue_id,
            lambda i: i.request_extension(
                department=department, until=until, actor=actor, reason=reason, at=self.clock.now()
            ),
            retry=True,
        )

    def grant_extension(self, issue_id: UUID, *, department: str, actor: str, reason: str) -> Issue:
        return self._change(
            issue_id,
            lambda i: i.grant_extension(department=department, actor=actor, reason=reason, at=self.clock.now()),
        )

    def park(self, issue_id: UUID, *, actor: str, reason: str) -> Issue:
        return self._change(issue_id, lambda i: i.park(actor=actor, reason=reason, at=self.clock.now()))

    def unpark(self, issue_id: UUID, *, actor: str, reason: str) -> Issue:
        return self._change(issue_id, lambda i: i.unpark(actor=actor, reason=reason, at=self.clock.now()))

    def merge(self, issue_id: UUID, *, into: UUID, actor: str, reason: str) -> Issue:
        source, target = self.issue(issue_id), self.issue(into, field="into")
        source.merge_into(target, actor=actor, reason=reason, at=self.clock.now())
        self.commit(source, target)
        return source

    def check_deadlines(self, issue_id: UUID, *, actor: str = "watcher") -> Issue:
        """Records due warnings, misses and escalations; running it twice records nothing new."""
        calendar = self.calendar()

        def check(issue: Issue) -> None:
            issue.check_deadlines(
                warn_before=self.policy.warn_before,
                silence_limit_due=lambda since: calendar.add(since, self.policy.silence),
                escalate_to=self._parent_of(issue.owner),
                actor=actor,
                at=self.clock.now(),
            )

        return self._change(issue_id, check, retry=True)

    def issue(self, issue_id: UUID, *, field: str = "id") -> Issue:
        return self._get(Issue, issue_id, f"no issue {issue_id}", field)

    def issue_as_of(self, issue_id: UUID, at: datetime) -> Issue:
        return self._as_of(Issue, issue_id, at, f"issue {issue_id} did not exist at {at.isoformat()}")

    def street_of(self, code: str) -> str:
        return self._path_from(self.node(code, shared=True))[0]

    def _path_from(self, node: GridNode) -> list[str]:
        """Codes from the street down to `node`, as the grid is now (kept in the report's event)."""
        path = [node.code]
        while node.parent_code is not None:
            path.insert(0, node.parent_code)
            node = self.node(node.parent_code, shared=True)
        return path

    def _parent_of(self, owner: str) -> str | None:
        return None if owner == DISTRICT else self.node(owner, shared=True).parent_code

    def _deadlines(self, category: str) -> Deadlines:
        """The category and calendar loaded once per command, deadlines counted from its moment."""
        return Deadlines(self.calendar(), self.category(category, shared=True), self.policy, self.clock.now())

    def _change(self, issue_id: UUID, decide: Callable[[Issue], None], *, retry: bool = False) -> Issue:
        for attempt in range(RETRIES if retry else 1):
            issue = self.issue(issue_id)
            decide(issue)
            if not issue.pending_events:
                return issue
            try:
                self.commit(issue)
            except ConflictError:
                if attempt + 1 >= (RETRIES if retry else 1):
                    raise
                continue
            return issue
        raise AssertionError("unreachable")


@dataclass(frozen=True)
class Deadlines:
    """When each stage of one command falls due, on the calendar, for the issue's category."""

    calendar: WorkingCalendar
    category: Category
    policy: DispatchPolicy
    now: datetime

    def due(self, stage: Stage) -> datetime:
        return self.calendar.add(self.now, self.category.limit(stage))

    def check_in_due(self, kind: WhistleKind) -> datetime:
        return self.calendar.add(self.now, self.policy.check_in_limit(kind, self.category.limit(Stage.CHECK_IN)))
