"""The monitoring case aggregate: one household's relapse-risk case from the first clue to
enrolment, and on to risk clearance (防返贫动态监测). Every step is a command and a fact.

Deadlines are computed by the Application on the working calendar and passed in; the case keeps
them (moved by `deadlines.py`) and records warnings, misses and escalations exactly once.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from eventsourcing.domain import Aggregate

from domain.monitoring import deadlines
from domain.monitoring.clearance import IncomeCheck, income_refusal, stable_run
from domain.monitoring.status import IN_PIPELINE, ON_PASS, CaseCommand, CaseStatus, Step, require
from domain.shared.errors import IllegalTransitionError, InvalidInputError

DISTRICT = "district"  # the owner above every street (区/县级), as for issues
MAX_TEXT = 2000


class MonitoringCase(Aggregate):
    """A relapse-monitoring case (监测对象识别与帮扶) of one household."""

    TOPIC = "gridgov.monitoring:MonitoringCase"

    class Event(Aggregate.Event):
        """Every fact says who, why, and where: the household's grid node when the case opened.

        After a fact is applied, the case's deadlines move as the table in `deadlines.py` says.
        """

        actor: str
        reason: str
        node: str

        def mutate(self, aggregate: Any) -> Any:
            case = super().mutate(aggregate)
            assert case is not None
            deadlines.follow(case.deadlines, self)
            return case

    class ClueReceived(Event, Aggregate.Created):
        """A risk clue opened a case for a household (风险线索): from a grid worker, the household's
        application, department data or the 12317 hotline."""

        TOPIC = "gridgov.monitoring:MonitoringCase.ClueReceived"
        household_id: str
        path: list[str]
        category: str
        source: str
        clue: str
        accept_due: datetime | None  # applications only: taken up within the limit
        home_check_due: datetime | None  # other sources: the home check runs at once
        pipeline_due: datetime

    Created = ClueReceived

    class StepRecorded(Event):
        """A step of the pipeline was done, with its outcome; failed, the case closes as not enrolled.

        Never recorded itself: each step records its own subclass below.
        """

        TOPIC = "gridgov.monitoring:MonitoringCase.StepRecorded"
        step: str
        passed: bool
        findings: str
        next_due: datetime | None  # the next step's deadline, when it has one

        def apply(self, case: Any) -> None:
            step = Step(self.step)
            case.status = ON_PASS[step] if self.passed else CaseStatus.NOT_ENROLLED
            case.steps.append(
                {"step": self.step, "passed": self.passed, "at": self.timestamp.isoformat(), "by": self.actor}
            )

    class ApplicationReviewed(StepRecorded):
        """The household's application was taken up (受理), or refused with the reason."""

        TOPIC = "gridgov.monitoring:MonitoringCase.ApplicationReviewed"

    class HomeChecked(StepRecorded):
        """The grid visited the household and found the risk real, or not (入户核实)."""

        TOPIC = "gridgov.monitoring:MonitoringCase.HomeChecked"

    class DataCompared(StepRecorded):
        """The departments compared their data on the household (部门信息比对)."""

        TOPIC = "gridgov.monitoring:MonitoringCase.DataCompared"
        department: str | None

    class DemocraticallyReviewed(StepRecorded):
        """The village or community reviewed the case (民主评议); passed, its notice is posted."""

        TOPIC = "gridgov.monitoring:MonitoringCase.DemocraticallyReviewed"
        notice_until: datetime | None

        def apply(self, case: Any) -> None:
            super().apply(case)
            if self.passed:
                case.notice_posted_at = self.timestamp
                case.notice_until = self.notice_until

    class NoticeConcluded(StepRecorded):
        """The public notice ran its time (公示); failed, an objection was upheld."""

        TOPIC = "gridgov.monitoring:MonitoringCase.NoticeConcluded"

    class TownshipReviewed(StepRecorded):
        """The street or township reviewed the case (乡镇/街道审核)."""

        TOPIC = "gridgov.monitoring:MonitoringCase.TownshipReviewed"

    class EnrolmentDecided(StepRecorded):
        """The county decided (县级审批): enrolled as monitored with assistance measures, or not."""

        TOPIC = "gridgov.monitoring:MonitoringCase.EnrolmentDecided"
        measures: list[str]

        def apply(self, case: Any) -> None:
            super().apply(case)
            case.measures = list(self.measures)

    class IncomeChecked(Event):
        """The household's income was checked, dated the day it was found (收入核查)."""

        TOPIC = "gridgov.monitoring:MonitoringCase.IncomeChecked"
        checked_on: str
        income_per_person: int
        note: str

        def apply(self, case: Any) -> None:
            case.income_checks.append(
                IncomeCheck(date.fromisoformat(self.checked_on), self.income_per_person, self.actor)
            )

    class LabourCapacityRecorded(Event):
        """Whether the household has labour capacity (劳动能力认定); without it, risk is not cleared."""

        TOPIC = "gridgov.monitoring:MonitoringCase.LabourCapacityRecorded"
        has_capacity: bool

        def apply(self, case: Any) -> None:
            case.labour_capacity = self.has_capacity

    class RiskCleared(Event):
        """The household's risk was cleared (风险消除): income stable since `stable_since`, 三保障 hold."""

        TOPIC = "gridgov.monitoring:MonitoringCase.RiskCleared"
        on: str
        stable_since: str

        def apply(self, case: Any) -> None:
            case.status = CaseStatus.CLEARED
            case.cleared_on = self.on

    class ClearanceReverted(Event):
        """A clearance was undone (撤销风险消除): the household is monitored again; the reason says why."""

        TOPIC = "gridgov.monitoring:MonitoringCase.ClearanceReverted"

        def apply(self, case: Any) -> None:
            case.status = CaseStatus.ENROLLED
            case.cleared_on = None

    class DeadlineApproaching(Event):
        """A deadline is near (预警)."""

        TOPIC = "gridgov.monitoring:MonitoringCase.DeadlineApproaching"
        stage: str
        due: datetime

        def apply(self, case: Any) -> None:
            case.flagged.add(deadlines.flag(False, self.stage, None, self.due))

    class DeadlineMissed(Event):
        """A deadline passed with its step not done (超期)."""

        TOPIC = "gridgov.monitoring:MonitoringCase.DeadlineMissed"
        stage: str
        due: datetime

        def apply(self, case: Any) -> None:
            case.flagged.add(deadlines.flag(True, self.stage, None, self.due))

    class Escalated(Event):
        """The case went one level up the grid tree (上提一级)."""

        TOPIC = "gridgov.monitoring:MonitoringCase.Escalated"
        from_node: str
        to_node: str

        def apply(self, case: Any) -> None:
            case.owner = self.to_node

    def __init__(
        self,
        household_id: str,
        node: str,
        path: list[str],
        category: str,
        source: str,
        clue: str,
        accept_due: datetime | None,
        home_check_due: datetime | None,
        pipeline_due: datetime,
        actor: str,
        timestamp: datetime,
    ) -> None:
        """Applies ClueReceived: the library calls this with the event's fields, on every replay."""
        self.household_id = household_id
        self.node = node
        self.path = path
        self.owner = node
        self.category = category
        self.source = source
        self.clue = clue
        self.opened_by = actor
        self.opened_at = timestamp
        self.pipeline_due = pipeline_due
        self.status = CaseStatus.APPLIED if accept_due is not None else CaseStatus.HOME_CHECK
        self.deadlines: dict[str, datetime] = {}  # filled by deadlines.follow after this
        self.flagged: set[str] = set()
        self.steps: list[dict[str, Any]] = []
        self.notice_posted_at: datetime | None = None
        self.notice_until: datetime | None = None
        self.measures: list[str] = []
        self.income_checks: list[IncomeCheck] = []
        self.labour_capacity: bool | None = None
        self.cleared_on: str | None = None

    @classmethod
    def open(
        cls,
        *,
        case_id: Any,
        household_id: str,
        node: str,
        path: list[str],
        category: str,
        source: str,
        clue: str,
        accept_due: datetime | None,
        home_check_due: datetime | None,
        pipeline_due: datetime,
        actor: str,
        reason: str,
        at: datetime,
    ) -> MonitoringCase:
        if not clue.strip():
            raise InvalidInputError("describe the risk clue", field="clue")
        return cls._create(
            cls.ClueReceived,
            id=case_id,
            timestamp=at,
            household_id=household_id,
            node=node,
            path=path,
            category=category,
            source=source,
            clue=_bounded(clue, "clue"),
            accept_due=accept_due,
            home_check_due=home_check_due,
            pipeline_due=pipeline_due,
            actor=actor,
            reason=reason,
        )

    @property
    def in_pipeline(self) -> bool:
        return self.status in IN_PIPELINE

    def record_step(
        self,
        step: Step,
        *,
        passed: bool,
        findings: str,
        next_due: datetime | None,
        actor: str,
        reason: str,
        at: datetime,
        department: str | None = None,
        notice_until: datetime | None = None,
        measures: list[str] | None = None,
    ) -> None:
        """Records a step done; the notice may not end, nor the county approve, before the notice's minimum."""
        require(self.status, CaseCommand(step.value))
        if step in (Step.PUBLIC_NOTICE, Step.APPROVAL) and self.notice_until is not None and at < self.notice_until:
            raise IllegalTransitionError(
                f"the public notice runs until {self.notice_until.isoformat()} (its minimum): "
                f"{'it cannot end' if step is Step.PUBLIC_NOTICE else 'approval is refused'} before then",
                state=str(self.status),
                allowed=[],
            )
        if step is Step.APPROVAL and passed and not measures:
            raise InvalidInputError("name the assistance measures the household is enrolled with", field="measures")
        fields: dict[str, Any] = dict(passed=passed, findings=_bounded(findings, "findings"), next_due=next_due)
        fields["step"] = str(step)
        if step is Step.DATA_COMPARISON:
            fields["department"] = department
        if step is Step.DEMOCRATIC_REVIEW:
            fields["notice_until"] = notice_until if passed else None
        if step is Step.APPROVAL:
            fields["measures"] = list(measures or []) if passed else []
        self._fact(_STEP_EVENTS[step], at, actor, reason, **fields)

    def record_income(
        self, *, checked_on: date, income_per_person: int, note: str, actor: str, reason: str, at: datetime
    ) -> None:
        require(self.status, CaseCommand.RECORD_INCOME)
        if income_per_person < 0:
            raise InvalidInputError("income is a number of yuan, zero or more", field="income_per_person")
        self._fact(
            self.IncomeChecked,
            at,
            actor,
            reason,
            checked_on=checked_on.isoformat(),
            income_per_person=income_per_person,
            note=_bounded(note, "note"),
        )

    def record_labour(self, *, has_capacity: bool, actor: str, reason: str, at: datetime) -> None:
        require(self.status, CaseCommand.RECORD_LABOUR)
        self._fact(self.LabourCapacityRecorded, at, actor, reason, has_capacity=has_capacity)

    def clear_risk(
        self,
        *,
        on: date,
        months: int,
        min_checks: int,
        guarantees_missing: list[str],
        actor: str,
        reason: str,
        at: datetime,
    ) -> None:
        """Clears the risk on `on` if income is stable long enough, 三保障 hold and there is labour capacity."""
        require(self.status, CaseCommand.CLEAR_RISK)
        if self.labour_capacity is False:
            raise InvalidInputError(
                "a household without labour capacity is not cleared: it stays monitored (兜底保障)",
                field="labour_capacity",
            )
        why = income_refusal(self.income_checks, on, months=months, min_checks=min_checks)
        if why is not None:
            raise InvalidInputError(why, field="income_checks")
        if guarantees_missing:
            raise InvalidInputError(
                f"三保障 must hold on {on.isoformat()}: not met or not checked: {', '.join(guarantees_missing)}",
                field="three_guarantees",
            )
        since = stable_run(self.income_checks, on)[0].checked_on
        self._fact(self.RiskCleared, at, actor, reason, on=on.isoformat(), stable_since=since.isoformat())

    def revert_clearance(self, *, actor: str, reason: str, at: datetime) -> None:
        require(self.status, CaseCommand.REVERT_CLEARANCE)
        self._fact(self.ClearanceReverted, at, actor, reason)

    def check_deadlines(self, *, warn_before: timedelta, escalate_to: str | None, actor: str, at: datetime) -> None:
        """Records each warning and miss once; a pass that finds a miss takes the case one level up."""
        if not self.in_pipeline:
            return
        escalated = False  # one level per pass, however many deadlines it finds missed
        for finding in deadlines.findings(self.deadlines, self.flagged, at=at, warn_before=warn_before):
            why = f"{finding.stage} deadline {finding.due.isoformat()} {'passed' if finding.missed else 'is near'}"
            fact = self.DeadlineMissed if finding.missed else self.DeadlineApproaching
            self._fact(fact, at, actor, why, stage=finding.stage, due=finding.due)
            if finding.missed and not escalated and self.owner != DISTRICT:
                self._fact(self.Escalated, at, actor, why, from_node=self.owner, to_node=escalate_to or DISTRICT)
                escalated = True

    def _fact(
        self, event_class: type[MonitoringCase.Event], at: datetime, actor: str, reason: str, **fields: Any
    ) -> None:
        self.trigger_event(event_class, timestamp=at, actor=actor, reason=reason, node=self.node, **fields)


