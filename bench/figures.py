"""The measured figures, each beside its raw baseline."""

from __future__ import annotations

import hashlib
import json
import random
import statistics
import time
from collections.abc import Callable
from functools import partial
from typing import Any
from uuid import UUID

from sqlalchemy import select

from api.bootstrap import Services
from projections.audit.leaves import record_of
from projections.audit.verify import verify_log
from projections.issues.queue import queue_page
from projections.issues.tables import issues
from projections.rebuild import rebuild as rebuild_models


def timed(fn: Callable[[], Any]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {"p50_ms": 1000 * statistics.median(ordered), "p99_ms": 1000 * ordered[int(0.99 * (len(ordered) - 1))]}


def time_travel(services: Services, samples: int) -> dict[str, Any]:
    """One issue as of a random moment (aggregate replay); the CG queue as of a random log position (versions)."""
    app, rng = services.app, random.Random(1)
    with services.engine.connect() as conn:
        ids = [UUID(r[0]) for r in conn.execute(select(issues.c.id).order_by(issues.c.id))]
    end = app.clock.now()
    picks = [app.issue(rng.choice(ids)) for _ in range(samples)]
    pairs = [(i.id, i.reported_at + (end - i.reported_at) * rng.random()) for i in picks]
    issue = [timed(partial(app.issue_as_of, i, m)) for i, m in pairs]
    end_position, calendar = app.recorder.max_notification_id() or 0, app.calendar()
    positions = [rng.randint(1, end_position) for _ in range(samples)]
    page = partial(queue_page, services.engine, "CG", now=end, calendar=calendar)
    queue = [timed(partial(page, position=p)) for p in positions]
    return {"issue_as_of": percentiles(issue), "queue_as_of": percentiles(queue)}


def rebuild(services: Services) -> dict[str, Any]:
    """`gridgov projections rebuild` (every model replayed into fresh tables, then swapped in) against
    reading and decoding the same rows."""
    app = services.app
    events = app.recorder.max_notification_id() or 0

    def raw() -> None:
        after = 0
        while batch := app.recorder.select_notifications(after, 1000, inclusive_of_start=False):
            for notification in batch:
                json.loads(notification.state)
            after = batch[-1].id

    raw_s, ours_s = timed(raw), timed(lambda: rebuild_models(services.runner))
    return {
        "events": events,
        "raw_events_per_s": events / raw_s,
        "ours_events_per_s": events / ours_s,
        "ratio": raw_s / ours_s,
    }


def verification(services: Services) -> dict[str, Any]:
    """`gridgov verify` against hashing the same record bytes with hashlib alone."""
    app = services.app
    services.publish_head()
    records: list[bytes] = []
    after = 0
    while batch := app.recorder.select_notifications(after, 1000, inclusive_of_start=False):
        records.extend(record_of(n) for n in batch)
        after = batch[-1].id
    raw_s = timed(lambda: [hashlib.sha256(b"\x00" + r).digest() for r in records])
    ours_s = timed(lambda: verify_log(app, services.engine))
    return {"events": len(records), "raw_s": raw_s, "ours_s": ours_s, "ratio": raw_s / ours_s}
