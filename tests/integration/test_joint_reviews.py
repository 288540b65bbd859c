"""Joint qualification reviews (任职资格联审) on every backend: any fail disqualifies, an overdue
unit is escalated once on the right working day, a person is reviewed once per round."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from domain.reviews.model import JointReview
from domain.reviews.policy import DEFAULT_UNITS
from domain.reviews.values import Post, ReviewStatus, Verdict
from domain.shared.clock import ManualClock
from domain.shared.errors import AlreadyExistsError, IllegalTransitionError, InvalidInputError
from projections.reviews import watcher
from projections.reviews.lists import ReviewFilter, review_page
from tests.support.reviews import UNITS, candidate, reviewed
from tests.support.world import C1, C2, S1, World


def test_a_joint_review_with_one_failing_department_disqualifies_the_candidate(world: World) -> None:
    app = world.services.app
    review = reviewed(app, candidate(app, 1), C1, fail="ZJ")
    assert review.status is ReviewStatus.DISQUALIFIED
    assert [type(e).__name__ for e in app.events.get(review.id)][-2:] == ["VerdictReturned", "ReviewCompleted"]
    world.services.runner.catch_up()
    total, rows = review_page(
        world.services.engine, everything=True, scopes=(), where=ReviewFilter(round="2026", node=S1,
        status=ReviewStatus.DISQUALIFIED), limit=10, offset=0,
    )  # fmt: skip
    assert total == 1 and rows[0]["failed"] == 1 and rows[0]["answered"] == 3


def test_the_review_completes_only_when_every_unit_has_answered(world: World) -> None:
    app = world.services.app
    review = app.start_review(person_id=candidate(app, 2), node=C1, post=Post.DIRECTOR, actor="office1")
    assert review.units == list(DEFAULT_UNITS)
    for unit in list(DEFAULT_UNITS)[:-1]:
        review = app.answer_review(review.id, unit=unit, verdict=Verdict.PASS, basis="无", actor="staff")
    assert review.status is ReviewStatus.IN_REVIEW
    with pytest.raises(IllegalTransitionError):
        app.answer_review(review.id, unit=next(iter(DEFAULT_UNITS)), verdict=Verdict.PASS, basis="again", actor="staff")
    with pytest.raises(InvalidInputError):
        app.answer_review(review.id, unit="CG", verdict=Verdict.PASS, basis="not on it", actor="staff")
    review = app.answer_review(review.id, unit=list(DEFAULT_UNITS)[-1], verdict=Verdict.PASS, basis="无", actor="s")
    assert review.status is ReviewStatus.PASSED


def test_a_second_review_of_the_same_person_in_the_round_is_refused(world: World) -> None:
    app = world.services.app
    person = candidate(app, 3)
    reviewed(app, person, C1, fail="CG")
    with pytest.raises(AlreadyExistsError, match="once per round"):
        app.start_review(person_id=person, node=C2, post=Post.MEMBER, units=UNITS, actor="office1")
    other_round = app.start_review(person_id=person, node=C2, post=Post.MEMBER, round="2021", units=UNITS, actor="x")
    assert other_round.round == "2021"


def test_an_overdue_department_is_escalated_once_on_the_right_working_day(world: World, clock: ManualClock) -> None:
    app, runner = world.services.app, world.services.runner
    start = clock.now()  # Monday 2 March 2026, 09:00 in the district
    review = app.start_review(person_id=candidate(app, 4), node=C1, post=Post.SECRETARY, units=UNITS, actor="office1")
    for unit in ("CG", "ZJ"):
        app.answer_review(review.id, unit=unit, verdict=Verdict.PASS, basis="无", actor="staff")
    due = review.answer_due
    zone = app.calendar().zone
    # Five working days: 3, 4, 5, 6 March, then Monday 9 March is a holiday, so Tuesday 10 March.
    assert due.astimezone(zone).date() == date(2026, 3, 10)
    assert due == app.calendar().add(start, app.review_policy.answer_limit)

    def escalations() -> list[JointReview.Event]:
        return [e for e in app.events.get(review.id) if isinstance(e, JointReview.Escalated)]

    _at(clock, datetime.combine(date(2026, 3, 9), due.astimezone(zone).timetz()))  # the holiday: a reminder only
    watcher.tick(app, runner)
    assert escalations() == []
    assert [e.unit for e in app.events.get(review.id) if isinstance(e, JointReview.ReviewerReminded)] == ["XF"]
    _at(clock, due + timedelta(minutes=1))
    assert watcher.tick(app, runner) == 2  # overdue, and escalated to the street
    watcher.tick(app, runner)
    clock.advance(timedelta(days=1))
    watcher.tick(app, runner)
    assert [(e.unit, e.to_node, e.timestamp.astimezone(zone).date()) for e in escalations()] == [
        ("XF", S1, date(2026, 3, 10))
    ]
    runner.catch_up()
    _, rows = review_page(world.services.engine, everything=True, scopes=(), where=ReviewFilter(), limit=10, offset=0)
    assert (rows[0]["overdue"], rows[0]["escalations"]) == (1, 1)


def _at(clock: ManualClock, moment: datetime) -> None:
    clock.advance(moment - clock.now())
