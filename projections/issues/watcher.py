"""The deadline watcher: finds issues with a deadline near or past and lets each decide.

The read model only nominates candidates; every warning, miss and escalation is decided on the
issue aggregate, which records each exactly once, so two watchers or a restart are harmless.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from uuid import UUID

from sqlalchemy import and_, select

from api.bootstrap import Services
from projections.issues.tables import dispatches, issues

log = logging.getLogger(__name__)
ACTIVE = ("reported", "registered", "handling", "dispatched", "awaiting_verification")
QUIET_FLOOR = timedelta(hours=1)  # no calendar makes a working day shorter than this


def candidates(services: Services) -> list[str]:
    now = services.app.clock.now()
    horizon = now + services.app.policy.warn_before
    near = select(issues.c.id).where(
        issues.c.status.in_(ACTIVE), issues.c.next_due.is_not(None), issues.c.next_due <= horizon
    )
    quiet = (
        select(dispatches.c.issue_id)
        .join(issues, and_(issues.c.id == dispatches.c.issue_id, issues.c.round == dispatches.c.round))
        .where(
            dispatches.c.status == "checked_in",
            issues.c.status == "dispatched",
            dispatches.c.last_activity <= now - QUIET_FLOOR,
        )
    )
    with services.engine.connect() as conn:
        return sorted({r[0] for r in conn.execute(near)} | {r[0] for r in conn.execute(quiet)})


def tick(services: Services) -> int:
    """One pass: returns how many new events the issues recorded."""
    services.runner.catch_up()
    recorded = 0
    for issue_id in candidates(services):
        before = services.app.issue(UUID(issue_id)).version
        after = services.app.check_deadlines(UUID(issue_id)).version
        recorded += after - before
    if recorded:
        services.runner.catch_up()
        log.info("watcher recorded %d deadline events", recorded)
    return recorded
