"""The rectification case aggregate (整治 / 整顿): one weak unit or problem from identification through
staged acceptance to closing and its re-inspection (回头看), with its ledger (整改台账) inside.

The Application decides dates and policy and passes them in; the case checks its own invariants
(owner ≠ reviewer, all items closed off before self-evaluation, the gate judged on recorded scores).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from eventsourcing.domain import Aggregate

from domain.rectification.gate import GateVerdict
from domain.rectification.ledger import flag
from domain.rectification.status import GATED, ITEM_COMMANDS, ON_PASS, CaseStage, RectificationCommand, require
from domain.rectification.values import ItemFlag, ItemState
from domain.shared.errors import InvalidInputError

MAX_TEXT = 2000
C = RectificationCommand


class RectificationCase(Aggregate):
    TOPIC = "gridgov.rectification:RectificationCase"

    class Event(Aggregate.Event):
        """Every fact says who, why, and where: the grid node the case is run at."""

        actor: str
        reason: str
        node: str

    class Identified(Event, Aggregate.Created):
        """A unit or problem was identified for rectification (排查认定), by a criterion, from a source."""

        TOPIC = "gridgov.rectification:RectificationCase.Identified"
        target_kind: str
        target_id: str
        path: list[str]
        source: str
        criterion: str
        criterion_text: str
        linked_case: str | None

    Created = Identified

    class PlanApproved(Event):
        """The rectification plan was approved (整改方案审定), with the case's deadline."""

        TOPIC = "gridgov.rectification:RectificationCase.PlanApproved"
        plan: str
        deadline: str

        def apply(self, case: Any) -> None:
            case.plan, case.deadline = self.plan, self.deadline
            case.move(C.APPROVE_PLAN, True, self)

    class WorkStarted(Event):
        """Rectification began (整改实施)."""

        TOPIC = "gridgov.rectification:RectificationCase.WorkStarted"

        def apply(self, case: Any) -> None:
            case.move(C.START_WORK, True, self)

    class SelfEvaluationSubmitted(Event):
        """Every ledger item closed off, the unit evaluated itself (自评)."""

        TOPIC = "gridgov.rectification:RectificationCase.SelfEvaluationSubmitted"
        summary: str

        def apply(self, case: Any) -> None:
            case.move(C.SUBMIT_SELF_EVALUATION, True, self)

    class StageConcluded(Event):
        """A stage ended: passed, the case moves on; failed, it goes back to in progress with a new deadline.

        Never recorded itself: each stage records its own subclass below.
        """

        TOPIC = "gridgov.rectification:RectificationCase.StageConcluded"
        command: str
        passed: bool
        reasons: list[str]
        new_deadline: str | None

        def apply(self, case: Any) -> None:
            if not self.passed and self.new_deadline is not None:
                case.deadline = self.new_deadline
            case.move(RectificationCommand(self.command), self.passed, self)

    class SelfEvaluationConcluded(StageConcluded):
        """The self-evaluation (自评) was accepted for the preliminary acceptance, or sent back."""

        TOPIC = "gridgov.rectification:RectificationCase.SelfEvaluationConcluded"

    class PreliminaryAcceptanceConcluded(StageConcluded):
        """The preliminary acceptance (初验) was judged by the gate on its score and votes."""

        TOPIC = "gridgov.rectification:RectificationCase.PreliminaryAcceptanceConcluded"
        total: int | None
        unsatisfied: int | None
        cast: int | None
        pass_points: int
        veto_share: float

    class AssessmentAcceptanceConcluded(PreliminaryAcceptanceConcluded):
        """The assessment acceptance (评估验收) was judged; passed, the case closes and its 回头看 is scheduled."""

        TOPIC = "gridgov.rectification:RectificationCase.AssessmentAcceptanceConcluded"
        reinspect_on: str | None

        def apply(self, case: Any) -> None:
            super().apply(case)
            if self.passed:
                case.reinspect_on = self.reinspect_on

    class ItemAdded(Event):
        """A problem entered the ledger (整改台账) with its measure, owner, reviewer and deadline."""

        TOPIC = "gridgov.rectification:RectificationCase.ItemAdded"
        item_id: str
        problem: str
        measure: str
        owner: str
        reviewer: str
        found_on: str
        deadline: str

        def apply(self, case: Any) -> None:
            case.items[self.item_id] = {
                "id": self.item_id,
                "problem": self.problem,
                "measure": self.measure,
                "owner": self.owner,
                "reviewer": self.reviewer,
                "found_on": self.found_on,
                "deadline": self.deadline,
                "state": str(ItemState.OPEN),
                "progress": [],
                "evidence": None,
                "closed_on": None,
                "reopened": [],
            }

    class ProgressRecorded(Event):
        """The item's owner recorded progress (整改进展)."""

        TOPIC = "gridgov.rectification:RectificationCase.ProgressRecorded"
        item_id: str
        note: str

        def apply(self, case: Any) -> None:
            case.items[self.item_id]["progress"].append(
                {"note": self.note, "at": self.timestamp.isoformat(), "by": self.actor}
            )

    class EvidenceSubmitted(Event):
        """The owner submitted before-and-after evidence to close the item off (销号申请)."""

        TOPIC = "gridgov.rectification:RectificationCase.EvidenceSubmitted"
        item_id: str
        before: str
        after: str
        before_sha256: list[str]
        after_sha256: list[str]

        def apply(self, case: Any) -> None:
            item = case.items[self.item_id]
            item["state"] = str(ItemState.EVIDENCE_SUBMITTED)
            item["evidence"] = {
                "before": self.before,
                "after": self.after,
                "before_sha256": list(self.before_sha256),
                "after_sha256": list(self.after_sha256),
                "by": self.actor,
            }

    class ItemClosedOff(Event):
        """The reviewer approved the evidence: the item is closed off (销号)."""

        TOPIC = "gridgov.rectification:RectificationCase.ItemClosedOff"
        item_id: str
        closed_on: str

        def apply(self, case: Any) -> None:
            item = case.items[self.item_id]
            item["state"], item["closed_on"] = str(ItemState.CLOSED_OFF), self.closed_on

    class ItemReopened(Event):
        """A closed-off (or submitted) item was reopened, the reason saying why, with a new deadline."""

        TOPIC = "gridgov.rectification:RectificationCase.ItemReopened"
        item_id: str
        deadline: str

        def apply(self, case: Any) -> None:
            item = case.items[self.item_id]
            item["reopened"].append({"reason": self.reason, "at": self.timestamp.isoformat(), "by": self.actor})
            item["state"], item["closed_on"], item["deadline"] = str(ItemState.OPEN), None, self.deadline

    class Scored(Event):
        """An acceptance was scored on a score sheet of a given version (验收评分)."""

        TOPIC = "gridgov.rectification:RectificationCase.Scored"
        stage: str
        sheet_version: int
        points: dict[str, int]
        total: int

        def apply(self, case: Any) -> None:
            case.scores[self.stage] = {
                "sheet_version": self.sheet_version,
                "points": dict(self.points),
                "total": self.total,
            }
            case.score_history.append({"stage": self.stage, "sheet_version": self.sheet_version, "total": self.total})

    class VotesRecorded(Event):
        """The democratic assessment's tally (民主测评) at an acceptance stage."""

        TOPIC = "gridgov.rectification:RectificationCase.VotesRecorded"
        stage: str
        satisfied: int
        basically_satisfied: int
        unsatisfied: int
        representatives: int

        def apply(self, case: Any) -> None:
            case.votes[self.stage] = {
                "satisfied": self.satisfied,
                "basically_satisfied": self.basically_satisfied,
                "unsatisfied": self.unsatisfied,
                "representatives": self.representatives,
            }

    class NoticePublished(Event):
        """A progress notice was published (整改进展通报): letters, notice boards, messaging groups."""

        TOPIC = "gridgov.rectification:RectificationCase.NoticePublished"
        notice_id: str
        title: str
        text: str

        def apply(self, case: Any) -> None:
            case.notices[self.notice_id] = {
                "id": self.notice_id,
                "title": self.title,
                "text": self.text,
                "published_at": self.timestamp.isoformat(),
                "by": self.actor,
                "feedback": [],
            }

    class FeedbackGiven(Event):
        """Feedback on a notice was collected (意见反馈)."""

        TOPIC = "gridgov.rectification:RectificationCase.FeedbackGiven"
        notice_id: str
        text: str

        def apply(self, case: Any) -> None:
            case.notices[self.notice_id]["feedback"].append(
                {"text": self.text, "at": self.timestamp.isoformat(), "by": self.actor}
            )

    class Reinspected(Event):
        """The re-inspection after closing (回头看); a relapse reopens the case with a new deadline."""

        TOPIC = "gridgov.rectification:RectificationCase.Reinspected"
        number: int
        relapse: bool
        findings: str
        new_deadline: str | None

        def apply(self, case: Any) -> None:
            case.reinspections.append(
                {
                    "number": self.number,
                    "relapse": self.relapse,
                    "findings": self.findings,
                    "on": self.timestamp.isoformat(),
                }
            )
            case.reinspect_on = None
            if self.relapse:
                case.deadline = self.new_deadline
                case.stage = CaseStage.IN_PROGRESS
                case.history.append(_moved(self, "reinspect", False, CaseStage.IN_PROGRESS))

    def __init__(
        self,
        target_kind: str,
        target_id: str,
        node: str,
        path: list[str],
        source: str,
        criterion: str,
        criterion_text: str,
        linked_case: str | None,
        actor: str,
        timestamp: datetime,
    ) -> None:
        self.target_kind, self.target_id, self.node, self.path = target_kind, target_id, node, path
        self.source, self.criterion, self.criterion_text, self.linked_case = (
            source,
            criterion,
            criterion_text,
            linked_case,
        )
        self.identified_by, self.identified_at = actor, timestamp
        self.stage = CaseStage.IDENTIFIED
        self.plan = ""
        self.deadline: str | None = None
        self.reinspect_on: str | None = None
        self.items: dict[str, dict[str, Any]] = {}
        self.scores: dict[str, dict[str, Any]] = {}
        self.score_history: list[dict[str, Any]] = []
        self.votes: dict[str, dict[str, int]] = {}
        self.notices: dict[str, dict[str, Any]] = {}
        self.reinspections: list[dict[str, Any]] = []
        self.history: list[dict[str, Any]] = []

    def move(self, command: RectificationCommand, passed: bool, event: Any) -> None:
        """Applier helper: the stage the table says, or back to in progress on a failure."""
        self.stage = ON_PASS[command] if passed else CaseStage.IN_PROGRESS
        self.history.append(_moved(event, str(command), passed, self.stage))

    @classmethod
    def identify(
        cls, *, case_id: Any, node: str, actor: str, reason: str, at: datetime, **fields: Any
    ) -> RectificationCase:
        return cls._create(cls.Identified, id=case_id, timestamp=at, node=node, actor=actor, reason=reason, **fields)

    def approve_plan(self, *, plan: str, deadline: date, actor: str, reason: str, at: datetime) -> None:
        require(self.stage, C.APPROVE_PLAN)
        self._fact(
            self.PlanApproved,
            at,
            actor,
            reason,
            plan=bounded(plan, "plan", required=True),
            deadline=deadline.isoformat(),
        )

    def start_work(self, *, actor: str, reason: str, at: datetime) -> None:
        require(self.stage, C.START_WORK)
        self._fact(self.WorkStarted, at, actor, reason)

    def submit_self_evaluation(self, *, summary: str, actor: str, reason: str, at: datetime) -> None:
        require(self.stage, C.SUBMIT_SELF_EVALUATION)
        if not self.items:
            raise InvalidInputError("the ledger has no items: add what is to be rectified first", field="items")
        open_items = [i for i, item in self.items.items() if item["state"] != ItemState.CLOSED_OFF]
        if open_items:
            raise InvalidInputError(
                f"every ledger item must be closed off (销号) first; still open: {', '.join(open_items)}", field="items"
            )
        self._fact(self.SelfEvaluationSubmitted, at, actor, reason, summary=bounded(summary, "summary"))

    def conclude(
        self,
        command: RectificationCommand,
        *,
        verdict: GateVerdict,
        new_deadline: date | None,
        actor: str,
        reason: str,
        at: datetime,
        gate: dict[str, Any] | None = None,
        reinspect_on: date | None = None,
    ) -> None:
        """Concludes the current stage by `verdict`; a failure needs a new deadline after today."""
        require(self.stage, command)
        if not verdict.passed and new_deadline is None:
            raise InvalidInputError(
                "a failed stage sends the case back with a new deadline: give new_deadline", field="new_deadline"
            )
        if not verdict.passed and new_deadline is not None and new_deadline <= at.date():
            raise InvalidInputError("the new deadline must lie in the future", field="new_deadline")
        fields: dict[str, Any] = dict(
            command=str(command),
            passed=verdict.passed,
            reasons=verdict.reasons,
            new_deadline=None if verdict.passed or new_deadline is None else new_deadline.isoformat(),
        )
        if command in GATED:
            fields.update(gate or {})
        if command is C.CONCLUDE_ASSESSMENT_ACCEPTANCE:
            fields["reinspect_on"] = reinspect_on.isoformat() if verdict.passed and reinspect_on else None
        self._fact(_CONCLUSIONS[command], at, actor, reason, **fields)

    def add_item(
        self,
        *,
        item_id: str,
        owner: str,
        reviewer: str,
        deadline: date,
        found_on: date,
        problem: str,
        measure: str,
        actor: str,
        reason: str,
        at: datetime,
    ) -> None:
        require(self.stage, C.ADD_ITEM)
        if owner == reviewer:
            raise InvalidInputError("the reviewer must be someone other than the owner", field="reviewer")
        self._fact(
            self.ItemAdded,
            at,
            actor,
            reason,
            item_id=item_id,
            owner=owner,
            reviewer=reviewer,
            deadline=deadline.isoformat(),
            found_on=found_on.isoformat(),
            problem=bounded(problem, "problem", required=True),
            measure=bounded(measure, "measure", required=True),
        )

    def record_progress(self, item_id: str, *, note: str, actor: str, reason: str, at: datetime) -> None:
        require(self.stage, C.RECORD_PROGRESS)
        self._item_ready(item_id, C.RECORD_PROGRESS, "only an open item takes progress")
        self._fact(self.ProgressRecorded, at, actor, reason, item_id=item_id, note=bounded(note, "note", required=True))

    def submit_evidence(
        self,
        item_id: str,
        *,
        before: str,
        after: str,
        before_sha256: list[str],
        after_sha256: list[str],
        actor: str,
        reason: str,
        at: datetime,
    ) -> None:
        require(self.stage, C.SUBMIT_EVIDENCE)
        self._item_ready(item_id, C.SUBMIT_EVIDENCE, "only an open item takes evidence")
        self._fact(
            self.EvidenceSubmitted,
            at,
            actor,
            reason,
            item_id=item_id,
            before=bounded(before, "before", required=True),
            after=bounded(after, "after", required=True),
            before_sha256=list(before_sha256),
            after_sha256=list(after_sha256),
        )

    def approve_close_off(self, item_id: str, *, closed_on: date, actor: str, reason: str, at: datetime) -> None:
        require(self.stage, C.APPROVE_CLOSE_OFF)
        item = self._item_ready(item_id, C.APPROVE_CLOSE_OFF, "the owner submits evidence before it is closed off")
        if actor == item["owner"]:
            raise InvalidInputError("the owner cannot approve their own item: its reviewer does", field="actor")
        self._fact(self.ItemClosedOff, at, actor, reason, item_id=item_id, closed_on=closed_on.isoformat())

    def reopen_item(self, item_id: str, *, deadline: date, actor: str, reason: str, at: datetime) -> None:
        require(self.stage, C.REOPEN_ITEM)
        self._item_ready(item_id, C.REOPEN_ITEM, "it is open already")
        self._fact(self.ItemReopened, at, actor, reason, item_id=item_id, deadline=deadline.isoformat())

    def record_score(
        self, *, sheet_version: int, points: dict[str, int], total: int, actor: str, reason: str, at: datetime
    ) -> None:
        require(self.stage, C.RECORD_SCORE)
        self._fact(
            self.Scored,
            at,
            actor,
            reason,
            stage=str(self.stage),
            sheet_version=sheet_version,
            points=dict(points),
            total=total,
        )

    def record_votes(
        self,
        *,
        satisfied: int,
        basically_satisfied: int,
        unsatisfied: int,
        representatives: int,
        actor: str,
        reason: str,
        at: datetime,
    ) -> None:
        require(self.stage, C.RECORD_VOTES)
        counts = (satisfied, basically_satisfied, unsatisfied)
        if min(counts) < 0 or sum(counts) > representatives:
            raise InvalidInputError(
                f"the votes cast are 0 … {representatives} (the representatives), each count 0 or more", field="votes"
            )
        if sum(counts) == 0:
            raise InvalidInputError("record at least one vote", field="votes")
        self._fact(
            self.VotesRecorded,
            at,
            actor,
            reason,
            stage=str(self.stage),
            satisfied=satisfied,
            basically_satisfied=basically_satisfied,
            unsatisfied=unsatisfied,
            representatives=representatives,
        )

    def publish_notice(self, *, notice_id: str, title: str, text: str, actor: str, reason: str, at: datetime) -> None:
        require(self.stage, C.PUBLISH_NOTICE)
        self._fact(
            self.NoticePublished,
            at,
            actor,
            reason,
            notice_id=notice_id,
            title=bounded(title, "title", required=True),
            text=bounded(text, "text", required=True),
        )

    def give_feedback(self, notice_id: str, *, text: str, actor: str, reason: str, at: datetime) -> None:
        require(self.stage, C.GIVE_FEEDBACK)
        if notice_id not in self.notices:
            raise InvalidInputError(f"case has no notice {notice_id}", field="notice_id")
        self._fact(
            self.FeedbackGiven, at, actor, reason, notice_id=notice_id, text=bounded(text, "text", required=True)
        )

    def reinspect(
        self, *, relapse: bool, findings: str, new_deadline: date | None, actor: str, reason: str, at: datetime
    ) -> None:
        require(self.stage, C.REINSPECT)
        if relapse and (new_deadline is None or new_deadline <= at.date()):
            raise InvalidInputError(
                "a relapse reopens the case: give a new deadline in the future", field="new_deadline"
            )
        self._fact(
            self.Reinspected,
            at,
            actor,
            reason,
            number=len(self.reinspections) + 1,
            relapse=relapse,
            findings=bounded(findings, "findings", required=True),
            new_deadline=new_deadline.isoformat() if relapse and new_deadline else None,
        )

    def item(self, item_id: str) -> dict[str, Any]:
        if item_id not in self.items:
            raise InvalidInputError(f"the ledger has no item {item_id}", field="item_id")
        return self.items[item_id]

    def flags(self, today: date, amber_days: int) -> dict[str, ItemFlag]:
        return {
            i: flag(date.fromisoformat(item["deadline"]), item["state"] == ItemState.CLOSED_OFF, today, amber_days)
            for i, item in self.items.items()
        }

    def _item_ready(self, item_id: str, command: RectificationCommand, why: str) -> dict[str, Any]:
        """The item, if its state is one `command` acts on (`ITEM_COMMANDS`); otherwise why not."""
        item = self.item(item_id)
        if item["state"] not in ITEM_COMMANDS[command][1]:
            raise InvalidInputError(f"cannot {command} item {item_id}: it is {item['state']}; {why}", field="item_id")
        return item

    def _fact(
        self, event_class: type[RectificationCase.Event], at: datetime, actor: str, reason: str, **fields: Any
    ) -> None:
        self.trigger_event(event_class, timestamp=at, actor=actor, reason=reason, node=self.node, **fields)


