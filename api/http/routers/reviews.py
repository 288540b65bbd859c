"""Joint qualification reviews (任职资格联审) over HTTP: start, answer, list, one (now or as of).

Who may run what is `domain/reviews/permissions.py`; the rules are `domain/reviews/policy.py`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from api.http.deps import WRITES, AsOfDep, ServicesDep
from api.http.fresh import fresh
from api.http.review_permits import ReviewPermitsDep
from api.http.schemas.common import Code, Limit, Offset
from api.http.schemas.reviews import (
    AnswerReview,
    EscalationOut,
    ReviewOut,
    ReviewPage,
    ReviewRow,
    StartReview,
    VerdictOut,
)
from domain.reviews.model import JointReview
from domain.reviews.values import ReviewCommand, ReviewStatus, Verdict
from projections.reviews.lists import ReviewFilter, review_page

router = APIRouter(prefix="/api/v1/reviews", tags=["reviews"])


@router.post("", status_code=201, dependencies=WRITES)
def start_review(body: StartReview, svc: ServicesDep, may: ReviewPermitsDep) -> ReviewOut:
    """Send a candidate to every reviewing unit (offices in their grid); once per person per round (409)."""
    who = may.place(ReviewCommand.START, body.node)
    review = svc.app.start_review(
        person_id=body.person_id, node=body.node, post=body.post, round=body.round, units=body.units,
        actor=who.username, reason=body.reason,
    )  # fmt: skip
    return review_out(review, svc.app.clock.now())


@router.post("/{review_id}/verdicts", dependencies=WRITES)
def answer_review(review_id: UUID, body: AnswerReview, svc: ServicesDep, may: ReviewPermitsDep) -> ReviewOut:
    """A reviewing unit's verdict with its basis; the last answer completes the review, any fail disqualifies."""
    who = may.answer(review_id, body.unit)
    review = svc.app.answer_review(
        review_id, unit=who.department, verdict=body.verdict, basis=body.basis, actor=who.username, reason=body.reason
    )
    return review_out(review, svc.app.clock.now())


@router.get("", dependencies=[fresh("reviews")])
def list_reviews(
    svc: ServicesDep,
    may: ReviewPermitsDep,
    round: Annotated[str | None, Query(max_length=16)] = None,
    node: Annotated[str | None, Query(max_length=40, description="a community or a street")] = None,
    status: ReviewStatus | None = None,
    unit: Annotated[Code | None, Query(description="reviews this unit sits on")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> ReviewPage:
    everything, scopes = may.list_scope()
    mine = may.principal.departments()
    if not everything and not scopes and mine:  # a reviewing unit's staff: the reviews their unit sits on
        unit = unit if unit in mine else mine[0]
        everything = True
    total, rows = review_page(
        svc.engine, everything=everything, scopes=scopes, where=ReviewFilter(round, node, status, unit),
        limit=limit, offset=offset,
    )  # fmt: skip
    return ReviewPage(total=total, items=[ReviewRow.model_validate(r) for r in rows])


@router.get("/{review_id}")
def get_review(review_id: UUID, svc: ServicesDep, may: ReviewPermitsDep, as_of: AsOfDep = None) -> ReviewOut:
    review = svc.app.review(review_id)
    may.read_review(review)
    if as_of is None:
        return review_out(review, svc.app.clock.now())
    return review_out(svc.app.review_as_of(review_id, as_of), as_of)


def review_out(review: JointReview, now: datetime) -> ReviewOut:
    verdicts = []
    for unit in review.units:
        given = review.verdicts.get(unit)
        due = review.deadlines.get(f"answer:{unit}")
        verdicts.append(
            VerdictOut(
                unit=unit, verdict=None if given is None else Verdict(given["verdict"]),
                basis=None if given is None else given["basis"], answered_at=None if given is None else given["at"],
                due=due, overdue=due is not None and due <= now,
            )
        )  # fmt: skip
    return ReviewOut(
        id=review.id, person_id=UUID(review.person_id), round=review.round, post=review.post, node=review.node,
        path=review.path, status=review.status, started_at=review.started_at, started_by=review.started_by,
        answer_due=review.answer_due, completed_at=review.completed_at, verdicts=verdicts,
        escalations=[EscalationOut.model_validate(e) for e in review.escalations], version=review.version,
    )  # fmt: skip
