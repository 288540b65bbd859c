"""Group commit: concurrent saves in one process share a transaction and keep every guarantee.

Real threads on the real store (SQLite file and PostgreSQL). The first write is held for a moment,
as a slow disk would hold it, so that the others queue behind it and are written together.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from uuid import UUID

from api.bootstrap import bootstrap
from domain.group_commit import MAX_BATCH
from domain.shared.errors import ConflictError
from domain.unit_of_work import unit_of_work
from tests.support.world import B1, BUILDING_WORK, World

THREADS = 24


def _slow_first_write(app: Any, transactions: list[int]) -> None:
    record = app._group_commit._record

    def held(processing: Any) -> Any:
        if not transactions:
            time.sleep(0.3)  # the others arrive meanwhile
        transactions.append(len(processing.events))
        return record(processing)

    app._group_commit._record = held


def test_concurrent_reports_share_transactions_and_each_gets_its_own_events(world: World) -> None:
    app = world.services.app
    transactions: list[int] = []
    _slow_first_write(app, transactions)
    start = threading.Barrier(THREADS)

    def report(n: int) -> tuple[UUID, list[Any]]:
        start.wait()
        issue, _ = app.report_issue(node=B1, category=BUILDING_WORK, description=f"违建 {n}", actor="worker1")
        return issue.id, [e for e in app.events.get(issue.id)]

    with ThreadPoolExecutor(THREADS) as pool:
        reported = list(pool.map(report, range(THREADS)))

    assert len({issue_id for issue_id, _ in reported}) == THREADS
    for issue_id, events in reported:  # durable when the command returned, and only its own
        assert [type(e).__name__ for e in events] == ["Reported"]
        assert events[0].originator_id == issue_id
    assert sum(transactions) == THREADS
    assert len(transactions) < THREADS // 2, transactions  # written together, not one by one
    assert max(transactions) <= MAX_BATCH


def test_two_changes_to_one_issue_never_share_a_batch_and_one_of_them_conflicts(world: World) -> None:
    app = world.services.app
    issue, _ = app.report_issue(node=B1, category=BUILDING_WORK, description="违建", actor="worker1")
    transactions: list[int] = []
    _slow_first_write(app, transactions)
    start = threading.Barrier(2)

    def decide(command: str) -> str:
        start.wait()
        try:
            getattr(app, command)(issue.id, actor="leader1", reason="现场核实", expected_version=issue.version)
        except ConflictError:
            return "conflict"
        return "saved"

    with ThreadPoolExecutor(2) as pool:
        outcomes = sorted(pool.map(decide, ["accept_issue", "decline_issue"]))

    assert outcomes == ["conflict", "saved"]
    assert [type(e).__name__ for e in app.events.get(issue.id)][:1] == ["Reported"]
    assert len(list(app.events.get(issue.id))) == 2  # one decision, never both


def test_a_batch_that_loses_a_race_to_another_process_fails_only_the_loser(world: World) -> None:
    app = world.services.app
    issues = [
        app.report_issue(node=B1, category=BUILDING_WORK, description=f"违建 {n}", actor="worker1")[0] for n in range(6)
    ]
    transactions: list[int] = []
    _slow_first_write(app, transactions)
    looked, written = threading.Barrier(len(issues) + 1), threading.Barrier(len(issues) + 1)

    def decline(issue_id: UUID) -> str:
        with unit_of_work():
            app.issue(issue_id)  # this unit has read the head, and the issue is cached
            looked.wait()
            written.wait()
            try:
                app.decline_issue(issue_id, actor="leader1", reason="不属实")
            except ConflictError:
                return "conflict"
            return "saved"

    other = bootstrap(world.services.settings, clock=app.clock)  # another process on the store
    try:
        with ThreadPoolExecutor(len(issues)) as pool:
            outcomes = pool.map(decline, [i.id for i in issues])
            looked.wait()
            other.app.accept_issue(issues[0].id, actor="leader2", reason="立案")
            written.wait()
            assert list(outcomes) == ["conflict"] + ["saved"] * (len(issues) - 1)
    finally:
        other.close()
    names = {i.id: [type(e).__name__ for e in app.events.get(i.id)] for i in issues}
    assert names[issues[0].id] == ["Reported", "Accepted"]  # the other process's decision stands alone
    assert all(names[i.id] == ["Reported", "Declined"] for i in issues[1:])
