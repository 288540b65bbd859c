"""A rectification case through every stage, on SQLite and PostgreSQL: a failed 初验, the gate under
the default rule, under a changed rule and the veto, closing, and a relapse at the 回头看."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from uuid import UUID

import pytest

from domain.rectification.policy import GateRule
from domain.rectification.status import CaseStage, StageStep
from domain.shared.clock import ManualClock
from domain.shared.errors import IllegalTransitionError, InvalidInputError
from tests.support.rectification import (
    GOOD,
    OFFICE,
    POOR,
    add_item,
    in_progress,
    step,
    to_preliminary,
    today,
    votes,
)
from tests.support.world import World

P, A = StageStep.CONCLUDE_PRELIMINARY_ACCEPTANCE, StageStep.CONCLUDE_ASSESSMENT_ACCEPTANCE


def _to_assessment(world: World, case_id: UUID) -> None:
    app = world.services.app
    to_preliminary(app, case_id)
    app.score_case(case_id, points=GOOD, actor=OFFICE, reason="初验评分")
    assert step(app, case_id, P).stage is CaseStage.ASSESSMENT_ACCEPTANCE


def test_a_case_walks_every_stage_with_a_failed_preliminary_acceptance_the_gate_and_a_relapse(
    world: World, clock: ManualClock
) -> None:
    app = world.services.app
    case, item_id = in_progress(app)
    assert [h["stage"] for h in case.history] == ["plan_approved", "in_progress"]
    with pytest.raises(InvalidInputError, match="closed off"):
        step(app, case.id, StageStep.SUBMIT_SELF_EVALUATION)
    to_preliminary(app, case.id)

    # 初验 fails on the score (65 < 70): back to in progress with the reasons and a new deadline.
    app.score_case(case.id, points=POOR, actor=OFFICE, reason="初验评分")
    new_deadline = today(app) + timedelta(days=30)
    back = step(app, case.id, P, deadline=new_deadline)
    assert back.stage is CaseStage.IN_PROGRESS and back.deadline == new_deadline.isoformat()
    assert back.history[-1]["reasons"] == ["scored 65, below the pass mark of 70"]

    # The failed item is reopened, worked off again; 初验 passes at 90.
    app.reopen_item(case.id, item_id, deadline=new_deadline, actor="leader1", reason="整改不彻底")
    add_item(app, case.id)
    _to_assessment(world, case.id)

    # A changed rule (pass at 95) fails the same 90 points.
    default = app.rectification_policy
    app.rectification_policy = replace(default, gate=GateRule(pass_points=95))
    try:
        app.score_case(case.id, points=GOOD, actor=OFFICE, reason="评估验收")
        votes(app, case.id, unsatisfied=2)
        failed = step(app, case.id, A, deadline=new_deadline)
        assert failed.stage is CaseStage.IN_PROGRESS
        assert failed.history[-1]["reasons"] == ["scored 90, below the pass mark of 95"]
    finally:
        app.rectification_policy = default
    _to_assessment(world, case.id)

    # The veto: 8 of 15 unsatisfied fails whatever the score (100 points).
    app.score_case(
        case.id, points={"leadership": 30, "party_life": 20, "ledger": 30, "satisfaction": 20}, actor=OFFICE, reason="x"
    )
    votes(app, case.id, unsatisfied=8)
    vetoed = step(app, case.id, A, deadline=new_deadline)
    assert vetoed.stage is CaseStage.IN_PROGRESS
    assert vetoed.history[-1]["reasons"][0].startswith("vetoed: 8 of 15 votes unsatisfied")
    _to_assessment(world, case.id)

    # The default rule: 90 points and 7 of 15 unsatisfied (not more than half) pass; the case closes.
    app.score_case(case.id, points=GOOD, actor=OFFICE, reason="评估验收")
    votes(app, case.id, unsatisfied=7)
    closed = step(app, case.id, A)
    assert closed.stage is CaseStage.CLOSED
    assert closed.reinspect_on == "2026-09-02"  # six months after closing on 2026-03-02

    _, notice_id = app.publish_case_notice(case.id, title="整改通报", text="已通过验收", actor=OFFICE, reason="通报")
    app.give_notice_feedback(case.id, notice_id, text="满意", actor="worker1", reason="反馈")
    assert app.rectification_case(case.id).notices[notice_id]["feedback"][0]["text"] == "满意"

    # 回头看 six months on: a relapse reopens the case, linked to the re-inspection.
    clock.advance(timedelta(days=184))
    with pytest.raises(InvalidInputError, match="new deadline"):
        app.reinspect_case(case.id, relapse=True, findings="书记再次空缺", actor=OFFICE, reason="回头看")
    reopened = app.reinspect_case(
        case.id,
        relapse=True,
        findings="书记再次空缺",
        new_deadline=today(app) + timedelta(days=60),
        actor=OFFICE,
        reason="回头看",
    )
    assert reopened.stage is CaseStage.IN_PROGRESS
    assert reopened.reinspections == [
        {"number": 1, "relapse": True, "findings": "书记再次空缺", "on": reopened.reinspections[0]["on"]}
    ]
    assert reopened.history[-1]["command"] == "reinspect" and reopened.reinspect_on is None
    with pytest.raises(IllegalTransitionError):
        step(app, case.id, A)


def test_a_case_scored_under_an_old_sheet_version_is_re_scored_under_it(world: World) -> None:
    from domain.rectification.sheet import Area, ScoreSheet, SheetItem

    app = world.services.app
    case, _ = in_progress(app)
    to_preliminary(app, case.id)
    scored = app.score_case(case.id, points=POOR, actor=OFFICE, reason="初验评分")
    assert scored.scores["preliminary_acceptance"]["sheet_version"] == 1
    v2 = ScoreSheet(2, (Area("综合", (SheetItem("overall", "综合评价", 100),)),))
    default = app.rectification_policy
    app.rectification_policy = replace(default, sheets={**default.sheets, 2: v2}, current_sheet=2)
    try:
        with pytest.raises(InvalidInputError, match="sheet version 2 has no item"):
            app.score_case(case.id, points=GOOD, actor=OFFICE, reason="新版")
        rescored = app.score_case(case.id, points=GOOD, sheet_version=1, actor=OFFICE, reason="按原版本复核")
        assert rescored.scores["preliminary_acceptance"] == {"sheet_version": 1, "points": GOOD, "total": 90}
        assert [s["total"] for s in rescored.score_history] == [65, 90]
        assert (
            app.score_case(case.id, points={"overall": 80}, actor=OFFICE, reason="新版").scores[
                "preliminary_acceptance"
            ]["sheet_version"]
            == 2
        )
    finally:
        app.rectification_policy = default


def test_the_reviewer_not_the_owner_closes_an_item_off(world: World) -> None:
    app = world.services.app
    case, item_id = in_progress(app)
    with pytest.raises(InvalidInputError, match="someone other than the owner"):
        app.add_ledger_item(
            case.id,
            problem="p",
            measure="m",
            owner="worker1",
            reviewer="worker1",
            deadline=today(app) + timedelta(days=3),
            actor=OFFICE,
            reason="x",
        )
    app.submit_item_evidence(case.id, item_id, before="b", after="a", actor="worker1", reason="x")
    with pytest.raises(InvalidInputError, match="cannot approve their own"):
        app.close_off_item(case.id, item_id, actor="worker1", reason="x")
    close_off_done = app.close_off_item(case.id, item_id, actor="leader1", reason="x")
    assert close_off_done.items[item_id]["state"] == "closed_off"
