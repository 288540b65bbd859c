"""A missed indicator opens a rectification case where it missed, once per deadline, however often
the job runs; an indicator met opens nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID

from domain.rectification.values import TargetKind
from domain.reviews.values import Post
from domain.shared.clock import ManualClock
from projections.indicators.rectify import missed_case_id, rectify_missed
from tests.support.reviews import candidate, reviewed
from tests.support.world import C1, C2, C3, World


def test_a_community_without_one_shoulder_gets_one_case_per_deadline(world: World, clock: ManualClock) -> None:
    app, services = world.services.app, world.services
    for serial, community in enumerate((C1, C2), start=1):
        secretary = candidate(app, serial)
        reviewed(app, secretary, community)
        app.appoint(node=community, post=Post.SECRETARY, person_id=secretary, valid_from=date(2026, 3, 2), actor="o")
        if community == C1:  # C1's secretary also directs the committee; C2 has no director at all
            app.appoint(node=community, post=Post.DIRECTOR, person_id=secretary, valid_from=date(2026, 3, 2), actor="o")

    def one_shoulder(opened: list[UUID]) -> list[UUID]:
        return [c for c in opened if app.rectification_case(c).target_id == "secretary_is_director"]

    assert one_shoulder(rectify_missed(app, services.indicator_source(), date(2026, 6, 29))) == []  # not due yet

    clock.set(datetime(2026, 7, 1, 2, 0, tzinfo=UTC))
    opened = one_shoulder(rectify_missed(app, services.indicator_source(), date(2026, 7, 1)))
    # C2 has no director; C3 (the other street) has no posts at all: both miss, C1 does not.
    assert sorted(opened) == sorted(missed_case_id("secretary_is_director", c, "2026-06-30") for c in (C2, C3))
    case = app.rectification_case(missed_case_id("secretary_is_director", C2, "2026-06-30"))
    assert (case.node, case.target_kind, case.target_id, case.criterion) == (
        C2,
        TargetKind.MISSED_INDICATOR,
        "secretary_is_director",
        "missed_indicator",
    )
    assert rectify_missed(app, services.indicator_source(), date(2026, 7, 2)) == []  # once per deadline
