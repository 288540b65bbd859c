"""Rectification case stages, the commands on a case, and the one transition table every command checks.

A stage concluded as passed moves the case on (`ON_PASS`); concluded as failed, it sends the case back
to in progress with the reasons and a new deadline. A relapse found at the re-inspection (回头看) does
the same from closed. Who may run each command is `permissions.py`.
"""

from __future__ import annotations

from enum import StrEnum

from domain.rectification.values import ItemState
from domain.shared.errors import IllegalTransitionError


class CaseStage(StrEnum):
    IDENTIFIED = "identified"  # 排查确定: awaiting its rectification plan
    PLAN_APPROVED = "plan_approved"  # 整改方案审定
    IN_PROGRESS = "in_progress"  # 整改中: the ledger's items are worked off
    SELF_EVALUATION = "self_evaluation"  # 自评
    PRELIMINARY_ACCEPTANCE = "preliminary_acceptance"  # 初验 (by the street)
    ASSESSMENT_ACCEPTANCE = "assessment_acceptance"  # 评估验收 (with the democratic assessment)
    CLOSED = "closed"  # 验收通过, awaiting its re-inspection (回头看)


class RectificationCommand(StrEnum):
    IDENTIFY = "identify"
    APPROVE_PLAN = "approve_plan"
    START_WORK = "start_work"
    SUBMIT_SELF_EVALUATION = "submit_self_evaluation"
    CONCLUDE_SELF_EVALUATION = "conclude_self_evaluation"
    CONCLUDE_PRELIMINARY_ACCEPTANCE = "conclude_preliminary_acceptance"
    CONCLUDE_ASSESSMENT_ACCEPTANCE = "conclude_assessment_acceptance"
    ADD_ITEM = "add_item"
    RECORD_PROGRESS = "record_progress"
    SUBMIT_EVIDENCE = "submit_evidence"
    APPROVE_CLOSE_OFF = "approve_close_off"
    REOPEN_ITEM = "reopen_item"
    RECORD_SCORE = "record_score"
    RECORD_VOTES = "record_votes"
    PUBLISH_NOTICE = "publish_notice"
    GIVE_FEEDBACK = "give_feedback"
    REINSPECT = "reinspect"
    READ = "read"


class StageStep(StrEnum):
    """The commands that move a case between stages: what a client sends to POST …/stages."""

    APPROVE_PLAN = "approve_plan"
    START_WORK = "start_work"
    SUBMIT_SELF_EVALUATION = "submit_self_evaluation"
    CONCLUDE_SELF_EVALUATION = "conclude_self_evaluation"
    CONCLUDE_PRELIMINARY_ACCEPTANCE = "conclude_preliminary_acceptance"
    CONCLUDE_ASSESSMENT_ACCEPTANCE = "conclude_assessment_acceptance"


S, C = CaseStage, RectificationCommand
ON_PASS: dict[RectificationCommand, CaseStage] = {
    C.APPROVE_PLAN: S.PLAN_APPROVED,
    C.START_WORK: S.IN_PROGRESS,
    C.SUBMIT_SELF_EVALUATION: S.SELF_EVALUATION,
    C.CONCLUDE_SELF_EVALUATION: S.PRELIMINARY_ACCEPTANCE,
    C.CONCLUDE_PRELIMINARY_ACCEPTANCE: S.ASSESSMENT_ACCEPTANCE,
    C.CONCLUDE_ASSESSMENT_ACCEPTANCE: S.CLOSED,
}
GATED = (C.CONCLUDE_PRELIMINARY_ACCEPTANCE, C.CONCLUDE_ASSESSMENT_ACCEPTANCE)  # judged by the gate, not the caller
_ALWAYS = (C.PUBLISH_NOTICE, C.GIVE_FEEDBACK, C.READ)
_ACCEPTANCE = (C.RECORD_SCORE, C.RECORD_VOTES, *_ALWAYS)
ALLOWED: dict[CaseStage, tuple[RectificationCommand, ...]] = {
    S.IDENTIFIED: (C.APPROVE_PLAN, C.ADD_ITEM, *_ALWAYS),
    S.PLAN_APPROVED: (C.START_WORK, C.ADD_ITEM, *_ALWAYS),
    S.IN_PROGRESS: (
        C.SUBMIT_SELF_EVALUATION,
        C.ADD_ITEM,
        C.RECORD_PROGRESS,
        C.SUBMIT_EVIDENCE,
        C.APPROVE_CLOSE_OFF,
        C.REOPEN_ITEM,
        *_ALWAYS,
    ),
    S.SELF_EVALUATION: (C.CONCLUDE_SELF_EVALUATION, *_ALWAYS),
    S.PRELIMINARY_ACCEPTANCE: (C.CONCLUDE_PRELIMINARY_ACCEPTANCE, *_ACCEPTANCE),
    S.ASSESSMENT_ACCEPTANCE: (C.CONCLUDE_ASSESSMENT_ACCEPTANCE, *_ACCEPTANCE),
    S.CLOSED: (C.REINSPECT, *_ALWAYS),
}


# The ledger item's own commands: who on the item may run one besides the table's roles (its owner or
# its reviewer, `Target.helper`), and the item states it acts on (问题清单 → 销号).
ITEM_COMMANDS: dict[RectificationCommand, tuple[str, frozenset[ItemState]]] = {
    C.RECORD_PROGRESS: ("owner", frozenset({ItemState.OPEN})),
    C.SUBMIT_EVIDENCE: ("owner", frozenset({ItemState.OPEN})),
    C.APPROVE_CLOSE_OFF: ("reviewer", frozenset({ItemState.EVIDENCE_SUBMITTED})),
    C.REOPEN_ITEM: ("reviewer", frozenset({ItemState.EVIDENCE_SUBMITTED, ItemState.CLOSED_OFF})),
}


def require(stage: CaseStage, command: RectificationCommand) -> None:
    """Refuses `command` unless the table allows it in `stage`."""
    allowed = ALLOWED[stage]
    if command not in allowed:
        raise IllegalTransitionError(
            f"cannot {command} a rectification case that is {stage}",
            state=str(stage),
            allowed=[str(c) for c in allowed],
        )
