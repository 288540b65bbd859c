"""Driving rectification cases through their stages, for the tests."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

from domain.application import GridGov
from domain.rectification.model import RectificationCase
from domain.rectification.status import StageStep
from domain.rectification.values import TargetKind
from tests.support.world import C1

OWNER, REVIEWER, OFFICE = "worker1", "leader1", "office1"
GOOD = {"leadership": 27, "party_life": 18, "ledger": 27, "satisfaction": 18}  # 90 on sheet version 1
POOR = {"leadership": 20, "party_life": 10, "ledger": 20, "satisfaction": 15}  # 65


def today(app: GridGov) -> date:
    return app.local_date(app.clock.now())


def identified(app: GridGov, node: str = C1) -> RectificationCase:
    return app.identify_case(
        target_kind=TargetKind.GRID_NODE,
        target_id=node,
        source="年度软弱涣散排查",
        criterion="secretary_vacant",
        actor=OFFICE,
        reason="书记缺职4个月",
    )


def add_item(app: GridGov, case_id: UUID, days: int = 30) -> str:
    _, item_id = app.add_ledger_item(
        case_id,
        problem="书记缺职",
        measure="选派第一书记",
        owner=OWNER,
        reviewer=REVIEWER,
        deadline=today(app) + timedelta(days=days),
        actor=OFFICE,
        reason="列入台账",
    )
    return item_id


def close_off(app: GridGov, case_id: UUID, item_id: str) -> None:
    app.record_item_progress(case_id, item_id, note="已物色人选", actor=OWNER, reason="进展")
    app.submit_item_evidence(
        case_id,
        item_id,
        before="书记空缺",
        after="第一书记到任",
        after_sha256=["ab" * 32],
        actor=OWNER,
        reason="销号申请",
    )
    app.close_off_item(case_id, item_id, actor=REVIEWER, reason="核实销号")


def in_progress(app: GridGov) -> tuple[RectificationCase, str]:
    """A case with one open ledger item, its plan approved and work started."""
    case = identified(app)
    item_id = add_item(app, case.id)
    step(app, case.id, StageStep.APPROVE_PLAN, plan="配齐班子", deadline=today(app) + timedelta(days=90))
    step(app, case.id, StageStep.START_WORK)
    return app.rectification_case(case.id), item_id


def to_preliminary(app: GridGov, case_id: UUID) -> RectificationCase:
    """From in progress, every item closed off: self-evaluation submitted and passed."""
    for item_id, item in app.rectification_case(case_id).items.items():
        if item["state"] == "open":
            close_off(app, case_id, item_id)
    step(app, case_id, StageStep.SUBMIT_SELF_EVALUATION, summary="问题全部整改")
    return step(app, case_id, StageStep.CONCLUDE_SELF_EVALUATION, passed=True)


def step(
    app: GridGov,
    case_id: UUID,
    which: StageStep,
    *,
    passed: bool | None = None,
    plan: str = "",
    summary: str = "",
    deadline: date | None = None,
    reasons: list[str] | None = None,
) -> RectificationCase:
    return app.advance_case(
        case_id,
        step=which,
        passed=passed,
        plan=plan,
        summary=summary,
        deadline=deadline,
        reasons=reasons,
        actor=OFFICE,
        reason=str(which),
    )


def votes(app: GridGov, case_id: UUID, unsatisfied: int, cast: int = 15) -> RectificationCase:
    return app.record_case_votes(
        case_id,
        satisfied=cast - unsatisfied,
        basically_satisfied=0,
        unsatisfied=unsatisfied,
        actor=OFFICE,
        reason="民主测评",
    )
