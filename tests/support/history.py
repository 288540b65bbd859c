"""A short history in which every read model gets rows."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from domain.issues.intake import Intake
from domain.shared.clock import ManualClock
from projections.issues.watcher import tick
from tests.support.households import household
from tests.support.pairings import helper, home
from tests.support.rectification import in_progress
from tests.support.reviews import candidate, reviewed
from tests.support.world import B1, BUILDING_WORK, C1, World


def some_history(world: World, clock: ManualClock) -> None:
    """Issues in several states, a closed account and missed deadlines: every model has rows."""
    app = world.services.app
    for n in range(3):
        issue, _ = app.report_issue(node=B1, category=BUILDING_WORK, description=f"违建 {n}", actor="worker1")
        if n == 0:
            continue
        app.accept_issue(issue.id, actor="leader1", reason="立案")
        app.blow_whistle(issue.id, kind="emergency", lead="CG", co_handlers=["ZJ"], actor="leader1", reason="吹哨")
        app.check_in(issue.id, department="CG", actor="dept1", reason="报到")
        if n == 1:
            app.return_dispatch(issue.id, department="ZJ", actor="dept2", reason="不属本部门")
            app.redispatch(issue.id, from_department="ZJ", to_department="XF", actor="leader1", reason="改派")
            continue
        app.check_in(issue.id, department="ZJ", actor="dept2", reason="报到")
        for department in ("CG", "ZJ"):
            app.feed_back(issue.id, department=department, result="done", actor="dept", reason="反馈")
        app.verify(issue.id, passed=True, departments=None, actor="worker1", reason="核查")
        app.close_issue(issue.id, actor="leader1", reason="结案")
        app.rate(issue.id, department="CG", rating="basically_satisfied", actor="office1", reason="评价")
    app.close_account(username="worker2", actor="admin", reason="left the office")
    at_risk = household(app, B1, 901)  # a monitoring case and a standards check (projections/monitoring)
    app.open_case(household_id=at_risk, category="marginal", source="grid_worker", clue="因病", actor="worker1")
    today = app.local_date(clock.now())
    app.record_standard_check(at_risk, item="water", status="met", checked_on=today, actor="worker1", reason="核查")
    helped = home(app, B1, 902)  # a pairing with a contact, and a tagged resident (projections/people, pairings)
    pairing = app.pair(
        kind="assistance",
        subject_kind="household",
        subject_id=helped,
        helper=helper(app, "cadre1"),
        actor="office1",
        reason="结对帮扶",
    )
    app.log_contact(pairing.id, kind="contact", on=today, actor="cadre1", reason="电话联系")
    app.tag_person(UUID(app.household(helped).head), tag="elderly_alone", on=today, actor="worker1", reason="独居")
    secretary = candidate(app, 99)  # a joint review, a holding and a talk (projections/reviews, positions)
    reviewed(app, secretary, C1)
    app.appoint(node=C1, post="secretary", person_id=secretary, valid_from=today, actor="office1")
    app.record_organisation_life(node=C1, kind="group_talk", held_on=today, attendees=5, actor="office1")
    in_progress(app)  # a rectification case with a ledger item (projections/rectification)
    client, _ = app.register_client(name="12345 热线", actor="admin", reason="接入")  # projections/clients
    app.report_from_outside(  # a client system's report (projections/intake)
        intake=Intake.OPEN311, node=B1, category=BUILDING_WORK, description="楼顶违建", client=client.id.hex
    )
    clock.advance(timedelta(days=3))
    tick(world.services.app, world.services.runner)
    world.services.runner.catch_up()
