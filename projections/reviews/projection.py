"""Builds the joint-review rows from review events, in log order; deadlines move by the review's
own table (`domain/reviews/deadlines.py`), so the list and the watcher need no aggregate."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from domain.reviews import deadlines
from domain.reviews.model import REVIEW_TOPICS, JointReview
from domain.reviews.values import ReviewStatus, Verdict
from projections.reviews.tables import reviews, verdicts


class ReviewRows:
    name = "reviews"
    topics = REVIEW_TOPICS
    tables = (reviews, verdicts)

    def handle(self, conn: Connection, position: int, event: Any) -> None:
        key = str(event.originator_id)
        if isinstance(event, JointReview.ReviewStarted):
            due: dict[str, datetime] = {}
            deadlines.follow(due, event)
            conn.execute(
                insert(reviews).values(
                    id=key, person_id=event.person_id, round=event.round, post=event.post, node=event.node,
                    street=event.path[0], status=str(ReviewStatus.IN_REVIEW), units=len(event.units), answered=0,
                    failed=0, overdue=0, escalations=0, deadlines={k: v.isoformat() for k, v in due.items()},
                    next_due=min(due.values(), default=None), started_at=event.timestamp, completed_at=None,
                    position=position,
                )
            )  # fmt: skip
            conn.execute(insert(verdicts), [{"review_id": key, "unit": unit} for unit in event.units])
            return
        row = conn.execute(select(reviews).where(reviews.c.id == key)).mappings().one()
        due = {name: datetime.fromisoformat(value) for name, value in row["deadlines"].items()}
        deadlines.follow(due, event)
        values: dict[str, Any] = {
            "deadlines": {k: v.isoformat() for k, v in due.items()},
            "next_due": min(due.values(), default=None),
            "position": position,
        }
        if isinstance(event, JointReview.VerdictReturned):
            values.update(answered=row["answered"] + 1, failed=row["failed"] + (event.verdict == Verdict.FAIL))
            conn.execute(
                update(verdicts)
                .where(verdicts.c.review_id == key, verdicts.c.unit == event.unit)
                .values(verdict=event.verdict, basis=event.basis, answered_at=event.timestamp, answered_by=event.actor)
            )
        elif isinstance(event, JointReview.ReviewCompleted):
            values.update(status=event.outcome, completed_at=event.timestamp)
        elif isinstance(event, JointReview.ReviewerOverdue):
            values.update(overdue=row["overdue"] + 1)
        elif isinstance(event, JointReview.Escalated):
            values.update(escalations=row["escalations"] + 1)
        conn.execute(update(reviews).where(reviews.c.id == key).values(**values))
