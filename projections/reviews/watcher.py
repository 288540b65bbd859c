"""The review deadline watcher: the dispatch loop's mechanism, for joint reviews.

The rows only nominate candidates; each reminder, miss and escalation is decided on the review
aggregate (`JointReview.check_deadlines`), which records each exactly once. The worker loop and
`gridgov watch` call `tick` beside the other watchers.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import Engine, select

from domain.reviews.commands import ReviewCommands
from domain.reviews.values import ReviewStatus
from projections.reviews.tables import reviews
from projections.runner import Runner

log = logging.getLogger(__name__)


def candidates(engine: Engine, *, now: datetime, warn_before: timedelta) -> list[str]:
    near = select(reviews.c.id).where(
        reviews.c.status == str(ReviewStatus.IN_REVIEW),
        reviews.c.next_due.is_not(None),
        reviews.c.next_due <= now + warn_before,
    )
    with engine.connect() as conn:
        return sorted(r[0] for r in conn.execute(near))


def tick(app: ReviewCommands, runner: Runner) -> int:
    """One pass: returns how many new events the reviews recorded."""
    runner.catch_up(only={"reviews"})
    recorded = 0
    for review_id in candidates(runner.engine, now=app.clock.now(), warn_before=app.review_policy.warn_before):
        before = app.review(UUID(review_id)).version
        recorded += app.check_review_deadlines(UUID(review_id)).version - before
    if recorded:
        runner.catch_up()
        log.info("review watcher recorded %d deadline events", recorded)
    return recorded
