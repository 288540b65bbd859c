"""Rebuilding read models in place: fresh tables switched in whole, or not at all; and their lag."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, Table, create_engine, inspect, select, update
from sqlalchemy.pool import StaticPool

from domain.accounts.roles import Grant, Role
from domain.shared.clock import ManualClock
from domain.shared.errors import NotFoundError
from projections import rebuild as rebuild_module
from projections.accounts.table import accounts
from projections.audit.trail import AuditTrail
from projections.issues import checkpoints
from projections.issues.projection import IssueRows
from projections.issues.tables import issues
from projections.rebuild import rebuild, status
from projections.runner import ReadModel, Runner
from tests.support.history import some_history
from tests.support.world import B1, BUILDING_WORK, World


def _report(world: World) -> None:
    world.services.app.report_issue(node=B1, category=BUILDING_WORK, description="新违建", actor="worker1")


def _rows(engine: Engine, models: Sequence[ReadModel]) -> dict[str, list[dict[str, Any]]]:
    with engine.connect() as conn:
        return {table.name: _table_rows(conn, table) for model in models for table in model.tables}


def _table_rows(conn: Connection, table: Table) -> list[dict[str, Any]]:
    return [dict(r._mapping) for r in conn.execute(select(table).order_by(*table.primary_key.columns))]


def _positions(runner: Runner) -> dict[str, int]:
    return {model.name: runner.position(model) for model in runner.models}


def _leftovers(engine: Engine) -> list[str]:
    found = inspect(engine)
    return [name for name in [*found.get_table_names(), *found.get_schema_names()] if "__rb_" in name]


class _FailsAfter:
    """Wraps a read model so that its replay breaks after `events` events, like a projection bug."""

    def __init__(self, model: ReadModel, events: int) -> None:
        self.model, self.left = model, events
        self.name, self.topics, self.tables = model.name, model.topics, model.tables

    def handle(self, conn: Connection, position: int, event: Any) -> None:
        if self.left == 0:
            raise RuntimeError("projection bug")
        self.left -= 1
        self.model.handle(conn, position, event)


class _TrailFailsAfter(AuditTrail):
    """The audit trail (which keeps the tree and grants in memory) breaking after `events` events."""

    def __init__(self, events: int) -> None:
        super().__init__()
        self.left = events

    def _row(self, position: int, event: Any) -> dict[str, Any]:
        if self.left == 0:
            raise RuntimeError("projection bug")
        self.left -= 1
        return super()._row(position, event)


def test_rebuilding_every_model_gives_the_same_rows_tracked_to_the_log_end(
    world: World, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(checkpoints, "MIN_INTERVAL", 2)  # a short history takes queue checkpoints too
    some_history(world, clock)
    runner, engine = world.services.runner, world.services.engine
    before = _rows(engine, runner.models)
    with engine.begin() as conn:  # a stray edit the log does not know about: a rebuild must drop it
        conn.execute(update(accounts).values(display_name="tampered"))
    calls: list[tuple[int, int]] = []

    applied = rebuild(runner, progress=lambda done, total: calls.append((done, total)))

    end = world.services.app.recorder.max_notification_id()
    assert set(applied) == {model.name for model in runner.models}
    assert applied["audit_trail"] == applied["audit_leaves"] == end
    assert all(rows for rows in before.values())
    assert _rows(engine, runner.models) == before
    assert set(_positions(runner).values()) == {end}
    assert calls[-1] == (end, end)
    assert _leftovers(engine) == []


def test_rebuilding_every_model_reads_and_decodes_each_event_once(
    world: World, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    some_history(world, clock)
    app, runner, engine = world.services.app, world.services.runner, world.services.engine
    before = _rows(engine, runner.models)
    stored = [n.id for n in app.recorder.select_notifications(None, 1_000_000)]
    monkeypatch.setattr(rebuild_module, "LOG_BATCH", 7)  # several batches, each one shared by every model
    monkeypatch.setattr(rebuild_module, "BATCH", 3)  # and handed to a model in parts, as a catch-up would
    read: list[int] = []
    decoded: list[int] = []
    select, decode = app.recorder.select_notifications, app.mapper.to_domain_event

    def reading(*args: Any, **kwargs: Any) -> Any:
        batch = select(*args, **kwargs)
        read.extend(n.id for n in batch)
        return batch

    def decoding(notification: Any) -> Any:
        decoded.append(notification.id)
        return decode(notification)

    monkeypatch.setattr(app.recorder, "select_notifications", reading)
    monkeypatch.setattr(app.mapper, "to_domain_event", decoding)
    calls: list[tuple[int, int]] = []

    rebuild(runner, progress=lambda done, total: calls.append((done, total)))

    assert read == stored  # once each, in log order
    assert decoded == stored  # the audit trail reads every event: each is decoded once for all models
    assert _rows(engine, runner.models) == before
    assert len(calls) == math.ceil(len(stored) / 7)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    assert calls[-1] == (stored[-1], stored[-1])


def test_a_failure_in_one_model_leaves_every_model_as_it_was(world: World, clock: ManualClock) -> None:
    some_history(world, clock)
    services = world.services
    models = [m if m.name != "issues" else _FailsAfter(IssueRows(), events=5) for m in services.runner.models]
    failing = Runner(services.app, services.engine, models)
    with services.engine.begin() as conn:  # so the live rows differ from the rebuilt ones
        conn.execute(update(accounts).values(display_name="tampered"))
    before_rows, before_positions = _rows(services.engine, models), _positions(services.runner)

    with pytest.raises(RuntimeError, match="projection bug"):
        rebuild(failing)

    assert _rows(services.engine, models) == before_rows
    assert _positions(services.runner) == before_positions
    assert _leftovers(services.engine) == []
    _report(world)
    assert services.runner.catch_up() > 0  # every live model, the audit trail's memory too, follows on


def test_rebuilding_one_model_leaves_the_others_untouched(world: World, clock: ManualClock) -> None:
    some_history(world, clock)
    runner, engine = world.services.runner, world.services.engine
    _report(world)  # the issue models now lag the log; a rebuild of the accounts must not move them
    before_rows, before_positions = _rows(engine, runner.models), _positions(runner)

    applied = rebuild(runner, "accounts")

    end = world.services.app.recorder.max_notification_id()
    assert list(applied) == ["accounts"]
    assert _rows(engine, runner.models) == before_rows
    assert _positions(runner) == {**before_positions, "accounts": end}
    assert not [ix["name"] for ix in inspect(engine).get_indexes("rm_issues") if "__rb_" in str(ix["name"])]
    assert runner.catch_up() > 0


def test_a_failing_rebuild_leaves_the_live_read_model_as_it_was(world: World, clock: ManualClock) -> None:
    some_history(world, clock)
    services = world.services
    failing = Runner(services.app, services.engine, [_FailsAfter(IssueRows(), events=5)])
    before_rows, before_positions = _rows(services.engine, services.runner.models), _positions(services.runner)

    with pytest.raises(RuntimeError, match="projection bug"):
        rebuild(failing)

    assert _rows(services.engine, services.runner.models) == before_rows
    assert _positions(services.runner) == before_positions
    assert _leftovers(services.engine) == []
    _report(world)
    assert services.runner.catch_up() > 0  # the live model still follows the log


def test_a_failing_rebuild_puts_a_models_memory_back_where_its_rows_are(world: World, clock: ManualClock) -> None:
    some_history(world, clock)
    services = world.services
    trail = _TrailFailsAfter(events=3)
    failing = Runner(services.app, services.engine, [trail])
    failing.catch_up()  # prepared: from now on it trusts its memory
    with pytest.raises(RuntimeError, match="projection bug"):
        rebuild(failing)

    trail.left = 10_000
    services.app.grant_role(username="worker1", grant=Grant(Role.AUDITOR), actor="admin", reason="audit duty")
    _report(world)
    assert failing.catch_up() > 0

    spare = create_engine("sqlite://", poolclass=StaticPool)
    fresh = Runner(services.app, spare, [AuditTrail()])
    fresh.create_tables()
    fresh.catch_up()
    assert _rows(services.engine, [trail]) == _rows(spare, [trail])


def test_status_shows_the_lag_until_the_runner_catches_up(world: World, clock: ManualClock) -> None:
    some_history(world, clock)
    runner = world.services.runner
    assert all(s.lag == 0 for s in status(runner))

    _report(world)
    end = world.services.app.recorder.max_notification_id()
    lagging = {s.name: s for s in status(runner)}
    assert lagging["issues"].lag == lagging["timeline"].lag == lagging["audit_trail"].lag == 1
    assert lagging["accounts"].lag == 0  # not an account event
    assert all(s.log_position == end for s in lagging.values())
    assert lagging["issues"].position < lagging["issues"].log_position

    runner.catch_up()
    assert all(s.lag == 0 and s.position == end for s in status(runner) if s.name != "accounts")


def test_a_rebuild_can_run_twice_in_a_row(world: World, clock: ManualClock) -> None:
    some_history(world, clock)
    runner, engine = world.services.runner, world.services.engine
    before = _rows(engine, runner.models)

    rebuild(runner)
    rebuild(runner)

    assert _rows(engine, runner.models) == before
    assert _leftovers(engine) == []
    _report(world)
    assert runner.catch_up() > 0
    assert len(_rows(engine, runner.models)["rm_issues"]) == len(before["rm_issues"]) + 1


def test_rebuilding_an_unknown_model_is_refused(world: World) -> None:
    with pytest.raises(NotFoundError) as refused:
        rebuild(world.services.runner, "no_such_model")
    assert refused.value.field == "name"


@pytest.mark.parametrize("name", ["issues", None], ids=["one model", "every model"])
def test_a_rebuild_failing_in_the_switch_itself_leaves_the_live_read_models_as_they_were(
    world: World, clock: ManualClock, monkeypatch: pytest.MonkeyPatch, name: str | None
) -> None:
    some_history(world, clock)
    runner, engine = world.services.runner, world.services.engine
    with engine.begin() as conn:  # so the live rows differ from the rebuilt ones
        conn.execute(update(issues).values(description="tampered"))
    before_rows, before_positions = _rows(engine, runner.models), _positions(runner)

    def broken(*_: Any) -> Any:  # fails after the live tables were dropped and the copies renamed
        raise RuntimeError("connection lost")

    monkeypatch.setattr(rebuild_module, "delete", broken)
    with pytest.raises(RuntimeError, match="connection lost"):
        rebuild(runner, name)

    assert _rows(engine, runner.models) == before_rows
    assert _positions(runner) == before_positions
    assert _leftovers(engine) == []


@pytest.mark.parametrize("backend", ["postgres"])  # SQLite keeps no visibility map and no dead rows to clear
def test_a_rebuild_on_postgresql_hands_over_vacuumed_tables(world: World, clock: ManualClock) -> None:
    """The replay closes queue versions by UPDATE; unvacuumed, the new tables would keep a dead row
    per closed version in their indexes and no visibility map, so no index-only scan."""
    some_history(world, clock)
    engine = world.services.engine

    rebuild(world.services.runner)

    with engine.connect() as conn:
        visible = conn.exec_driver_sql(
            "SELECT relname, relallvisible FROM pg_class WHERE relname IN ('rm_issues', 'rm_dispatch_versions')"
        ).all()
    assert len(visible) == 2 and all(pages > 0 for _, pages in visible), visible