_STEP_EVENTS: dict[Step, type[MonitoringCase.StepRecorded]] = {
    Step.ACCEPT_APPLICATION: MonitoringCase.ApplicationReviewed,
    Step.HOME_CHECK: MonitoringCase.HomeChecked,
    Step.DATA_COMPARISON: MonitoringCase.DataCompared,
    Step.DEMOCRATIC_REVIEW: MonitoringCase.DemocraticallyReviewed,
    Step.PUBLIC_NOTICE: MonitoringCase.NoticeConcluded,
    Step.TOWNSHIP_REVIEW: MonitoringCase.TownshipReviewed,
    Step.APPROVAL: MonitoringCase.EnrolmentDecided,
}

MONITORING_TOPICS: tuple[str, ...] = tuple(
    dict.fromkeys(
        str(getattr(obj, "TOPIC"))  # noqa: B009
        for obj in vars(MonitoringCase).values()
        if isinstance(obj, type)
        and issubclass(obj, MonitoringCase.Event)
        and obj not in (MonitoringCase.Event, MonitoringCase.StepRecorded)
    )
)


def _bounded(text: str, field: str) -> str:
    if len(text) > MAX_TEXT:
        raise InvalidInputError(f"{field} is at most {MAX_TEXT} characters", field=field)
    return text.strip()
