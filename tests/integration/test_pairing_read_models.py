"""The pairing read model: rebuilt from the log it equals the live one, and answers compliance alike."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Engine, Table, select

from domain.shared.clock import ManualClock
from projections.pairings.compliance import compliance
from projections.pairings.lists import PairingFilter, Reader
from projections.pairings.projection import PairingRows
from projections.runner import Runner
from tests.support.pairings import helper, home, resident
from tests.support.world import B1, B3, World

BY = {"actor": "leader1", "reason": "结对帮扶"}


def _rows(engine: Engine, table: Table) -> list[dict[str, object]]:
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(table).order_by(*table.primary_key.columns))]


def test_the_pairing_rows_rebuilt_from_the_log_equal_the_live_ones(
    world: World, clock: ManualClock, spare_engine: Engine
) -> None:
    app = world.services.app
    helper(app, "cadre1")
    helper(app, "cadre2")
    first = app.pair(kind="assistance", subject_kind="household", subject_id=home(app, B1, 1), helper="cadre1", **BY)
    second = app.pair(kind="guidance", subject_kind="person", subject_id=resident(app, B3, 2), helper="cadre1", **BY)
    for day in range(1, 20, 3):
        clock.advance(timedelta(days=3))
        app.log_contact(first.id, kind="contact", on=app.today() - timedelta(days=1), note=f"第{day}次", **BY)
    app.change_helper(second.id, helper="cadre2", **BY)
    app.log_contact(second.id, kind="visit_talk", on=app.today(), evidence=["ab" * 32], **BY)
    app.request_pairing_end(first.id, actor="cadre1", reason="已脱贫")
    app.approve_pairing_end(first.id, **BY)
    world.services.runner.catch_up()

    rebuilt = Runner(app, spare_engine, [PairingRows()])
    rebuilt.create_tables()
    assert rebuilt.catch_up() > 0
    for table in PairingRows.tables:
        live = _rows(world.services.engine, table)
        assert live, table.name
        assert live == _rows(spare_engine, table), table.name
    for on in (date(2026, 3, 9), date(2026, 3, 16), app.today()):
        everyone = Reader(everything=True)
        assert compliance(world.services.engine, everyone, PairingFilter(), on=on) == compliance(
            spare_engine, everyone, PairingFilter(), on=on
        )
