"""The monitoring deadline watcher: the dispatch loop's mechanism, for monitoring cases.

The board only nominates candidates; every warning, miss and escalation is decided on the case
aggregate (`MonitoringCase.check_deadlines`), which records each exactly once, so two watchers or
a restart are harmless. The worker loop and `gridgov watch` call `tick` beside the issue watcher's.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import Engine, select

from domain.monitoring.commands import MonitoringCommands
from domain.monitoring.status import IN_PIPELINE
from projections.monitoring.tables import cases
from projections.runner import Runner

log = logging.getLogger(__name__)


def candidates(engine: Engine, *, now: datetime, warn_before: timedelta) -> list[str]:
    """Cases in the pipeline with a deadline within the warning horizon."""
    near = select(cases.c.id).where(
        cases.c.status.in_(sorted(IN_PIPELINE)),
        cases.c.next_due.is_not(None),
        cases.c.next_due <= now + warn_before,
    )
    with engine.connect() as conn:
        return sorted(r[0] for r in conn.execute(near))


def tick(app: MonitoringCommands, runner: Runner) -> int:
    """One pass: returns how many new events the cases recorded."""
    runner.catch_up(only={"monitoring"})
    recorded = 0
    policy = app.monitoring_policy
    for case_id in candidates(runner.engine, now=app.clock.now(), warn_before=policy.warn_before):
        before = app.monitoring_case(UUID(case_id)).version
        after = app.check_case_deadlines(UUID(case_id)).version
        recorded += after - before
    if recorded:
        runner.catch_up()
        log.info("monitoring watcher recorded %d deadline events", recorded)
    return recorded
