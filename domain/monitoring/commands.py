"""Monitoring commands: each loads one case, asks it to decide, and saves. Deadlines use the calendar.

The household comes from the person registry (`Households` port, via `StandardsCommands`); the 三保障
items a clearance needs come from the household's standards ledger, decided on aggregate state.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from uuid import UUID, uuid4

from domain.monitoring.deadlines import NEXT_STAGE
from domain.monitoring.model import DISTRICT, MonitoringCase
from domain.monitoring.notice import Notice
from domain.monitoring.policy import MonitoringPolicy
from domain.monitoring.status import CaseCommand, CaseStatus, Step, require
from domain.monitoring.values import ClueSource, MonitoredCategory, Stage
from domain.shared.errors import InvalidInputError, NotFoundError
from domain.standards.commands import StandardsCommands
from domain.standards.items import GROUPS, Group, Judgement


class MonitoringCommands(StandardsCommands):
    monitoring_policy: MonitoringPolicy = MonitoringPolicy()

    def open_case(
        self,
        *,
        household_id: UUID,
        category: MonitoredCategory,
        source: ClueSource,
        clue: str,
        actor: str,
        reason: str = "risk clue received",
    ) -> MonitoringCase:
        """Opens a case on a clue; an application waits to be taken up, any other clue goes to the home check."""
        node, path = self.household_place(household_id)
        self.node(node, field="household_id", shared=True).require_active("open a monitoring case in")
        now, calendar, policy = self.clock.now(), self.calendar(), self.monitoring_policy
        applied = ClueSource(source) is ClueSource.APPLICATION
        case = MonitoringCase.open(
            case_id=uuid4(),
            household_id=str(household_id),
            node=node,
            path=path,
            category=str(MonitoredCategory(category)),
            source=str(ClueSource(source)),
            clue=clue,
            accept_due=calendar.add(now, policy.limit(Stage.ACCEPT_APPLICATION)) if applied else None,
            home_check_due=None if applied else calendar.add(now, policy.limit(Stage.HOME_CHECK)),
            pipeline_due=calendar.add(now, policy.limit(Stage.PIPELINE)),
            actor=actor,
            reason=reason,
            at=now,
        )
        self.commit(case)
        return case

    def record_case_step(
        self,
        case_id: UUID,
        *,
        step: Step,
        passed: bool,
        findings: str,
        actor: str,
        reason: str,
        department: str | None = None,
        measures: list[str] | None = None,
    ) -> MonitoringCase:
        step = Step(step)

        def record(case: MonitoringCase) -> None:
            require(case.status, CaseCommand(step.value))  # the state first: it is what the caller can change
            now, calendar, policy = self.clock.now(), self.calendar(), self.monitoring_policy
            following = NEXT_STAGE.get(step)
            case.record_step(
                step,
                passed=passed,
                findings=findings,
                next_due=calendar.add(now, policy.limit(following)) if passed and following else None,
                notice_until=calendar.add(now, policy.notice_minimum) if step is Step.DEMOCRATIC_REVIEW else None,
                department=department,
                measures=measures,
                actor=actor,
                reason=reason,
                at=now,
            )

        return self._change_case(case_id, record)

    def record_income_check(
        self, case_id: UUID, *, checked_on: date, income_per_person: int, actor: str, reason: str, note: str = ""
    ) -> MonitoringCase:
        if checked_on > self.local_date(self.clock.now()):
            raise InvalidInputError("an income check cannot be dated after the day it is recorded", field="checked_on")
        return self._change_case(
            case_id,
            lambda c: c.record_income(
                checked_on=checked_on,
                income_per_person=income_per_person,
                note=note,
                actor=actor,
                reason=reason,
                at=self.clock.now(),
            ),
        )

    def record_labour_capacity(self, case_id: UUID, *, has_capacity: bool, actor: str, reason: str) -> MonitoringCase:
        return self._change_case(
            case_id,
            lambda c: c.record_labour(has_capacity=has_capacity, actor=actor, reason=reason, at=self.clock.now()),
        )

    def clear_risk(self, case_id: UUID, *, actor: str, reason: str) -> MonitoringCase:
        """Clears the risk today if the rules allow (`clearance.py`), with the 三保障 as the ledger has them."""

        def clear(case: MonitoringCase) -> None:
            require(case.status, CaseCommand.CLEAR_RISK)
            now = self.clock.now()
            standing = self.standing(UUID(case.household_id), now)
            missing = [
                str(item) for item in GROUPS[Group.THREE_GUARANTEES] if standing.items[item] is not Judgement.MET
            ]
            policy = self.monitoring_policy
            case.clear_risk(
                on=standing.on,
                months=policy.stable_income_months,
                min_checks=policy.stable_income_checks,
                guarantees_missing=missing,
                actor=actor,
                reason=reason,
                at=now,
            )

        return self._change_case(case_id, clear)

    def revert_clearance(self, case_id: UUID, *, actor: str, reason: str) -> MonitoringCase:
        return self._change_case(case_id, lambda c: c.revert_clearance(actor=actor, reason=reason, at=self.clock.now()))

    def check_case_deadlines(self, case_id: UUID, *, actor: str = "watcher") -> MonitoringCase:
        """Records due warnings, misses and escalations; running it twice records nothing new."""

        def check(case: MonitoringCase) -> None:
            parent = None if case.owner == DISTRICT else self.node(case.owner, shared=True).parent_code
            case.check_deadlines(
                warn_before=self.monitoring_policy.warn_before, escalate_to=parent, actor=actor, at=self.clock.now()
            )

        return self._change_case(case_id, check)

    def monitoring_case(self, case_id: UUID, *, field: str = "id") -> MonitoringCase:
        return self._get(MonitoringCase, case_id, f"no monitoring case {case_id}", field)

    def monitoring_case_as_of(self, case_id: UUID, at: datetime) -> MonitoringCase:
        return self._as_of(MonitoringCase, case_id, at, f"monitoring case {case_id} did not exist at {at.isoformat()}")

    def case_notice(self, case: MonitoringCase) -> Notice:
        """The public notice of a case whose democratic review passed (公示): no personal data at all."""
        case_id = case.id
        if case.notice_posted_at is None or case.notice_until is None or case.status is CaseStatus.NOT_ENROLLED:
            raise NotFoundError(f"monitoring case {case_id} has no public notice", field="id")
        names = [self.node(code, shared=True).name for code in case.path[1:]]
        zone = self.calendar().zone
        return Notice(
            str(case.id),
            MonitoredCategory(case.category),
            "".join(names),
            case.notice_posted_at.astimezone(zone).date(),
            case.notice_until.astimezone(zone).date(),
        )

    def _change_case(self, case_id: UUID, decide: Callable[[MonitoringCase], None]) -> MonitoringCase:
        return self.decide(self.monitoring_case(case_id), decide)
