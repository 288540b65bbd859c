"""Organisation-life indicators judge each community on the cadence engine: a community that stopped
holding its party meetings as planned misses, and the street's share counts its communities."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi.testclient import TestClient

from domain.positions.life import LifeKind
from tests.support.world import C1, C2, S1, World


def _score(client: TestClient, world: World, code: str) -> Any:
    card = client.get(f"/api/v1/grid/nodes/{S1}/scorecard", headers=world.headers("admin")).json()
    (line,) = [item for item in card["items"] if item["code"] == code]
    return line


def test_a_community_that_stops_holding_meetings_as_planned_misses(client: TestClient, world: World) -> None:
    app = world.services.app
    for community, months in ((C1, (1, 2)), (C2, (1,))):  # C2 held nothing in February
        for month in months:
            for kind in (LifeKind.PARTY_MEETING, LifeKind.THEMED_PARTY_DAY):
                app.record_organisation_life(
                    node=community,
                    kind=kind,
                    held_on=date(2026, month, 10),
                    planned_on=date(2026, month, 2),
                    attendees=20,
                    actor="office1",
                )
    late = date(2026, 2, 20)  # held after the middle of the month: does not count as planned
    app.record_organisation_life(
        node=C2, kind=LifeKind.PARTY_MEETING, held_on=late, planned_on=date(2026, 2, 2), attendees=20, actor="office1"
    )
    meetings = _score(client, world, "party_life_as_planned")
    assert (meetings["value"], meetings["verdict"]) == (0.5, "miss")
    assert [n["code"] for n in meetings["missing_below"]] == [C2]
    training = _score(client, world, "reserve_training")
    assert training["value"] == 1.0  # the year's two trainings are judged when the year closes
