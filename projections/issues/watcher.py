"""The deadline watcher: finds issues with a deadline near or past and lets each decide.

The read model only nominates candidates; every warning, miss and escalation is decided on the
issue aggregate (`Issue.check_deadlines`, with the limits of `domain/issues/policy.py`), which
records each exactly once, so two watchers or a restart are harmless.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import Engine, and_, select

from domain.issues.commands import IssueCommands
from domain.issues.dispatch import DispatchStatus
from domain.issues.status import TIMED_STATUSES, Status
from projections.issues.tables import dispatches, issues
from projections.runner import Runner

log = logging.getLogger(__name__)
QUIET_FLOOR = timedelta(hours=1)  # no calendar makes a working day shorter than this


def candidates(engine: Engine, *, now: datetime, warn_before: timedelta) -> list[str]:
    """Issues with a deadline within the warning horizon, or a checked-in department quiet a while."""
    near = select(issues.c.id).where(
        issues.c.status.in_(sorted(TIMED_STATUSES)),
        issues.c.next_due.is_not(None),
        issues.c.next_due <= now + warn_before,
    )
    quiet = (
        select(dispatches.c.issue_id)
        .join(issues, and_(issues.c.id == dispatches.c.issue_id, issues.c.round == dispatches.c.round))
        .where(
            dispatches.c.status == str(DispatchStatus.CHECKED_IN),
            issues.c.status == str(Status.DISPATCHED),
            dispatches.c.last_activity <= now - QUIET_FLOOR,
        )
    )
    with engine.connect() as conn:
        return sorted({r[0] for r in conn.execute(near)} | {r[0] for r in conn.execute(quiet)})


def tick(app: IssueCommands, runner: Runner) -> int:
    """One pass: returns how many new events the issues recorded."""
    runner.catch_up()
    recorded = 0
    for issue_id in candidates(runner.engine, now=app.clock.now(), warn_before=app.policy.warn_before):
        before = app.issue(UUID(issue_id)).version
        after = app.check_deadlines(UUID(issue_id)).version
        recorded += after - before
    if recorded:
        runner.catch_up()
        log.info("watcher recorded %d deadline events", recorded)
    return recorded
