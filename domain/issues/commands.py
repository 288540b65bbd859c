"""Issue commands: each loads one issue, asks it to decide, and saves. Deadlines use the calendar.

Commands by different departments on one issue commute (two check-ins at once both count), so
those retry a version conflict on fresh state, with backoff and jitter, until they land; every
other command reports the conflict. A caller that names the version it decided on
(`expected_version`, HTTP If-Match) is refused once the issue has moved past it, retry or not: it
asked not to act on a state it has not seen.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID, uuid4

from domain.audit.commands import AuditCommands
from domain.calendar.working import WorkingCalendar
from domain.catalogue.commands import CatalogueCommands
from domain.catalogue.model import Category
from domain.issues.duplicates import DuplicateFinder, DuplicateQuery, no_duplicates
from domain.issues.intake import (
    CITIZEN_ACTOR,
    NAME_MAX,
    PHONE_LIMIT,
    PHONE_WINDOW,
    Intake,
    client_actor,
    normal_phone,
)
from domain.issues.model import DISTRICT, Issue
from domain.issues.policy import DispatchPolicy
from domain.issues.status import Command, require
from domain.issues.values import Rating, Stage, Urgency, WhistleKind, parse
from domain.people.vault import NoVault, PersonalVault
from domain.shared.errors import (
    AlreadyExistsError,
    ConflictError,
    IllegalTransitionError,
    InvalidInputError,
    NotFoundError,
    RateLimitedError,
)
from domain.shared.ids import issue_id_for

# A commuting command retries a lost version race this often; between tries the Application waits as
# its `backoff` says (the composition root gives a random, doubling pause: api/adapters/backoff.py).
RETRIES = 40


class ContactCounter(Protocol):
    """How many reports came from the phone with this keyed hash since then (the read side answers)."""

    def __call__(self, *, contact_key: str, since: datetime) -> int: ...


def _no_count(*, contact_key: str, since: datetime) -> int:
    return 0


def _no_pause(attempt: int) -> None:
    """Without a clock to wait on, retry at once (the domain never sleeps)."""


class IssueCommands(AuditCommands, CatalogueCommands):
    find_duplicates: DuplicateFinder = staticmethod(no_duplicates)
    count_contact_reports: ContactCounter = staticmethod(_no_count)
    vault: PersonalVault = NoVault()
    backoff: Callable[[int], None] = staticmethod(_no_pause)

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
        retry_key: str | None = None,
    ) -> tuple[Issue, bool]:
        """Returns the issue and whether it is new; a retried key returns the first issue, and a
        key reused for a different report is refused (nothing is lost without a word)."""
        level = str(parse(Urgency, urgency, "urgency"))
        fingerprint = _fingerprint(
            dict(
                node=node,
                category=category,
                description=description.strip(),
                urgency=level,
                coordinates=coordinates,
                attachments=attachments or [],
            )
        )
        issue_id = issue_id_for(actor, retry_key) if retry_key else uuid4()
        if retry_key:
            try:
                return self._retried(issue_id, fingerprint, retry_key), False
            except NotFoundError:
                pass
        located = self.node(node, field="node", shared=True)
        located.require_active("report an issue at")
        deadlines = self._deadlines(category)
        path = self.path_from(located)
        now = self.clock.now()
        issue = Issue.report(
            issue_id=issue_id,
            node=node,
            path=path,
            category=category,
            description=description,
            coordinates=coordinates,
            attachments=attachments or [],
            urgency=level,
            possible_duplicates=[],  # the worker flags them after the report (flag_duplicates)
            accept_due=deadlines.due(Stage.ACCEPT),
            fingerprint=fingerprint,
            actor=actor,
            reason=reason,
            at=now,
        )
        try:
            self._save_new(issue, key=str(issue_id), field="retry_key")
        except AlreadyExistsError:
            return self._retried(issue_id, fingerprint, str(retry_key)), False
        return issue, True

    def report_from_outside(
        self,
        *,
        intake: Intake,
        node: str,
        category: str,
        description: str,
        address: str = "",
        coordinates: list[float] | None = None,
        coordinate_system: str = "wgs84",
        attachments: list[dict[str, str]] | None = None,
        phone: str | None = None,
        name: str | None = None,
        client: str = "",
        retry_key: str | None = None,
        urgency: str = "normal",
    ) -> tuple[Issue, bool]:
        """A resident's (随手拍) or a client system's (Open311) report: it waits in `citizen` until a
        grid worker checks it on site. The phone and name are sealed under the issue's own key; a
        phone that reported PHONE_LIMIT times in PHONE_WINDOW is refused. A client's retried request
        id returns its first issue (`retry_key`, scoped to the client)."""
        if not intake.public:
            raise InvalidInputError("grid reports go through report_issue", field="intake")
        actor = client_actor(client) if intake is Intake.OPEN311 else CITIZEN_ACTOR
        level = str(parse(Urgency, urgency, "urgency"))
        fields = dict(
            node=node, category=category, description=description.strip(), address=address, client=client, urgency=level
        )
        fingerprint = _fingerprint({**fields, "coordinates": coordinates, "attachments": attachments or []})
        issue_id = issue_id_for(actor, retry_key) if retry_key else uuid4()
        if retry_key:
            try:
                return self._retried(issue_id, fingerprint, retry_key), False
            except NotFoundError:
                pass
        located = self.node(node, field="node", shared=True)
        located.require_active("report an issue at")
        contact, contact_key = self._sealed_contact(issue_id, phone, name)
        deadlines = self._deadlines(category)
        issue = Issue.report(
            issue_id=issue_id,
            node=node,
            path=self.path_from(located),
            category=category,
            description=description,
            coordinates=coordinates,
            attachments=attachments or [],
            urgency=level,
            possible_duplicates=[],
            accept_due=deadlines.due(Stage.ACCEPT),
            fingerprint=fingerprint,
            actor=actor,
            reason=f"reported by {'a resident' if intake is Intake.CITIZEN else 'client ' + client}",
            at=self.clock.now(),
            intake=intake,
            client=client,
            address=address.strip(),
            coordinate_system=coordinate_system,
            contact=contact,
            contact_key=contact_key,
        )
        try:
            self._save_new(issue, key=str(issue_id), field="retry_key")
        except AlreadyExistsError:
            return self._retried(issue_id, fingerprint, str(retry_key)), False
        return issue, True

    def _sealed_contact(self, issue_id: UUID, phone: str | None, name: str | None) -> tuple[str, str]:
        """The sealed phone and name, and the phone's keyed hash; refuses a phone over its limit."""
        fields: dict[str, str] = {}
        contact_key = ""
        if phone:
            digits = normal_phone(phone)
            contact_key = self.vault.fingerprint(f"phone|{digits}")
            since = self.clock.now() - PHONE_WINDOW
            if self.count_contact_reports(contact_key=contact_key, since=since) >= PHONE_LIMIT:
                raise RateLimitedError(
                    f"this phone sent {PHONE_LIMIT} reports in the last {PHONE_WINDOW.total_seconds() / 3600:.0f} "
                    "hours: call the hotline, or try again later",
                    field="phone",
                )
            fields["phone"] = digits
        if name and name.strip():
            if len(name.strip()) > NAME_MAX:
                raise InvalidInputError(f"a name is at most {NAME_MAX} characters", field="name")
            fields["name"] = name.strip()
        return (self.vault.seal(issue_id, fields) if fields else ""), contact_key

    def reveal_contact(self, issue_id: UUID, *, actor: str, reason: str) -> dict[str, str]:
        """The resident's phone and name, for staff who call back; the read is recorded first, as a fact."""
        if not reason.strip():
            raise InvalidInputError("say why you need to call", field="reason")
        issue = self.issue(issue_id)
        if not issue.contact:
            raise NotFoundError(f"issue {issue_id} was reported without a phone or name", field="issue_id")
        params = {"issue": str(issue_id), "reason": reason.strip()}
        self.record_access(what="issues/contact", params=params, actor=actor)
        fields = self.vault.open(issue.id, issue.contact)
        if fields is None:
            raise NotFoundError("the resident's contact was erased", field="issue_id")
        return fields

    def confirm_report(self, issue_id: UUID, *, actor: str, reason: str, expected_version: int | None = None) -> Issue:
        return self._change(
            issue_id, lambda i: i.confirm(actor=actor, reason=reason, at=self.clock.now()), expected=expected_version
        )

    def dismiss_report(self, issue_id: UUID, *, actor: str, reason: str, expected_version: int | None = None) -> Issue:
        return self._change(
            issue_id, lambda i: i.dismiss(actor=actor, reason=reason, at=self.clock.now()), expected=expected_version
        )

    def duplicates_of(self, *, node: str, category: str) -> tuple[datetime, list[str]]:
        """The open issues a report of `category` at `node` would be flagged against now, and the
        start of the window they were looked for in (the report command and its preview ask this)."""
        located = self.node(node, field="node", shared=True)
        since = self.clock.now() - self.policy.duplicate_window
        return since, self.find_duplicates(DuplicateQuery(node, tuple(self.path_from(located)), category, since))

    def flag_duplicates(self, issue_id: UUID, *, actor: str) -> Issue:
        """The check a report no longer waits for: open issues of its subclass at its place reported
        within the window before it. Recorded once, off the request path (the worker's pass)."""
        issue = self.issue(issue_id)
        if issue.duplicates_flagged or not issue.is_open:
            return issue
        since = issue.reported_at - self.policy.duplicate_window
        query = DuplicateQuery(issue.node, tuple(issue.path), issue.category, since, issue.reported_at, str(issue.id))
        found = self.find_duplicates(query)
        reason = "open issues of the same subclass at the same place, reported before it"
        return self._change(
            issue_id, lambda i: i.flag_duplicates(found, actor=actor, reason=reason, at=self.clock.now()), retry=True
        )

    def _retried(self, issue_id: UUID, fingerprint: str, key: str) -> Issue:
        first = self.issue(issue_id)
        if first.fingerprint and first.fingerprint != fingerprint:
            raise ConflictError(
                f"the retry key {key!r} was used for a different report (issue {issue_id}): "
                "send a new key for a new report, or the same body to retry",
                field="retry_key",
            )
        return first

    def accept_issue(self, issue_id: UUID, *, actor: str, reason: str, expected_version: int | None = None) -> Issue:
        return self._change(
            issue_id, lambda i: i.accept(actor=actor, reason=reason, at=self.clock.now()), expected=expected_version
        )

    def decline_issue(self, issue_id: UUID, *, actor: str, reason: str, expected_version: int | None = None) -> Issue:
        return self._change(
            issue_id, lambda i: i.decline(actor=actor, reason=reason, at=self.clock.now()), expected=expected_version
        )

    def handle_in_grid(self, issue_id: UUID, *, actor: str, reason: str, expected_version: int | None = None) -> Issue:
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

        return self._change(issue_id, handle, expected=expected_version)

    def blow_whistle(
        self,
        issue_id: UUID,
        *,
        kind: str,
        lead: str,
        co_handlers: list[str],
        actor: str,
        reason: str,
        expected_version: int | None = None,
    ) -> Issue:
        """Calls departments; one whose remit lacks the category is recorded as called outside it."""
        whistle = parse(WhistleKind, kind, "kind")

        def blow(issue: Issue) -> None:
            require(issue.status, Command.WHISTLE)  # the state first: it is what the caller can change
            deadlines = self._deadlines(issue.category)
            outside = [
                code
                for code in [lead, *co_handlers]
                if not self._callable(code, issue, field="lead" if code == lead else "co_handlers")
            ]
            issue.whistle(
                kind=str(whistle),
                lead=lead,
                co_handlers=co_handlers,
                check_in_due=deadlines.check_in_due(whistle),
                handle_due=deadlines.due(Stage.HANDLE),
                outside_remit=outside,
                actor=actor,
                reason=reason,
                at=self.clock.now(),
            )

        return self._change(issue_id, blow, expected=expected_version)

    def _callable(self, code: str, issue: Issue, *, field: str) -> bool:
        """Whether a department that serves the issue's street handles its category (its remit).

        A call outside the remit is allowed, since only the grid knows the case, but recorded as such
        in the event with the command's reason, and answered with a warning.
        """
        department = self.department(code, field=field)
        street = self.street_of(issue.node)
        if not department.serves(street):
            raise InvalidInputError(f"{code} does not serve street {street}", field=field)
        category = self.category(issue.category, shared=True)
        return code in category.departments or issue.category in department.categories

    def check_in(
        self, issue_id: UUID, *, department: str, actor: str, reason: str, expected_version: int | None = None
    ) -> Issue:
        return self._change(
            issue_id,
            lambda i: i.check_in(department=department, actor=actor, reason=reason, at=self.clock.now()),
            retry=True,
            expected=expected_version,
        )

    def record_progress(
        self,
        issue_id: UUID,
        *,
        department: str,
        note: str,
        actor: str,
        reason: str,
        expected_version: int | None = None,
    ) -> Issue:
        return self._change(
            issue_id,
            lambda i: i.record_progress(
                department=department, note=note, actor=actor, reason=reason, at=self.clock.now()
            ),
            retry=True,
            expected=expected_version,
        )

    def feed_back(
        self,
        issue_id: UUID,
        *,
        department: str | None,
        result: str,
        actor: str,
        reason: str,
        attachments: list[dict[str, str]] | None = None,
        expected_version: int | None = None,
    ) -> Issue:
        """A department's result (or the grid's, `department` None), with photos of it."""

        def feed(issue: Issue) -> None:
            due = self._deadlines(issue.category).due(Stage.VERIFY)
            issue.feed_back(
                department=department,
                result=result,
                attachments=attachments or [],
                verify_due=due,
                actor=actor,
                reason=reason,
                at=self.clock.now(),
            )

        return self._change(issue_id, feed, retry=department is not None, expected=expected_version)

    def return_dispatch(
        self, issue_id: UUID, *, department: str, actor: str, reason: str, expected_version: int | None = None
    ) -> Issue:
        return self._change(
            issue_id,
            lambda i: i.return_dispatch(department=department, actor=actor, reason=reason, at=self.clock.now()),
            retry=True,
            expected=expected_version,
        )

    def redispatch(
        self,
        issue_id: UUID,
        *,
        from_department: str,
        to_department: str,
        actor: str,
        reason: str,
        expected_version: int | None = None,
    ) -> Issue:
        """Moves a dispatch to another department, on the check-in limit of the original whistle's kind."""

        def move(issue: Issue) -> None:
            require(issue.status, Command.REDISPATCH)
            deadlines = self._deadlines(issue.category)
            outside = [] if self._callable(to_department, issue, field="to_department") else [to_department]
            issue.redispatch(
                from_department=from_department,
                to_department=to_department,
                check_in_due=deadlines.check_in_due(WhistleKind(issue.whistle_kind or WhistleKind.ROUTINE)),
                handle_due=deadlines.due(Stage.HANDLE),
                outside_remit=outside,
                actor=actor,
                reason=reason,
                at=self.clock.now(),
            )

        return self._change(issue_id, move, expected=expected_version)

    def verify(
        self,
        issue_id: UUID,
        *,
        passed: bool,
        departments: list[str] | None,
        actor: str,
        reason: str,
        expected_version: int | None = None,
    ) -> Issue:
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

        return self._change(issue_id, check, expected=expected_version)

    def close_issue(self, issue_id: UUID, *, actor: str, reason: str, expected_version: int | None = None) -> Issue:
        return self._change(
            issue_id, lambda i: i.close(actor=actor, reason=reason, at=self.clock.now()), expected=expected_version
        )

    def rate(
        self,
        issue_id: UUID,
        *,
        department: str,
        rating: str,
        actor: str,
        reason: str,
        expected_version: int | None = None,
    ) -> Issue:
        value = str(parse(Rating, rating, "rating"))
        return self._change(
            issue_id,
            lambda i: i.rate(department=department, rating=value, actor=actor, reason=reason, at=self.clock.now()),
            retry=True,
            expected=expected_version,
        )

    def reopen(self, issue_id: UUID, *, actor: str, reason: str, expected_version: int | None = None) -> Issue:
        def again(issue: Issue) -> None:
            issue.reopen(
                window=self.policy.reopen_window,
                accept_due=self._deadlines(issue.category).due(Stage.ACCEPT),
                actor=actor,
                reason=reason,
                at=self.clock.now(),
            )

        return self._change(issue_id, again, expected=expected_version)

    def request_extension(
        self,
        issue_id: UUID,
        *,
        department: str,
        until: datetime,
        actor: str,
        reason: str,
        expected_version: int | None = None,
    ) -> Issue:
        return self._change(
            issue_id,
            lambda i: i.request_extension(
                department=department, until=until, actor=actor, reason=reason, at=self.clock.now()
            ),
            retry=True,
            expected=expected_version,
        )

    def grant_extension(
        self, issue_id: UUID, *, department: str, actor: str, reason: str, expected_version: int | None = None
    ) -> Issue:
        return self._change(
            issue_id,
            lambda i: i.grant_extension(department=department, actor=actor, reason=reason, at=self.clock.now()),
            expected=expected_version,
        )

    def park(self, issue_id: UUID, *, actor: str, reason: str, expected_version: int | None = None) -> Issue:
        return self._change(
            issue_id, lambda i: i.park(actor=actor, reason=reason, at=self.clock.now()), expected=expected_version
        )

    def unpark(self, issue_id: UUID, *, actor: str, reason: str, expected_version: int | None = None) -> Issue:
        return self._change(
            issue_id, lambda i: i.unpark(actor=actor, reason=reason, at=self.clock.now()), expected=expected_version
        )

    def merge(
        self, issue_id: UUID, *, into: UUID, actor: str, reason: str, expected_version: int | None = None
    ) -> Issue:
        """`expected_version` is the duplicate's (the issue the caller looked at); the survivor only gains a fact."""
        source = self._expect(self.issue(issue_id), expected_version)
        target = self.issue(into, field="into")
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
        return self.path_from(self.node(code, shared=True))[0]

    def _parent_of(self, owner: str) -> str | None:
        return None if owner == DISTRICT else self.node(owner, shared=True).parent_code

    def _deadlines(self, category: str) -> Deadlines:
        """The category and calendar loaded once per command, deadlines counted from its moment."""
        return Deadlines(self.calendar(), self.category(category, shared=True), self.policy, self.clock.now())

    def _change(
        self,
        issue_id: UUID,
        decide: Callable[[Issue], None],
        *,
        retry: bool = False,
        expected: int | None = None,
    ) -> Issue:
        """Decides on the current issue and saves; a commuting command (`retry`) decides again on
        fresh state after a lost race, after the `backoff` pause, so racers spread out. Any other
        command decides again only if what won the race was a note the system added by itself
        (`Issue.Event.STALES_VIEWS` false, e.g. possible duplicates): no person changed anything
        the caller decided on, so a 409 would send them to reload a page that looks the same.

        The `expected` version is checked on every try: a race lost by a caller who named the
        version it saw means that version is stale, and is reported, never decided again."""
        lost: ConflictError | None = None
        decided_on = 0
        for attempt in range(RETRIES):
            issue = self._expect(self.issue(issue_id), expected)
            if lost is not None and not retry and issue.current_since > decided_on:
                raise lost  # a person's change won: the caller decides again on what it now shows
            decided_on = issue.version
            decide(issue)
            if not issue.pending_events:
                return issue
            try:
                self.commit(issue)
            except ConflictError as error:
                if attempt + 1 >= RETRIES:
                    raise
                lost = error
                self.backoff(attempt)
                continue
            return issue
        raise AssertionError("unreachable")


def _fingerprint(request: dict[str, Any]) -> str:
    canonical = json.dumps(request, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


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
