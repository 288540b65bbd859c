"""The demo's rectification cases (整治): weak community branches found by the criteria, one case at
each stage, one that failed its preliminary acceptance (初验) and went back to work, and one closed
case that relapsed at its re-inspection (回头看)."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

from domain.application import GridGov
from domain.rectification.status import StageStep
from domain.rectification.values import TargetKind
from domain.shared.clock import ManualClock

OFFICE = "office1"
GOOD = {"leadership": 27, "party_life": 18, "ledger": 27, "satisfaction": 18}  # 90 on the default sheet
POOR = {"leadership": 20, "party_life": 10, "ledger": 20, "satisfaction": 15}  # 65: below the pass mark
S = StageStep
# The steps that take a case to each stage, in order: identified … assessment acceptance.
_UP_TO = (
    S.APPROVE_PLAN,
    S.START_WORK,
    S.SUBMIT_SELF_EVALUATION,
    S.CONCLUDE_SELF_EVALUATION,
    S.CONCLUDE_PRELIMINARY_ACCEPTANCE,
)
_CRITERIA = ("secretary_vacant", "low_satisfaction", "last_in_assessment")


def load_rectification(app: GridGov, clock: ManualClock, communities: list[tuple[str, str, str]]) -> int:
    """`communities` are (code, leader, worker): case n goes n steps; then a failed 初验, a closed case, a relapse."""
    made = 0
    for n, (community, leader, worker) in enumerate(communities[: len(_UP_TO) + 4]):
        today = app.local_date(clock.now())
        case = app.identify_case(
            target_kind=TargetKind.GRID_NODE,
            target_id=community,
            source="年度软弱涣散基层党组织排查",
            criterion=_CRITERIA[n % len(_CRITERIA)],
            actor=OFFICE,
            reason="应整尽整",
        )
        made += 1
        _, item = app.add_ledger_item(
            case.id,
            problem="班子不健全" if n % 2 else "组织生活不规范",
            measure="选优配强书记" if n % 2 else "建立三会一课台账",
            owner=worker,
            reviewer=leader,
            deadline=today + timedelta(days=5 + 7 * n),
            actor=OFFICE,
            reason="列入整改台账",
        )
        steps = min(n, len(_UP_TO)) if n <= len(_UP_TO) else len(_UP_TO) - 1
        for step in _UP_TO[:steps]:
            if step is S.SUBMIT_SELF_EVALUATION:
                _close_off(app, case.id, item, worker, leader)
            if step is S.CONCLUDE_PRELIMINARY_ACCEPTANCE:
                app.score_case(case.id, points=GOOD, actor=OFFICE, reason="初验评分")
            _step(app, case.id, step, today)
        if n == len(_UP_TO) + 1:  # 初验 failed on the score: back to work with the reasons, a new deadline
            app.score_case(case.id, points=POOR, actor=OFFICE, reason="初验评分")
            _step(app, case.id, S.CONCLUDE_PRELIMINARY_ACCEPTANCE, today)
        if n >= len(_UP_TO) + 2:  # 初验 and 评估验收 passed: closed
            app.score_case(case.id, points=GOOD, actor=OFFICE, reason="初验评分")
            _step(app, case.id, S.CONCLUDE_PRELIMINARY_ACCEPTANCE, today)
            app.score_case(case.id, points=GOOD, actor=OFFICE, reason="评估验收评分")
            app.record_case_votes(
                case.id, satisfied=12, basically_satisfied=2, unsatisfied=1, actor=OFFICE, reason="民主测评"
            )
            _step(app, case.id, S.CONCLUDE_ASSESSMENT_ACCEPTANCE, today)
            app.publish_case_notice(case.id, title="整改情况通报", text="已通过评估验收", actor=OFFICE, reason="通报")
        if n == len(_UP_TO) + 3:  # the 回头看 found a relapse: the case is open again
            app.reinspect_case(
                case.id,
                relapse=True,
                findings="书记再次空缺",
                new_deadline=today + timedelta(days=60),
                actor=OFFICE,
                reason="回头看",
            )
    return made


def _close_off(app: GridGov, case_id: UUID, item: str, owner: str, reviewer: str) -> None:
    app.record_item_progress(case_id, item, note="已召开专题会议", actor=owner, reason="进展")
    app.submit_item_evidence(
        case_id, item, before="问题存在", after="整改完成", after_sha256=["ab" * 32], actor=owner, reason="销号申请"
    )
    app.close_off_item(case_id, item, actor=reviewer, reason="核实销号")


def _step(app: GridGov, case_id: UUID, step: StageStep, today: date) -> None:
    app.advance_case(
        case_id,
        step=step,
        passed=True if step is S.CONCLUDE_SELF_EVALUATION else None,
        plan="配齐配强班子，规范组织生活" if step is S.APPROVE_PLAN else "",
        summary="问题全部整改" if step is S.SUBMIT_SELF_EVALUATION else "",
        deadline=today + timedelta(days=90) if step in (S.APPROVE_PLAN, S.CONCLUDE_PRELIMINARY_ACCEPTANCE) else None,
        reasons=None,
        actor=OFFICE,
        reason=str(step),
    )
