"""The measured figures, each beside its raw baseline."""

from __future__ import annotations

import hashlib
import json
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from uuid import UUID

from api.bootstrap import Services, readmodel_engine
from projections.audit.leaves import record_of
from projections.audit.verify import verify_log
from projections.issues.queue import queue_page
from projections.runner import Runner


def timed(fn: Callable[[], Any]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {"p50_ms": 1000 * statistics.median(ordered), "p99_ms": 1000 * ordered[int(0.99 * (len(ordered) - 1))]}


def time_travel(services: Services, ids: list[UUID], samples: int) -> dict[str, Any]:
    """One issue as of a random moment (aggregate replay); the CG queue as of a random log position (versions)."""
    app, rng = services.app, random.Random(1)
    end = app.clock.now()
    picks = [app.issue(rng.choice(ids)) for _ in range(samples)]
    pairs = [(i.id, i.reported_at + (end - i.reported_at) * rng.random()) for i in picks]
    issue = [timed(lambda i=i, m=m: app.issue_as_of(i, m)) for i, m in pairs]
    end_position, calendar = app.recorder.max_notification_id() or 0, app.calendar()
    positions = [rng.randint(1, end_position) for _ in range(samples)]
    queue = [
        timed(lambda p=p: queue_page(services.engine, "CG", now=end, calendar=calendar, position=p)) for p in positions
    ]
    return {"issue_as_of": percentiles(issue), "queue_as_of": percentiles(queue)}


def rebuild(services: Services) -> dict[str, Any]:
    """Every read model rebuilt from the log into fresh tables, against reading and decoding the same rows."""
    app = services.app
    events = app.recorder.max_notification_id() or 0

    def raw() -> None:
        after = 0
        while batch := app.recorder.select_notifications(after, 1000, inclusive_of_start=False):
            for notification in batch:
                json.loads(notification.state)
            after = batch[-1].id

    def ours() -> None:
        with tempfile.TemporaryDirectory() as folder:
            engine = readmodel_engine(f"sqlite:///{Path(folder) / 'rebuild.db'}")
            runner = Runner(app, engine, services.runner.models)
            runner.create_tables()
            runner.catch_up()
            engine.dispose()

    raw_s, ours_s = timed(raw), timed(ours)
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
