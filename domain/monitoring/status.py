"""Monitoring case states, the commands on a case, and the one transition table every command checks.

A step recorded as passed moves the case on (`ON_PASS`); recorded as failed, it closes the case
as not enrolled (未纳入), the reason saying why. Who may run each command is `permissions.py`.
"""

from __future__ import annotations

from enum import StrEnum

from domain.shared.errors import IllegalTransitionError


class CaseStatus(StrEnum):
    APPLIED = "applied"  # a household's application waits to be taken up (待受理)
    HOME_CHECK = "home_check"  # 入户核实
    DATA_COMPARISON = "data_comparison"  # 部门信息比对
    DEMOCRATIC_REVIEW = "democratic_review"  # 民主评议
    PUBLIC_NOTICE = "public_notice"  # 村(社区)公示
    TOWNSHIP_REVIEW = "township_review"  # 乡镇(街道)审核
    APPROVAL = "approval"  # 县级审批
    ENROLLED = "enrolled"  # 纳入监测对象, with assistance measures
    NOT_ENROLLED = "not_enrolled"  # 未纳入: a step found no risk, or the decision was no
    CLEARED = "cleared"  # 风险消除


class Step(StrEnum):
    """The steps of the pipeline, in order; the value is what a client sends as `step`."""

    ACCEPT_APPLICATION = "accept_application"
    HOME_CHECK = "home_check"
    DATA_COMPARISON = "data_comparison"
    DEMOCRATIC_REVIEW = "democratic_review"
    PUBLIC_NOTICE = "public_notice"
    TOWNSHIP_REVIEW = "township_review"
    APPROVAL = "approval"


class CaseCommand(StrEnum):
    """Every command on a case: opening it, each step, and what follows enrolment."""

    OPEN = "open"
    ACCEPT_APPLICATION = "accept_application"
    HOME_CHECK = "home_check"
    DATA_COMPARISON = "data_comparison"
    DEMOCRATIC_REVIEW = "democratic_review"
    PUBLIC_NOTICE = "public_notice"
    TOWNSHIP_REVIEW = "township_review"
    APPROVAL = "approval"
    RECORD_INCOME = "record_income"  # 收入核查
    RECORD_LABOUR = "record_labour"  # 劳动能力认定
    CLEAR_RISK = "clear_risk"  # 风险消除
    REVERT_CLEARANCE = "revert_clearance"  # 风险消除撤销 (返回监测)
    RECORD_STANDARD_CHECK = "record_standard_check"  # 一超两不愁三保障三有 核查 (a household's, not a case's)


S, C = CaseStatus, CaseCommand
ON_PASS: dict[Step, CaseStatus] = {
    Step.ACCEPT_APPLICATION: S.HOME_CHECK,
    Step.HOME_CHECK: S.DATA_COMPARISON,
    Step.DATA_COMPARISON: S.DEMOCRATIC_REVIEW,
    Step.DEMOCRATIC_REVIEW: S.PUBLIC_NOTICE,
    Step.PUBLIC_NOTICE: S.TOWNSHIP_REVIEW,
    Step.TOWNSHIP_REVIEW: S.APPROVAL,
    Step.APPROVAL: S.ENROLLED,
}
_FACTS = (C.RECORD_INCOME, C.RECORD_LABOUR)  # facts about the household, recorded at any open step
ALLOWED: dict[CaseStatus, tuple[CaseCommand, ...]] = {
    S.APPLIED: (C.ACCEPT_APPLICATION, *_FACTS),
    S.HOME_CHECK: (C.HOME_CHECK, *_FACTS),
    S.DATA_COMPARISON: (C.DATA_COMPARISON, *_FACTS),
    S.DEMOCRATIC_REVIEW: (C.DEMOCRATIC_REVIEW, *_FACTS),
    S.PUBLIC_NOTICE: (C.PUBLIC_NOTICE, *_FACTS),
    S.TOWNSHIP_REVIEW: (C.TOWNSHIP_REVIEW, *_FACTS),
    S.APPROVAL: (C.APPROVAL, *_FACTS),
    S.ENROLLED: (C.CLEAR_RISK, *_FACTS),
    S.CLEARED: (C.REVERT_CLEARANCE, *_FACTS),
    S.NOT_ENROLLED: (),
}
IN_PIPELINE = frozenset(ON_PASS.values()) - {S.ENROLLED} | {S.APPLIED}  # whose deadlines the watcher checks


def require(status: CaseStatus, command: CaseCommand) -> None:
    """Refuses `command` unless the table allows it in `status`."""
    allowed = ALLOWED[status]
    if command not in allowed:
        raise IllegalTransitionError(
            f"cannot {command} a monitoring case that is {status}",
            state=str(status),
            allowed=[str(c) for c in allowed],
        )
