"""Positions held over time and organisation life on the cadence engine, on every backend."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from domain.cadence.compliance import Standing
from domain.positions.life import LifeKind
from domain.reviews.values import Post
from domain.shared.clock import ManualClock
from domain.shared.errors import IllegalTransitionError
from projections.positions.queries import held_on
from tests.support.reviews import UNITS, candidate, reviewed
from tests.support.world import C1, S1, World


def _holders(world: World, day: date) -> set[tuple[str, str]]:
    world.services.runner.catch_up()
    _, rows = held_on(
        world.services.engine, day=day, everything=True, scopes=(), node=S1, post=None, limit=100, offset=0
    )
    return {(r["post"], r["person_id"]) for r in rows}


def test_appointment_is_refused_without_a_completed_passing_review(world: World) -> None:
    app = world.services.app
    never, pending, failed = candidate(app, 11), candidate(app, 12), candidate(app, 13)
    app.start_review(person_id=pending, node=C1, post=Post.SECRETARY, units=UNITS, actor="office1")
    reviewed(app, failed, C1, fail="XF")
    for person, state in ((never, "not reviewed"), (pending, "in_review"), (failed, "disqualified")):
        with pytest.raises(IllegalTransitionError, match=state):
            app.appoint(node=C1, post=Post.SECRETARY, person_id=person, valid_from=date(2026, 3, 2), actor="office1")


def test_one_person_holds_secretary_and_director_at_once_and_history_is_queryable_as_of_a_date(world: World) -> None:
    app = world.services.app
    first, second = candidate(app, 14), candidate(app, 15)
    reviewed(app, first, C1)
    reviewed(app, second, C1, post=Post.DIRECTOR)
    app.appoint(node=C1, post=Post.SECRETARY, person_id=first, valid_from=date(2026, 3, 2), actor="office1")
    roster = app.appoint(node=C1, post=Post.DIRECTOR, person_id=second, valid_from=date(2026, 3, 2), actor="office1")
    with pytest.raises(IllegalTransitionError, match="end that holding first"):
        app.appoint(node=C1, post=Post.DIRECTOR, person_id=first, valid_from=date(2026, 4, 1), actor="office1")
    director = next(h for h in roster.holdings.values() if h.post is Post.DIRECTOR)
    app.end_holding(node=C1, holding_id=director.id, valid_to=date(2026, 4, 1), actor="office1", reason="辞职")
    app.appoint(node=C1, post=Post.DIRECTOR, person_id=first, valid_from=date(2026, 4, 1), actor="office1")  # 一肩挑
    assert _holders(world, date(2026, 3, 31)) == {("secretary", str(first)), ("director", str(second))}
    assert _holders(world, date(2026, 4, 1)) == {("secretary", str(first)), ("director", str(first))}
    assert _holders(world, date(2026, 3, 1)) == set()


def test_talks_follow_their_cadence_with_a_manual_clock(world: World, clock: ManualClock) -> None:
    app = world.services.app

    def standing(kind: LifeKind, on: date) -> Standing:
        return next(s for s in app.life_compliance(C1, on=on, since=date(2026, 1, 1)) if s.kind == kind).standing

    clock.advance(timedelta(days=10))  # 12 March 2026
    app.record_organisation_life(node=C1, kind=LifeKind.ONE_TO_ONE_TALK, held_on=date(2026, 3, 11), attendees=2,
                                 actor="office1")  # fmt: skip
    assert standing(LifeKind.ONE_TO_ONE_TALK, date(2026, 3, 12)) is Standing.MET
    assert standing(LifeKind.ONE_TO_ONE_TALK, date(2026, 6, 20)) is Standing.DUE_SOON  # the second quarter's
    assert standing(LifeKind.ONE_TO_ONE_TALK, date(2026, 7, 2)) is Standing.OVERDUE
    assert standing(LifeKind.GROUP_TALK, date(2026, 3, 12)) is Standing.ON_TRACK
    assert standing(LifeKind.GROUP_TALK, date(2026, 7, 2)) is Standing.OVERDUE
    clock.advance(timedelta(days=120))  # 10 July: a late talk catches the quarter up
    app.record_organisation_life(node=C1, kind=LifeKind.ONE_TO_ONE_TALK, held_on=date(2026, 7, 9), attendees=2,
                                 actor="office1")  # fmt: skip
    assert standing(LifeKind.ONE_TO_ONE_TALK, date(2026, 7, 10)) is Standing.MET
    assert standing(LifeKind.ONE_TO_ONE_TALK, date(2026, 7, 2)) is Standing.OVERDUE  # as of then, still


def test_a_meeting_counts_only_when_planned_at_the_start_and_held_by_the_middle_of_the_month(
    world: World, clock: ManualClock
) -> None:
    app = world.services.app
    clock.advance(timedelta(days=30))  # 1 April 2026
    for planned, held in ((date(2026, 3, 2), date(2026, 3, 12)), (date(2026, 2, 10), date(2026, 2, 12))):
        app.record_organisation_life(node=C1, kind=LifeKind.PARTY_MEETING, held_on=held, planned_on=planned,
                                     attendees=12, actor="office1")  # fmt: skip
    meeting = next(s for s in app.life_compliance(C1, on=date(2026, 4, 1)) if s.kind == LifeKind.PARTY_MEETING)
    assert (meeting.met_windows, meeting.missed_windows) == (1, 2)  # March met; January none, February planned late
