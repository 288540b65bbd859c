"""The monitoring board and the standards rows: rebuilt equals live; standards per node, as of a date."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, Table, select

from domain.monitoring.status import CaseStatus, Step
from domain.shared.clock import ManualClock
from domain.standards.items import Item
from projections.monitoring.board import BoardFilter, BoardReader, board_page
from projections.monitoring.node_standards import node_standards
from projections.monitoring.tables import cases, standard_checks
from projections.monitoring.watcher import tick
from projections.rebuild import rebuild
from tests.support.households import household
from tests.support.monitoring import enrolled, step
from tests.support.world import B1, B2, B3, C1, K1, K2, World


def _rows(engine: Engine, table: Table) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(table).order_by(*table.primary_key.columns))]


def _history(world: World, clock: ManualClock) -> None:
    app = world.services.app
    clock.set(datetime(2026, 3, 2, 1, 0, tzinfo=UTC))
    first, second, third = household(app, B1, 1), household(app, B2, 2), household(app, B3, 3)
    enrolled(app, clock, first)
    late = app.open_case(
        household_id=second, category="unstable", source="grid_worker", clue="返贫风险", actor="worker1"
    )
    refused = app.open_case(household_id=third, category="marginal", source="application", clue="申请", actor="worker2")
    step(app, refused.id, Step.ACCEPT_APPLICATION, passed=False)
    for item, status, measure in (("income", "met", 5200.0), ("housing", "met", None), ("water", "not_met", None)):
        app.record_standard_check(
            first, item=item, status=status, measure=measure, checked_on=date(2026, 3, 3), actor="worker1", reason="r"
        )
    app.record_standard_check(
        second, item="income", status="met", measure=3500.0, checked_on=date(2026, 3, 3), actor="worker1", reason="r"
    )
    app.record_standard_check(
        third,
        item="income",
        status="met",
        measure=8000.0,
        checked_on=date(2026, 3, 4),
        kind="check_back",
        actor="worker2",
        reason="回头查",
    )
    clock.advance(timedelta(days=10))
    tick(app, world.services.runner)
    assert app.monitoring_case(late.id).owner == K1


def test_the_board_shows_overdue_cases_first_and_the_rebuilt_board_equals_the_live_one(
    world: World, clock: ManualClock
) -> None:
    _history(world, clock)
    services = world.services
    services.runner.catch_up()
    total, rows = board_page(
        services.engine, BoardReader(everything=True), BoardFilter(), now=clock.now(), limit=10, offset=0
    )
    assert total == 3
    assert [r["overdue"] for r in rows] == [True, False, False]
    assert rows[0]["status"] == CaseStatus.HOME_CHECK and rows[0]["escalations"] == 1 and rows[0]["owner"] == K1
    scoped = board_page(
        services.engine, BoardReader(grid_scopes=[K2]), BoardFilter(), now=clock.now(), limit=10, offset=0
    )
    assert [r["status"] for r in scoped[1]] == [CaseStatus.NOT_ENROLLED]

    live = {table.name: _rows(services.engine, table) for table in (cases, standard_checks)}
    assert rebuild(services.runner, "monitoring") and rebuild(services.runner, "standards")
    assert {table.name: _rows(services.engine, table) for table in (cases, standard_checks)} == live


def test_standards_per_node_give_each_share_and_the_poverty_incidence_as_of_a_date(
    world: World, clock: ManualClock
) -> None:
    _history(world, clock)
    services = world.services
    services.runner.catch_up()
    total, children = node_standards(services.engine, C1, [K1, K2], on=date(2026, 3, 3))
    assert (total.households, total.income_checked, total.below_line) == (2, 2, 1)  # 3,500 is below 4,000
    assert total.poverty_incidence == 0.5
    assert total.met[Item.HOUSING] == 1 and total.share(Item.WATER) == 0.0
    by_node = {c.node: c for c in children}
    assert (by_node[K1].households, by_node[K2].households) == (2, 0)  # the check-back is dated 4 March
    later, _ = node_standards(services.engine, C1, [K1, K2], on=date(2026, 3, 4))
    assert (later.households, later.below_line, later.poverty_incidence) == (3, 1, 1 / 3)
