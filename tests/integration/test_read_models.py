"""Read models: rebuilt from the log they equal the live ones; two runners never double-apply."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, Table, select

from domain.shared.clock import ManualClock
from projections.accounts.projection import AccountList
from projections.accounts.table import accounts
from projections.issues import checkpoints
from projections.runner import Runner
from projections.tables import tracking
from tests.support.history import some_history
from tests.support.world import B1, BUILDING_WORK, World


def _rows(engine: Engine, table: Table = accounts) -> list[dict[str, object]]:
    key = list(table.primary_key.columns)
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(table).order_by(*key))]


def test_every_read_model_rebuilt_from_the_log_equals_the_live_one(
    world: World, spare_engine: Engine, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(checkpoints, "MIN_INTERVAL", 2)  # a short history takes queue checkpoints too
    some_history(world, clock)

    rebuilt = Runner(world.services.app, spare_engine, world.services.runner.models)
    rebuilt.create_tables()
    rebuilt.catch_up()

    tables = [table for model in world.services.runner.models for table in model.tables]
    assert {t.name for t in tables} >= {"rm_accounts", "rm_issues", "rm_dispatches", "rm_issue_timeline"}
    for table in tables:
        live = _rows(world.services.engine, table)
        assert live, table.name
        assert live == _rows(spare_engine, table), table.name


def test_the_account_list_rebuilt_from_the_log_equals_the_live_one(world: World, spare_engine: Engine) -> None:
    app = world.services.app
    app.close_account(username="worker2", actor="admin", reason="left the office")
    world.services.runner.catch_up()

    rebuilt = Runner(app, spare_engine, [AccountList()])
    rebuilt.create_tables()
    applied = rebuilt.catch_up()

    assert applied > 0
    live = _rows(world.services.engine)
    assert live == _rows(spare_engine)
    assert {r["username"] for r in live if r["closed"]} == {"worker2"}


def test_two_runners_on_one_read_model_apply_each_event_once(world: World) -> None:
    services = world.services
    first, second = (Runner(services.app, services.engine, [AccountList()]) for _ in range(2))
    services.app.close_account(username="worker1", actor="admin", reason="left")
    assert first.catch_up() == 1
    assert second.catch_up() == 0
    with services.engine.connect() as conn:
        position = conn.execute(select(tracking.c.position).where(tracking.c.name == "accounts")).scalar_one()
    assert position == services.app.recorder.max_notification_id()


def test_followers_of_few_topics_are_tracked_to_the_log_end_so_nothing_old_is_read_again(
    world: World, clock: ManualClock
) -> None:
    some_history(world, clock)
    app = world.services.app
    app.report_issue(
        node=B1, category=BUILDING_WORK, description="最后一件", actor="worker1"
    )  # neither grid nor account
    world.services.catch_up()
    end = app.recorder.max_notification_id()
    accounts = next(model for model in world.services.runner.models if model.name == "accounts")
    assert world.services.runner.position(accounts) == end
    assert world.services.follower.position == end
