"""The issue aggregate: one case from report to rating, every step a command and a fact.

Deadlines are computed by the Application on the working calendar and passed in; the
aggregate keeps them, and records warnings, misses and escalations exactly once.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, ClassVar

from eventsourcing.domain import Aggregate

from domain.issues import deadlines
from domain.issues.dispatch import ACTIVE, DISPATCH_ALLOWED, Dispatch, DispatchStatus
from domain.issues.intake import DESCRIPTION_MAX, Intake
from domain.issues.status import ALLOWED, OPEN_STATUSES, Command, Status, require
from domain.issues.values import Stage
from domain.shared.errors import IllegalTransitionError, InvalidInputError

DISTRICT = "district"  # the fallback owner above every street (区级)
FEEDBACK_PHOTOS = 4  # photos a department may send with its result: enough to show the site, not an album


class Issue(Aggregate):
    """A problem found in a grid (问题/案件)."""

    TOPIC = "gridgov.issues:Issue"

    class Event(Aggregate.Event):
        """Every issue fact says who, why, and where: the grid node the issue is located at.

        After a fact is applied, its deadlines move as the one table in `deadlines.py` says.
        """

        actor: str
        reason: str
        node: str
        # Whether a view of the issue from before this event is stale (If-Match, expected_version).
        STALES_VIEWS: ClassVar[bool] = True

        def mutate(self, aggregate: Any) -> Any:
            issue = super().mutate(aggregate)
            assert issue is not None
            deadlines.follow(issue.deadlines, self)
            if self.STALES_VIEWS:
                issue.current_since = issue.version
            return issue

    class Reported(Event, Aggregate.Created):
        """A grid worker reported a problem (上报).

        Version 2 keeps a fingerprint of the request, so a retried key that carries a different
        report is refused instead of silently answered with the first issue. Version 3 says where
        the report came in from (`intake`): a resident's or a client system's report carries the
        client's id, the place as they wrote it, and their phone and name sealed (`contact`, opened
        only through the vault) with a keyed hash of the phone (`contact_key`) to count reports by.
        """

        TOPIC = "gridgov.issues:Issue.Reported"
        class_version = 3
        path: list[str]
        category: str
        description: str
        coordinates: list[float] | None
        attachments: list[dict[str, str]]
        urgency: str
        possible_duplicates: list[str]
        accept_due: datetime
        fingerprint: str
        intake: str
        client: str
        address: str
        coordinate_system: str
        contact: str
        contact_key: str

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["fingerprint"] = ""  # reported before fingerprints: any retry of its key matches

        @staticmethod
        def upcast_v2_v3(state: dict[str, Any]) -> None:
            state.update(intake="grid", client="", address="", coordinate_system="wgs84", contact="", contact_key="")

    # The library derives a `Created` class unless one is named; ours is called Reported.
    Created = Reported

    class Accepted(Event):
        """The grid registered the case (立案)."""

        TOPIC = "gridgov.issues:Issue.Accepted"

        def apply(self, issue: Any) -> None:
            issue.status = Status.REGISTERED

    class Declined(Event):
        """The grid declined to register the case (不予立案); the reason says why."""

        TOPIC = "gridgov.issues:Issue.Declined"

        def apply(self, issue: Any) -> None:
            issue.status = Status.DECLINED

    class Confirmed(Event):
        """A grid worker checked a citizen report on site and registered it (核实属实, 立案)."""

        TOPIC = "gridgov.issues:Issue.Confirmed"

        def apply(self, issue: Any) -> None:
            issue.status = Status.REGISTERED

    class Dismissed(Event):
        """A grid worker checked a citizen report on site and did not register it (核实不属实);
        the reason is what the resident is shown."""

        TOPIC = "gridgov.issues:Issue.Dismissed"

        def apply(self, issue: Any) -> None:
            issue.status = Status.DECLINED

    class HandlingStarted(Event):
        """The grid took the case on itself (自行处置)."""

        TOPIC = "gridgov.issues:Issue.HandlingStarted"
        handle_due: datetime

        def apply(self, issue: Any) -> None:
            issue.status = Status.HANDLING
            issue.in_grid = True

    class WhistleBlown(Event):
        """The grid called departments (吹哨): one leads, others co-handle."""

        TOPIC = "gridgov.issues:Issue.WhistleBlown"
        class_version = 2
        kind: str
        lead: str
        co_handlers: list[str]
        check_in_due: datetime
        handle_due: datetime
        outside_remit: list[str]  # called although their remit lacks the category; the reason says why

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["outside_remit"] = []

        def apply(self, issue: Any) -> None:
            issue.status = Status.DISPATCHED
            issue.whistle_kind = self.kind
            issue.outside_remit = list(self.outside_remit)
            issue.in_grid = False
            for department in [self.lead, *self.co_handlers]:
                issue.dispatches[department] = Dispatch(
                    department, department == self.lead, DispatchStatus.ASSIGNED, self.timestamp, self.timestamp
                )

    class DepartmentCheckedIn(Event):
        """A department reported for duty on the case (报到)."""

        TOPIC = "gridgov.issues:Issue.DepartmentCheckedIn"
        department: str

        def apply(self, issue: Any) -> None:
            dispatch = issue.dispatches[self.department]
            dispatch.status = DispatchStatus.CHECKED_IN
            dispatch.last_activity = self.timestamp

    class ProgressRecorded(Event):
        """A department noted what it has done so far."""

        TOPIC = "gridgov.issues:Issue.ProgressRecorded"
        department: str
        note: str

        def apply(self, issue: Any) -> None:
            issue.dispatches[self.department].last_activity = self.timestamp

    class FeedbackGiven(Event):
        """A department (or the grid, for in-grid handling) fed back its result (反馈).

        Version 2 carries the photos of the result (content hashes and names; the bytes live in
        the photo store), so whoever verifies on site sees what the department saw.
        """

        TOPIC = "gridgov.issues:Issue.FeedbackGiven"
        class_version = 2
        department: str | None
        result: str
        verify_due: datetime | None
        attachments: list[dict[str, str]]

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["attachments"] = []  # fed back before photos could be sent

        def apply(self, issue: Any) -> None:
            issue.extension_requests.pop(self.department or "", None)
            if self.department is not None:
                dispatch = issue.dispatches[self.department]
                dispatch.status = DispatchStatus.FED_BACK
                dispatch.last_activity = self.timestamp
                dispatch.feedback = self.result
                dispatch.attachments = list(self.attachments)
            else:
                issue.grid_result = {"result": self.result, "attachments": list(self.attachments)}
            if self.verify_due is not None:
                issue.status = Status.AWAITING_VERIFICATION

    class DispatchReturned(Event):
        """A department sent the dispatch back (退回): not its remit, or the wrong category."""

        TOPIC = "gridgov.issues:Issue.DispatchReturned"
        department: str

        def apply(self, issue: Any) -> None:
            issue.dispatches[self.department].status = DispatchStatus.RETURNED

    class Redispatched(Event):
        """A returned or stalled dispatch went to another department (改派)."""

        TOPIC = "gridgov.issues:Issue.Redispatched"
        class_version = 2
        from_department: str
        to_department: str
        check_in_due: datetime
        handle_due: datetime
        outside_remit: list[str]

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["outside_remit"] = []

        def apply(self, issue: Any) -> None:
            issue.outside_remit = [*issue.outside_remit, *self.outside_remit]
            old = issue.dispatches[self.from_department]
            old.status = DispatchStatus.WITHDRAWN
            issue.dispatches[self.to_department] = Dispatch(
                self.to_department, old.lead, DispatchStatus.ASSIGNED, self.timestamp, self.timestamp
            )

    class VerificationPassed(Event):
        """The grid checked on site and the problem is solved (核查通过)."""

        TOPIC = "gridgov.issues:Issue.VerificationPassed"

        def apply(self, issue: Any) -> None:
            issue.status = Status.VERIFIED

    class VerificationFailed(Event):
        """The grid checked on site and it is not solved: rework (返工) for these departments."""

        TOPIC = "gridgov.issues:Issue.VerificationFailed"
        departments: list[str]
        handle_due: datetime

        def apply(self, issue: Any) -> None:
            if issue.in_grid:
                issue.status = Status.HANDLING
                return
            issue.status = Status.DISPATCHED
            for department in self.departments:
                dispatch = issue.dispatches[department]
                dispatch.status = DispatchStatus.CHECKED_IN
                dispatch.reworks += 1
                dispatch.last_activity = self.timestamp

    class Closed(Event):
        """The case was closed (结案)."""

        TOPIC = "gridgov.issues:Issue.Closed"

        def apply(self, issue: Any) -> None:
            issue.status = Status.CLOSED
            issue.closed_at = self.timestamp

    class DepartmentRated(Event):
        """The street rated a department's handling (评价)."""

        TOPIC = "gridgov.issues:Issue.DepartmentRated"
        department: str
        rating: str

        def apply(self, issue: Any) -> None:
            issue.dispatches[self.department].rating = self.rating

    class Reopened(Event):
        """A closed case was reopened within the allowed window (重新办理) and waits to be registered again."""

        TOPIC = "gridgov.issues:Issue.Reopened"
        accept_due: datetime

        def apply(self, issue: Any) -> None:
            issue.status = Status.REPORTED  # back to the grid, to register again on the clock
            issue.closed_at = None
            issue.dispatches = {}
            issue.whistle_kind = None
            issue.outside_remit = []
            issue.in_grid = False
            issue.extension_requests = {}

    class ExtensionRequested(Event):
        """A department asked for more time (申请延期)."""

        TOPIC = "gridgov.issues:Issue.ExtensionRequested"
        department: str
        until: datetime

        def apply(self, issue: Any) -> None:
            issue.extension_requests[self.department] = self.until

    class ExtensionGranted(Event):
        """The street office approved an extension; the deadline moved (延期)."""

        TOPIC = "gridgov.issues:Issue.ExtensionGranted"
        department: str
        stage: str
        until: datetime

        def apply(self, issue: Any) -> None:
            issue.extension_requests.pop(self.department, None)

    class Parked(Event):
        """The case was parked (挂账), e.g. seasonal or engineering work; its clock stopped."""

        TOPIC = "gridgov.issues:Issue.Parked"

        def apply(self, issue: Any) -> None:
            issue.parked_from = issue.status
            issue.parked_at = self.timestamp
            issue.status = Status.PARKED

    class Unparked(Event):
        """The case came back from parking; the deadlines still running moved by the parked time."""

        TOPIC = "gridgov.issues:Issue.Unparked"
        paused_seconds: float
        shifted: list[str]  # the deadlines still running when parked; missed ones stay missed

        def apply(self, issue: Any) -> None:
            issue.status = issue.parked_from
            issue.parked_from = None
            issue.parked_at = None
            for dispatch in issue.dispatches.values():  # parked time is not silence
                dispatch.last_activity = max(dispatch.last_activity, self.timestamp)

    class MergedInto(Event):
        """The case duplicated another and was folded into it (合并)."""

        TOPIC = "gridgov.issues:Issue.MergedInto"
        target: str

        def apply(self, issue: Any) -> None:
            issue.status = Status.MERGED
            issue.merged_into = self.target

    class DuplicateAbsorbed(Event):
        """Another case was folded into this one."""

        TOPIC = "gridgov.issues:Issue.DuplicateAbsorbed"
        source: str

        def apply(self, issue: Any) -> None:
            issue.absorbed.append(self.source)

    class DuplicatesFlagged(Event):
        """After the report, the worker found open issues of the same subclass at the same place
        reported before it (疑似重复); the grid decides whether to merge."""

        TOPIC = "gridgov.issues:Issue.DuplicatesFlagged"
        # Advisory, and written by the worker moments after the report: a person who opened the issue
        # before it (a leader accepting, a department checking in) is not sent back to reload.
        STALES_VIEWS: ClassVar[bool] = False
        possible_duplicates: list[str]

        def apply(self, issue: Any) -> None:
            issue.possible_duplicates = list(self.possible_duplicates)
            issue.duplicates_flagged = True

    class DeadlineApproaching(Event):
        """A deadline is near (预警)."""

        TOPIC = "gridgov.issues:Issue.DeadlineApproaching"
        stage: str
        department: str | None
        due: datetime

        def apply(self, issue: Any) -> None:
            issue.flagged.add(deadlines.flag(False, self.stage, self.department, self.due))

    class DeadlineMissed(Event):
        """A deadline passed with the stage still open (超期)."""

        TOPIC = "gridgov.issues:Issue.DeadlineMissed"
        stage: str
        department: str | None
        due: datetime

        def apply(self, issue: Any) -> None:
            issue.flagged.add(deadlines.flag(True, self.stage, self.department, self.due))

    class Escalated(Event):
        """The case went one level up the grid tree (上提一级)."""

        TOPIC = "gridgov.issues:Issue.Escalated"
        from_node: str
        to_node: str

        def apply(self, issue: Any) -> None:
            issue.owner = self.to_node

    class DepartmentReminded(Event):
        """A department that checked in went silent and was reminded (催办)."""

        TOPIC = "gridgov.issues:Issue.DepartmentReminded"
        department: str

        def apply(self, issue: Any) -> None:
            issue.dispatches[self.department].last_activity = self.timestamp

    def __init__(
        self,
        node: str,
        path: list[str],
        category: str,
        description: str,
        coordinates: list[float] | None,
        attachments: list[dict[str, str]],
        urgency: str,
        possible_duplicates: list[str],
        accept_due: datetime,
        fingerprint: str,
        intake: str,
        client: str,
        address: str,
        coordinate_system: str,
        contact: str,
        contact_key: str,
        actor: str,
        timestamp: datetime,
    ) -> None:
        """Applies Reported: the library calls this with the event's fields, on every replay."""
        self.intake = Intake(intake)
        self.client = client
        self.address = address
        self.coordinate_system = coordinate_system
        self.contact = contact  # sealed: only the vault opens it
        self.contact_key = contact_key
        self.node = node
        self.path = path
        self.owner = node
        self.category = category
        self.description = description
        self.coordinates = coordinates
        self.attachments = attachments
        self.urgency = urgency
        self.possible_duplicates = possible_duplicates
        self.duplicates_flagged = bool(possible_duplicates)  # reports before the worker flagged them
        self.fingerprint = fingerprint
        self.reporter = actor
        self.reported_at = timestamp
        self.whistle_kind: str | None = None
        self.outside_remit: list[str] = []  # departments called although the category is not theirs
        self.status = Status.CITIZEN if self.intake.public else Status.REPORTED
        self.deadlines: dict[str, datetime] = {deadlines.key(Stage.ACCEPT): accept_due}
        self.flagged: set[str] = set()  # warned or missed: "kind|key|due"
        self.dispatches: dict[str, Dispatch] = {}
        self.in_grid = False
        self.closed_at: datetime | None = None
        self.parked_from: Status | None = None
        self.current_since = 1  # the version from which a view of it is current (Event.STALES_VIEWS)
        self.parked_at: datetime | None = None
        self.merged_into: str | None = None
        self.absorbed: list[str] = []
        self.extension_requests: dict[str, datetime] = {}
        self.grid_result: dict[str, Any] | None = None  # the grid's own result when it handled the issue

    @classmethod
    def report(
        cls,
        *,
        issue_id: Any,
        node: str,
        path: list[str],
        category: str,
        description: str,
        coordinates: list[float] | None,
        attachments: list[dict[str, str]],
        urgency: str,
        possible_duplicates: list[str],
        accept_due: datetime,
        fingerprint: str,
        actor: str,
        reason: str,
        at: datetime,
        intake: Intake = Intake.GRID,
        client: str = "",
        address: str = "",
        coordinate_system: str = "wgs84",
        contact: str = "",
        contact_key: str = "",
    ) -> Issue:
        if not description.strip():
            raise InvalidInputError("describe the problem", field="description")
        if intake.public and len(description) > DESCRIPTION_MAX:
            raise InvalidInputError(f"a description is at most {DESCRIPTION_MAX} characters", field="description")
        if coordinates is not None and len(coordinates) != 2:
            raise InvalidInputError("coordinates are [longitude, latitude]", field="coordinates")
        return cls._create(
            cls.Reported,
            id=issue_id,
            timestamp=at,
            node=node,
            path=path,
            category=category,
            description=description.strip(),
            coordinates=coordinates,
            attachments=attachments,
            urgency=urgency,
            possible_duplicates=possible_duplicates,
            accept_due=accept_due,
            fingerprint=fingerprint,
            intake=str(intake),
            client=client,
            address=address,
            coordinate_system=coordinate_system,
            contact=contact,
            contact_key=contact_key,
            actor=actor,
            reason=reason,
        )

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def active_dispatches(self) -> list[Dispatch]:
        return [d for d in self.dispatches.values() if d.status in ACTIVE]

    def open_commands(self) -> list[Command]:
        """The commands the issue's state allows now; one that acts on a dispatch only if some
        dispatch is in a state it may act on (who may run them is the permission table's say)."""
        return [c for c in ALLOWED[self.status] if c not in DISPATCH_ALLOWED or self.departments_for(c)]

    def departments_for(self, command: Command) -> list[str]:
        """The departments whose dispatch `command` may act on now."""
        if command not in ALLOWED[self.status] or command not in DISPATCH_ALLOWED:
            return []
        return [d.department for d in self.dispatches.values() if self._may_act(command, d)]

    def dispatch_due(self, department: str) -> datetime | None:
        """The deadline the dispatch is running against: check-in, then handling; none when parked."""
        dispatch = self.dispatches[department]
        stages = {DispatchStatus.ASSIGNED: Stage.CHECK_IN, DispatchStatus.CHECKED_IN: Stage.HANDLE}
        stage = stages.get(dispatch.status)
        if stage is None or self.status == Status.PARKED:
            return None
        return self.deadlines.get(deadlines.key(stage, department))

    def accept(self, *, actor: str, reason: str, at: datetime) -> None:
        require(self.status, Command.ACCEPT)
        self._fact(self.Accepted, at, actor, reason)

    def decline(self, *, actor: str, reason: str, at: datetime) -> None:
        require(self.status, Command.DECLINE)
        self._fact(self.Declined, at, actor, reason)

    def confirm(self, *, actor: str, reason: str, at: datetime) -> None:
        require(self.status, Command.CONFIRM)
        self._fact(self.Confirmed, at, actor, reason)

    def dismiss(self, *, actor: str, reason: str, at: datetime) -> None:
        """The reason is shown to the resident, so it must say something."""
        require(self.status, Command.DISMISS)
        if not reason.strip():
            raise InvalidInputError("say why, for the resident who reported it", field="reason")
        self._fact(self.Dismissed, at, actor, reason.strip())

    def handle(self, *, handle_due: datetime, actor: str, reason: str, at: datetime) -> None:
        require(self.status, Command.HANDLE)
        self._fact(self.HandlingStarted, at, actor, reason, handle_due=handle_due)

    def whistle(
        self,
        *,
        kind: str,
        lead: str,
        co_handlers: list[str],
        check_in_due: datetime,
        handle_due: datetime,
        outside_remit: list[str],
        actor: str,
        reason: str,
        at: datetime,
    ) -> None:
        require(self.status, Command.WHISTLE)
        if lead in co_handlers or len(set(co_handlers)) != len(co_handlers):
            raise InvalidInputError("each department is called once; the lead is not a co-handler", field="co_handlers")
        self._fact(
            self.WhistleBlown,
            at,
            actor,
            reason,
            kind=kind,
            lead=lead,
            co_handlers=co_handlers,
            check_in_due=check_in_due,
            handle_due=handle_due,
            outside_remit=outside_remit,
        )

    def check_in(self, *, department: str, actor: str, reason: str, at: datetime) -> None:
        require(self.status, Command.CHECK_IN)
        self._dispatch(department, Command.CHECK_IN)
        self._fact(self.DepartmentCheckedIn, at, actor, reason, department=department)

    def record_progress(self, *, department: str, note: str, actor: str, reason: str, at: datetime) -> None:
        require(self.status, Command.PROGRESS)
        self._dispatch(department, Command.PROGRESS)
        if not note.strip():
            raise InvalidInputError("say what was done", field="note")
        self._fact(self.ProgressRecorded, at, actor, reason, department=department, note=note.strip())

    def feed_back(
        self,
        *,
        department: str | None,
        result: str,
        attachments: list[dict[str, str]],
        verify_due: datetime,
        actor: str,
        reason: str,
        at: datetime,
    ) -> None:
        """A department's result; the issue awaits verification once every active department fed back."""
        require(self.status, Command.FEEDBACK if department else Command.GRID_FEEDBACK)
        if not result.strip():
            raise InvalidInputError("say what the result is", field="result")
        if len(attachments) > FEEDBACK_PHOTOS:
            raise InvalidInputError(f"send at most {FEEDBACK_PHOTOS} photos with a result", field="attachments")
        if department is None:
            complete = True
        else:
            self._dispatch(department, Command.FEEDBACK)
            others = [d for d in self.active_dispatches() if d.department != department]
            pending_returns = any(d.status == DispatchStatus.RETURNED for d in self.dispatches.values())
            complete = not pending_returns and all(d.status == DispatchStatus.FED_BACK for d in others)
        self._fact(
            self.FeedbackGiven,
            at,
            actor,
            reason,
            department=department,
            result=result.strip(),
            verify_due=verify_due if complete else None,
            attachments=attachments,
        )

    def return_dispatch(self, *, department: str, actor: str, reason: str, at: datetime) -> None:
        require(self.status, Command.RETURN)
        self._dispatch(department, Command.RETURN)
        self._fact(self.DispatchReturned, at, actor, reason, department=department)

    def redispatch(
        self,
        *,
        from_department: str,
        to_department: str,
        check_in_due: datetime,
        handle_due: datetime,
        outside_remit: list[str],
        actor: str,
        reason: str,
        at: datetime,
    ) -> None:
        require(self.status, Command.REDISPATCH)
        self._dispatch(from_department, Command.REDISPATCH)
        if to_department in self.dispatches:
            raise InvalidInputError(f"{to_department} was already called to this issue", field="to_department")
        self._fact(
            self.Redispatched,
            at,
            actor,
            reason,
            from_department=from_department,
            to_department=to_department,
            check_in_due=check_in_due,
            handle_due=handle_due,
            outside_remit=outside_remit,
        )

    def verify(
        self,
        *,
        passed: bool,
        departments: list[str] | None,
        handle_due: datetime,
        actor: str,
        reason: str,
        at: datetime,
    ) -> None:
        """Passed closes the loop; failed sends the named departments (default: all) back to rework."""
        require(self.status, Command.VERIFY)
        if passed:
            self._fact(self.VerificationPassed, at, actor, reason)
            return
        fed_back = [d.department for d in self.dispatches.values() if d.status == DispatchStatus.FED_BACK]
        chosen = departments or fed_back
        unknown = sorted(set(chosen) - set(fed_back))
        if unknown:
            raise InvalidInputError(f"{', '.join(unknown)} gave no feedback to rework", field="departments")
        self._fact(self.VerificationFailed, at, actor, reason, departments=chosen, handle_due=handle_due)

    def close(self, *, actor: str, reason: str, at: datetime) -> None:
        require(self.status, Command.CLOSE)
        self._fact(self.Closed, at, actor, reason)

    def rate(self, *, department: str, rating: str, actor: str, reason: str, at: datetime) -> None:
        require(self.status, Command.RATE)
        dispatch = self._dispatch(department, Command.RATE)
        if dispatch.rating is not None:
            raise InvalidInputError(f"{department} is already rated {dispatch.rating}", field="department")
        self._fact(self.DepartmentRated, at, actor, reason, department=department, rating=rating)

    def reopen(self, *, window: timedelta, accept_due: datetime, actor: str, reason: str, at: datetime) -> None:
        require(self.status, Command.REOPEN)
        assert self.closed_at is not None
        if at > self.closed_at + window:
            raise InvalidInputError(
                f"the reopen window of {window} after closing ({self.closed_at.isoformat()}) has passed",
                field="reason",
            )
        self._fact(self.Reopened, at, actor, reason, accept_due=accept_due)

    def request_extension(self, *, department: str, until: datetime, actor: str, reason: str, at: datetime) -> None:
        require(self.status, Command.REQUEST_EXTENSION)
        dispatch = self._dispatch(department, Command.REQUEST_EXTENSION)
        stage = Stage.CHECK_IN if dispatch.status == DispatchStatus.ASSIGNED else Stage.HANDLE
        current = self.deadlines.get(deadlines.key(stage, department))
        if current is not None and until <= current:
            raise InvalidInputError(f"an extension must go beyond the deadline {current.isoformat()}", field="until")
        if until > (current or at) + deadlines.MAX_EXTENSION:
            raise InvalidInputError(
                f"an extension may add at most {deadlines.MAX_EXTENSION.days} days; park the issue for longer work",
                field="until",
            )
        self._fact(self.ExtensionRequested, at, actor, reason, department=department, until=until)

    def grant_extension(self, *, department: str, actor: str, reason: str, at: datetime) -> None:
        require(self.status, Command.GRANT_EXTENSION)
        dispatch = self._dispatch(department, Command.GRANT_EXTENSION)
        if department not in self.extension_requests:
            raise InvalidInputError(f"{department} has not asked for an extension", field="department")
        stage = Stage.CHECK_IN if dispatch.status == DispatchStatus.ASSIGNED else Stage.HANDLE
        until = self.extension_requests[department]
        current = self.deadlines.get(deadlines.key(stage, department))
        if until <= at or (current is not None and until <= current):
            raise InvalidInputError(f"the requested {until.isoformat()} is no longer an extension", field="department")
        self._fact(self.ExtensionGranted, at, actor, reason, department=department, stage=str(stage), until=until)

    def park(self, *, actor: str, reason: str, at: datetime) -> None:
        require(self.status, Command.PARK)
        self._fact(self.Parked, at, actor, reason)

    def unpark(self, *, actor: str, reason: str, at: datetime) -> None:
        require(self.status, Command.UNPARK)
        assert self.parked_at is not None
        paused = (at - self.parked_at).total_seconds()
        running = sorted(key for key, due in self.deadlines.items() if due > self.parked_at)
        self._fact(self.Unparked, at, actor, reason, paused_seconds=paused, shifted=running)

    def merge_into(self, target: Issue, *, actor: str, reason: str, at: datetime) -> None:
        require(self.status, Command.MERGE)
        if target.id == self.id or not target.is_open or target.status == Status.PARKED:
            raise InvalidInputError("merge into another issue that is still open", field="target")
        self._fact(self.MergedInto, at, actor, reason, target=str(target.id))
        target._fact(target.DuplicateAbsorbed, at, actor, reason, source=str(self.id))

    def flag_duplicates(self, found: list[str], *, actor: str, reason: str, at: datetime) -> None:
        """Records what the duplicate check found, once: a second pass (a restart) adds nothing,
        and a case already finished or checked has nothing to be told."""
        others = sorted(set(found) - {str(self.id)})
        if others and not self.duplicates_flagged and self.is_open:
            self._fact(self.DuplicatesFlagged, at, actor, reason, possible_duplicates=others)

    def check_deadlines(
        self,
        *,
        warn_before: timedelta,
        silence_limit_due: Any,
        escalate_to: str | None,
        actor: str,
        at: datetime,
    ) -> None:
        """Records each warning and miss once; a pass that finds a miss takes the case one level up.

        `silence_limit_due(last_activity)` is when a checked-in department counts as silent;
        `escalate_to` is the parent of the current owner (None above the street: the district).
        """
        if self.status == Status.PARKED or not self.is_open:
            return
        escalated = False  # one level per pass, however many deadlines it finds missed
        for finding in deadlines.findings(self.deadlines, self.flagged, at=at, warn_before=warn_before):
            why = f"{finding.stage} deadline {finding.due.isoformat()} {'passed' if finding.missed else 'is near'}"
            fact = self.DeadlineMissed if finding.missed else self.DeadlineApproaching
            self._fact(fact, at, actor, why, stage=finding.stage, department=finding.department, due=finding.due)
            if finding.missed and not escalated and self.owner != DISTRICT:
                self._fact(self.Escalated, at, actor, why, from_node=self.owner, to_node=escalate_to or DISTRICT)
                escalated = True
        for dispatch in self.dispatches.values():
            if dispatch.status == DispatchStatus.CHECKED_IN and silence_limit_due(dispatch.last_activity) <= at:
                why = f"no word from {dispatch.department} since {dispatch.last_activity.isoformat()}"
                self._fact(self.DepartmentReminded, at, actor, why, department=dispatch.department)

    def _dispatch(self, department: str, command: Command) -> Dispatch:
        dispatch = self.dispatches.get(department)
        if dispatch is None:
            raise InvalidInputError(f"{department} was not called to this issue", field="department")
        if dispatch.status not in DISPATCH_ALLOWED[command]:
            raise IllegalTransitionError(
                f"{department} cannot {_DOING[command]}: its dispatch is {dispatch.status}",
                state=str(dispatch.status),
                allowed=[str(c) for c, needs in DISPATCH_ALLOWED.items() if dispatch.status in needs],
            )
        return dispatch

    def _may_act(self, command: Command, dispatch: Dispatch) -> bool:
        """The dispatch's state allows `command`, and what it would act on is there: a request to
        grant, a result not yet rated."""
        if dispatch.status not in DISPATCH_ALLOWED[command]:
            return False
        if command == Command.GRANT_EXTENSION:
            return dispatch.department in self.extension_requests
        if command == Command.RATE:
            return dispatch.rating is None
        return True

    def _fact(self, event_class: type[Issue.Event], at: datetime, actor: str, reason: str, **fields: Any) -> None:
        self.trigger_event(event_class, timestamp=at, actor=actor, reason=reason, node=self.node, **fields)


# How a refusal names what the department tried to do.
_DOING = {
    Command.CHECK_IN: "check in",
    Command.PROGRESS: "record progress",
    Command.FEEDBACK: "feed back",
    Command.RETURN: "return",
    Command.REDISPATCH: "re-dispatch",
    Command.REQUEST_EXTENSION: "ask for an extension",
    Command.GRANT_EXTENSION: "extend",
    Command.RATE: "rate",
}

ISSUE_TOPICS: tuple[str, ...] = tuple(
    str(getattr(obj, "TOPIC"))  # noqa: B009
    for obj in vars(Issue).values()
    if isinstance(obj, type) and issubclass(obj, Issue.Event) and obj is not Issue.Event
)
