"""Rectification commands: each loads one case, asks it to decide, and saves. Dates are the district's.

Policy (criteria, gate, sheets, amber days, re-inspection) is `rectification_policy`, data in
`policy.py`; an Application (or a test) replaces it to change a rule.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from uuid import UUID, uuid4

from domain.rectification.gate import GateVerdict, judge
from domain.rectification.model import RectificationCase, bounded
from domain.rectification.policy import RectificationPolicy
from domain.rectification.status import GATED, RectificationCommand, StageStep, require
from domain.rectification.values import TargetKind
from domain.shared.dates import add_months
from domain.shared.errors import InvalidInputError
from domain.standards.commands import StandardsCommands

C = RectificationCommand


class RectificationCommands(StandardsCommands):
    rectification_policy: RectificationPolicy = RectificationPolicy()

    def identify_case(
        self,
        *,
        target_kind: TargetKind,
        target_id: str,
        source: str,
        criterion: str,
        actor: str,
        reason: str,
        node: str | None = None,
        criterion_text: str = "",
        linked_case: UUID | None = None,
        case_id: UUID | None = None,
    ) -> RectificationCase:
        """Opens a case on a target by a criterion of the policy ("应整尽整": no quota is checked).

        A given `case_id` makes opening idempotent: the same id twice is refused (AlreadyExistsError).
        """
        kind = TargetKind(target_kind)
        rule = self.rectification_policy.criterion(criterion)
        if rule is None:
            known = ", ".join(c.code for c in self.rectification_policy.criteria)
            raise InvalidInputError(f"no criterion {criterion!r}; the criteria: {known}", field="criterion")
        if rule.needs_text and not criterion_text.strip():
            raise InvalidInputError(f"criterion {criterion} needs criterion_text saying what", field="criterion_text")
        node = self.case_node(kind, target_id, node)
        if linked_case is not None:
            self.rectification_case(linked_case, field="linked_case")
        at = self.node(node, field="node", shared=True)
        at.require_active("open a rectification case at")
        case = RectificationCase.identify(
            case_id=case_id or uuid4(),
            node=node,
            path=self.path_from(at),
            target_kind=str(kind),
            target_id=target_id,
            source=bounded(source, "source", required=True),
            criterion=criterion,
            criterion_text=bounded(criterion_text, "criterion_text"),
            linked_case=str(linked_case) if linked_case else None,
            actor=actor,
            reason=reason,
            at=self.clock.now(),
        )
        self._save_new(case, key=f"rectification case {case.id}", field="case_id")
        return case

    def case_node(self, kind: TargetKind, target_id: str, node: str | None) -> str:
        """Where a case is run: a grid target's own node; otherwise the node the caller names."""
        if kind is TargetKind.GRID_NODE:
            self.node(target_id, field="target_id", shared=True)
            if node is not None and node != target_id:
                raise InvalidInputError("a grid node target is run at its own node: omit node", field="node")
            return target_id
        if kind is TargetKind.DEPARTMENT:
            self.department(target_id, field="target_id")
        if node is None:
            raise InvalidInputError(f"a {kind} target needs the grid node whose office runs the case", field="node")
        return node

    def advance_case(
        self,
        case_id: UUID,
        *,
        step: StageStep,
        actor: str,
        reason: str,
        plan: str = "",
        deadline: date | None = None,
        summary: str = "",
        passed: bool | None = None,
        reasons: list[str] | None = None,
    ) -> RectificationCase:
        """Moves a case by one stage command; acceptances are judged by the gate, not by the caller."""
        command = RectificationCommand(StageStep(step).value)

        def advance(case: RectificationCase) -> None:
            require(case.stage, command)
            now, today = self.clock.now(), self.local_date(self.clock.now())
            if command is C.APPROVE_PLAN:
                if deadline is None or deadline <= today:
                    raise InvalidInputError("a plan needs a deadline in the future", field="deadline")
                case.approve_plan(plan=plan, deadline=deadline, actor=actor, reason=reason, at=now)
            elif command is C.START_WORK:
                case.start_work(actor=actor, reason=reason, at=now)
            elif command is C.SUBMIT_SELF_EVALUATION:
                case.submit_self_evaluation(summary=summary, actor=actor, reason=reason, at=now)
            else:
                self._conclude(case, command, passed, reasons or [], deadline, actor, reason, now)

        return self._change_rectification(case_id, advance)

    def _conclude(
        self,
        case: RectificationCase,
        command: RectificationCommand,
        passed: bool | None,
        reasons: list[str],
        deadline: date | None,
        actor: str,
        reason: str,
        now: datetime,
    ) -> None:
        policy, today = self.rectification_policy, self.local_date(now)
        gate = None
        if command in GATED:
            stage = str(case.stage)
            score, votes = case.scores.get(stage), case.votes.get(stage)
            if command is C.CONCLUDE_ASSESSMENT_ACCEPTANCE and votes is None:
                raise InvalidInputError(
                    "the assessment acceptance needs the democratic assessment's votes", field="votes"
                )
            cast = votes["satisfied"] + votes["basically_satisfied"] + votes["unsatisfied"] if votes else None
            unsatisfied = votes["unsatisfied"] if votes else None
            verdict = judge(score["total"] if score else None, unsatisfied, cast, policy.gate)
            gate = dict(
                total=score["total"] if score else None,
                unsatisfied=unsatisfied,
                cast=cast,
                pass_points=policy.gate.pass_points,
                veto_share=policy.gate.veto_share,
            )
        else:
            if passed is None:
                raise InvalidInputError("say whether the self-evaluation passed", field="passed")
            verdict = GateVerdict(passed, [] if passed else [bounded(r, "reasons", required=True) for r in reasons])
            if not passed and not verdict.reasons:
                raise InvalidInputError("a failed stage names its reasons", field="reasons")
        if not verdict.passed and deadline is not None and deadline <= today:
            raise InvalidInputError("the new deadline must lie in the future", field="deadline")
        case.conclude(
            command,
            verdict=verdict,
            new_deadline=deadline,
            gate=gate,
            reinspect_on=add_months(today, policy.reinspect_after_months),
            actor=actor,
            reason=reason,
            at=now,
        )

    def add_ledger_item(
        self,
        case_id: UUID,
        *,
        problem: str,
        measure: str,
        owner: str,
        reviewer: str,
        deadline: date,
        actor: str,
        reason: str,
        found_on: date | None = None,
    ) -> tuple[RectificationCase, str]:
        owner, reviewer = self.account(owner).username, self.account(reviewer).username
        today = self.local_date(self.clock.now())
        if found_on is not None and found_on > today:
            raise InvalidInputError("a problem cannot be found after the day it is recorded", field="found_on")
        item_id = uuid4().hex[:12]
        case = self._change_rectification(
            case_id,
            lambda c: c.add_item(
                item_id=item_id,
                owner=owner,
                reviewer=reviewer,
                deadline=deadline,
                found_on=found_on or today,
                problem=problem,
                measure=measure,
                actor=actor,
                reason=reason,
                at=self.clock.now(),
            ),
        )
        return case, item_id

    def record_item_progress(
        self, case_id: UUID, item_id: str, *, note: str, actor: str, reason: str
    ) -> RectificationCase:
        return self._change_rectification(
            case_id, lambda c: c.record_progress(item_id, note=note, actor=actor, reason=reason, at=self.clock.now())
        )

    def submit_item_evidence(
        self,
        case_id: UUID,
        item_id: str,
        *,
        before: str,
        after: str,
        actor: str,
        reason: str,
        before_sha256: list[str] | None = None,
        after_sha256: list[str] | None = None,
    ) -> RectificationCase:
        return self._change_rectification(
            case_id,
            lambda c: c.submit_evidence(
                item_id,
                before=before,
                after=after,
                before_sha256=before_sha256 or [],
                after_sha256=after_sha256 or [],
                actor=actor,
                reason=reason,
                at=self.clock.now(),
            ),
        )

    def close_off_item(self, case_id: UUID, item_id: str, *, actor: str, reason: str) -> RectificationCase:
        now = self.clock.now()
        return self._change_rectification(
            case_id,
            lambda c: c.approve_close_off(item_id, closed_on=self.local_date(now), actor=actor, reason=reason, at=now),
        )

    def reopen_item(self, case_id: UUID, item_id: str, *, deadline: date, actor: str, reason: str) -> RectificationCase:
        if deadline <= self.local_date(self.clock.now()):
            raise InvalidInputError("a reopened item needs a deadline in the future", field="deadline")
        return self._change_rectification(
            case_id,
            lambda c: c.reopen_item(item_id, deadline=deadline, actor=actor, reason=reason, at=self.clock.now()),
        )

    def score_case(
        self, case_id: UUID, *, points: dict[str, int], actor: str, reason: str, sheet_version: int | None = None
    ) -> RectificationCase:
        """Scores the current acceptance on a sheet version (the policy's current one unless named)."""
        policy = self.rectification_policy
        version = policy.current_sheet if sheet_version is None else sheet_version
        sheet = policy.sheets.get(version)
        if sheet is None:
            raise InvalidInputError(
                f"no score sheet version {version}; versions: {', '.join(map(str, policy.sheets))}",
                field="sheet_version",
            )

        def score(case: RectificationCase) -> None:
            require(case.stage, C.RECORD_SCORE)
            total = sheet.score(points)
            case.record_score(
                sheet_version=version, points=points, total=total, actor=actor, reason=reason, at=self.clock.now()
            )

        return self._change_rectification(case_id, score)

    def record_case_votes(
        self, case_id: UUID, *, satisfied: int, basically_satisfied: int, unsatisfied: int, actor: str, reason: str
    ) -> RectificationCase:
        representatives = self.rectification_policy.gate.representatives
        return self._change_rectification(
            case_id,
            lambda c: c.record_votes(
                satisfied=satisfied,
                basically_satisfied=basically_satisfied,
                unsatisfied=unsatisfied,
                representatives=representatives,
                actor=actor,
                reason=reason,
                at=self.clock.now(),
            ),
        )

    def publish_case_notice(
        self, case_id: UUID, *, title: str, text: str, actor: str, reason: str
    ) -> tuple[RectificationCase, str]:
        notice_id = uuid4().hex[:12]
        case = self._change_rectification(
            case_id,
            lambda c: c.publish_notice(
                notice_id=notice_id, title=title, text=text, actor=actor, reason=reason, at=self.clock.now()
            ),
        )
        return case, notice_id

    def give_notice_feedback(
        self, case_id: UUID, notice_id: str, *, text: str, actor: str, reason: str
    ) -> RectificationCase:
        return self._change_rectification(
            case_id, lambda c: c.give_feedback(notice_id, text=text, actor=actor, reason=reason, at=self.clock.now())
        )

    def reinspect_case(
        self, case_id: UUID, *, relapse: bool, findings: str, actor: str, reason: str, new_deadline: date | None = None
    ) -> RectificationCase:
        """The 回头看: a relapse reopens the case (back to in progress) with a new deadline."""
        return self._change_rectification(
            case_id,
            lambda c: c.reinspect(
                relapse=relapse,
                findings=findings,
                new_deadline=new_deadline,
                actor=actor,
                reason=reason,
                at=self.clock.now(),
            ),
        )

    def rectification_case(self, case_id: UUID, *, field: str = "id") -> RectificationCase:
        return self._get(RectificationCase, case_id, f"no rectification case {case_id}", field)

    def rectification_case_as_of(self, case_id: UUID, at: datetime) -> RectificationCase:
        return self._as_of(
            RectificationCase, case_id, at, f"rectification case {case_id} did not exist at {at.isoformat()}"
        )

    def _change_rectification(self, case_id: UUID, decide: Callable[[RectificationCase], None]) -> RectificationCase:
        return self.decide(self.rectification_case(case_id), decide)