def _moved(event: Any, command: str, passed: bool, stage: CaseStage) -> dict[str, Any]:
    reasons = list(getattr(event, "reasons", []) or ([] if passed else [event.reason]))
    return {
        "command": command,
        "passed": passed,
        "stage": str(stage),
        "reasons": reasons,
        "at": event.timestamp.isoformat(),
        "by": event.actor,
    }


def bounded(text: str, field: str, *, required: bool = False) -> str:
    if len(text) > MAX_TEXT:
        raise InvalidInputError(f"{field} is at most {MAX_TEXT} characters", field=field)
    if required and not text.strip():
        raise InvalidInputError(f"{field} is required", field=field)
    return text.strip()


_CONCLUSIONS: dict[RectificationCommand, type[RectificationCase.StageConcluded]] = {
    C.CONCLUDE_SELF_EVALUATION: RectificationCase.SelfEvaluationConcluded,
    C.CONCLUDE_PRELIMINARY_ACCEPTANCE: RectificationCase.PreliminaryAcceptanceConcluded,
    C.CONCLUDE_ASSESSMENT_ACCEPTANCE: RectificationCase.AssessmentAcceptanceConcluded,
}

RECTIFICATION_TOPICS: tuple[str, ...] = tuple(
    dict.fromkeys(
        str(getattr(obj, "TOPIC"))  # noqa: B009
        for obj in vars(RectificationCase).values()
        if isinstance(obj, type)
        and issubclass(obj, RectificationCase.Event)
        and obj not in (RectificationCase.Event, RectificationCase.StageConcluded)
    )
)
