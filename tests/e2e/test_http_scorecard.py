"""Indicators with deadlines and the node scorecard over HTTP, as of a date, with a manual clock."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from domain.indicators.definitions import DEFINITIONS
from domain.reviews.values import Post
from domain.shared.clock import ManualClock
from projections.indicators.sheet import SCORES
from tests.support.reviews import candidate, reviewed
from tests.support.world import B1, BUILDING_WORK, C1, C2, K1, S1, S2, World

NEW_COMMUNITIES = ("100001003", "100001004", "100001005")


def scorecard(client: TestClient, world: World, code: str, on: date | None = None, user: str = "admin") -> Any:
    params = {} if on is None else {"on": on.isoformat()}
    answer = client.get(f"/api/v1/grid/nodes/{code}/scorecard", params=params, headers=world.headers(user))
    assert answer.status_code == 200, answer.text
    return answer.json()


def item(card: Any, code: str) -> Any:
    return next(i for i in card["items"] if i["code"] == code)


def test_one_shoulder_misses_at_80_percent_in_june_passes_at_100_in_december_and_june_stays_80(
    client: TestClient, world: World, clock: ManualClock
) -> None:
    app = world.services.app
    for n, code in enumerate(NEW_COMMUNITIES, start=3):
        app.add_node(parent_code=S1, code=code, name=f"第{n}社区", actor="seed", reason="five communities")
    communities = [C1, C2, *NEW_COMMUNITIES]
    start = date(2026, 3, 2)
    secretaries = {}
    for serial, community in enumerate(communities, start=1):
        person = candidate(app, serial)
        reviewed(app, person, community)
        app.appoint(node=community, post=Post.SECRETARY, person_id=person, valid_from=start, actor="office1")
        secretaries[community] = person
    for community in communities[:4]:  # four of five: the secretary also chairs the committee
        app.appoint(node=community, post=Post.DIRECTOR, person_id=secretaries[community], valid_from=start,
                    actor="office1")  # fmt: skip
    director = candidate(app, 9)
    reviewed(app, director, communities[4], post=Post.DIRECTOR)
    roster = app.appoint(node=communities[4], post=Post.DIRECTOR, person_id=director, valid_from=start, actor="office1")
    held = next(h for h in roster.holdings.values() if h.post is Post.DIRECTOR)

    clock.set(datetime(2026, 6, 30, 4, 0, tzinfo=UTC))  # noon in Beijing
    june = item(scorecard(client, world, S1), "secretary_is_director")
    assert (june["value"], june["threshold"], june["due_on"], june["verdict"]) == (0.8, 0.85, "2026-06-30", "miss")
    assert [n["code"] for n in june["missing_below"]] == [communities[4]] and june["judged_below"] == 5
    assert item(scorecard(client, world, S1, date(2026, 6, 29)), "secretary_is_director")["verdict"] == "not_due"

    clock.set(datetime(2026, 7, 15, 2, 0, tzinfo=UTC))
    app.end_holding(node=communities[4], holding_id=held.id, valid_to=date(2026, 7, 15), actor="office1",
                    reason="换届")  # fmt: skip
    app.appoint(node=communities[4], post=Post.DIRECTOR, person_id=secretaries[communities[4]],
                valid_from=date(2026, 7, 15), actor="office1")  # fmt: skip

    clock.set(datetime(2026, 12, 31, 4, 0, tzinfo=UTC))
    december = item(scorecard(client, world, S1), "secretary_is_director")
    assert (december["value"], december["threshold"], december["verdict"]) == (1.0, 1.0, "pass")
    assert december["missing_below"] == []
    again = item(scorecard(client, world, S1, date(2026, 6, 30)), "secretary_is_director")
    assert (again["value"], again["verdict"], again["missing_below"]) == (0.8, "miss", june["missing_below"])
    reserves = item(scorecard(client, world, S1), "reserve_ratio")
    assert (reserves["value"], reserves["verdict"]) == (0.0, "miss")  # five secretaries, no reserves


def test_the_dispatch_rate_measures_agree_with_get_rates(client: TestClient, world: World) -> None:
    worker, leader, cg = (world.headers(u) for u in ("worker1", "leader1", "dept1"))
    issue = client.post("/api/v1/issues", json={"node": B1, "category": BUILDING_WORK, "description": "违建"},
                        headers=worker).json()["id"]  # fmt: skip
    for command, who, body in (("accept", leader, {}), ("whistle", leader, {"lead": "CG"}), ("check-in", cg, {})):
        answer = client.post(f"/api/v1/issues/{issue}/{command}", json={"reason": command, **body}, headers=who)
        assert answer.status_code == 200, answer.text
    card = scorecard(client, world, C1)
    window = {"from": "2026-01-31T00:00:00+08:00", "to": "2026-03-02T23:59:59.999999+08:00"}
    rows = client.get("/api/v1/rates", params={"by": "node", "node": S1, **window}, headers=world.headers("admin"))
    row = next(r for r in rows.json() if r["key"] == C1)
    pairs = {"dispatch_response": "response_rate", "dispatch_resolution": "resolution_rate",
             "dispatch_on_time": "on_time_rate", "dispatch_satisfaction": "satisfaction_rate"}  # fmt: skip
    for code, rate in pairs.items():
        assert item(card, code)["value"] == row[rate]
    assert item(card, "dispatch_response")["value"] == 1.0
    assert item(card, "dispatch_resolution")["verdict"] == "miss"  # checked in, not yet resolved
    assert item(scorecard(client, world, C2), "dispatch_response")["verdict"] == "no_data"


def test_the_scorecard_as_xlsx_has_chinese_headers_and_typed_cells(client: TestClient, world: World) -> None:
    answer = client.get(f"/api/v1/grid/nodes/{S1}/scorecard.xlsx", headers=world.headers("office1"))
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(answer.content))
    sheet = book["指标评分"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("网格节点", S1) and rows[1][0] == "日期" and isinstance(rows[1][1], datetime)
    assert rows[2] == SCORES
    index = [r[0] for r in rows[3:]].index("secretary_is_director")
    one = rows[3 + index]
    assert one[1] == "书记主任一肩挑比例" and isinstance(one[2], int) and isinstance(one[7], int | float)
    assert one[8] == "未到期" and one[7] == 0.0  # no community has both posts filled yet
    assert (
        sheet.cell(row=4 + [r[0] for r in rows[3:]].index("secretary_is_director"), column=8).number_format == "0.00%"
    )
    assert book["未达标下级"].cell(row=1, column=3).value == "下级网格代码"
    same = client.get(f"/api/v1/grid/nodes/{S1}/scorecard", params={"format": "xlsx"}, headers=world.headers("admin"))
    assert same.headers["content-type"] == answer.headers["content-type"]


def test_a_department_is_refused_and_grid_roles_see_only_their_subtree(client: TestClient, world: World) -> None:
    refused = client.get(f"/api/v1/grid/nodes/{S1}/scorecard", headers=world.headers("dept1"))
    assert refused.status_code == 403
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert client.get(f"/api/v1/grid/nodes/{S1}/scorecard.xlsx", headers=world.headers("dept1")).status_code == 403
    assert client.get(f"/api/v1/grid/nodes/{S2}/scorecard", headers=world.headers("office1")).status_code == 403
    assert client.get(f"/api/v1/grid/nodes/{C1}/scorecard", headers=world.headers("worker1")).status_code == 403
    assert scorecard(client, world, K1, user="worker1")["level"] == "compound"
    assert scorecard(client, world, S2, user="auditor")["node"] == S2


def test_bad_inputs_are_422_or_404_with_what_to_send(client: TestClient, world: World) -> None:
    admin = world.headers("admin")
    tomorrow = (date(2026, 3, 2) + timedelta(days=1)).isoformat()
    ahead = client.get(f"/api/v1/grid/nodes/{S1}/scorecard", params={"on": tomorrow}, headers=admin)
    assert ahead.status_code == 422 and "after today" in ahead.json()["detail"]
    assert client.get("/api/v1/grid/nodes/nowhere/scorecard", headers=admin).status_code == 404
    assert client.get(f"/api/v1/grid/nodes/{S1}/scorecard", params={"format": "pdf"}, headers=admin).status_code == 422
    assert client.get("/api/v1/indicators", params={"limit": 5000}, headers=admin).status_code == 422


def test_the_definitions_are_listed_paginated_to_every_role(client: TestClient, world: World) -> None:
    page = client.get("/api/v1/indicators", params={"limit": 2}, headers=world.headers("dept1")).json()
    assert page["total"] == len(DEFINITIONS) and len(page["items"]) == 2
    first = page["items"][0]
    assert first["code"] == "secretary_is_director" and first["comparison_symbol"] == "≥"
    assert first["deadlines"] == [
        {"month": 6, "day": 30, "threshold": 0.85},
        {"month": 12, "day": 31, "threshold": 1.0},
    ]
