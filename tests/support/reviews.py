"""Candidates and joint reviews for the review and position tests."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.application import GridGov
from domain.reviews.model import JointReview
from domain.reviews.values import Post, Verdict
from tests.support.households import id_number
from tests.support.world import B1

UNITS = ["CG", "ZJ", "XF"]  # the test district's departments stand in for reviewing units


def candidate(app: GridGov, serial: int, building: str = B1) -> UUID:
    person = app.register_person(
        name=f"候选人{serial}", id_number=id_number(500 + serial, date(1980, 5, 5)), gender="female",
        building=building, since=date(2015, 1, 1), actor="worker1", reason="test candidate",
    )  # fmt: skip
    return UUID(str(person.id))


def reviewed(
    app: GridGov, person: UUID, node: str, *, post: Post = Post.SECRETARY, fail: str | None = None
) -> JointReview:
    """A completed review of the person for a post on `node`: every unit passes, but `fail`."""
    review = app.start_review(person_id=person, node=node, post=post, units=UNITS, actor="office1")
    for unit in UNITS:
        verdict = Verdict.FAIL if unit == fail else Verdict.PASS
        review = app.answer_review(review.id, unit=unit, verdict=verdict, basis="经查无问题", actor=f"staff-{unit}")
    return review
