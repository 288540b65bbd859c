"""What auditors may ask the audit endpoints: time ranges, bounded numbers, one vocabulary of kinds, typed answers."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from fastapi.testclient import TestClient

from domain.audit.kinds import EntityKind
from domain.shared.clock import ManualClock
from tests.support.world import K1, K2, World

MORNING = datetime(2026, 3, 3, 1, 0, tzinfo=UTC)
AFTERNOON = MORNING + timedelta(hours=6)
NOON = MORNING + timedelta(hours=3)
BEIJING = timezone(timedelta(hours=8))
HUGE = "99999999999999999999999"
TRAIL_SPELLING = {"GridNode", "Account", "Department", "Category", "CalendarSettings", "Issue", "AccessRecord"}


def _renames(world: World, clock: ManualClock) -> None:
    clock.set(MORNING)
    world.services.app.rename_node(code=K1, name="锦绣新区", actor="admin", reason="morning rename")
    clock.set(AFTERNOON)
    world.services.app.rename_node(code=K2, name="和平新家园", actor="admin", reason="afternoon rename")
    world.services.catch_up()


def _fields(answer: Any) -> list[str]:
    return [e["field"] for e in answer.json()["errors"]]


def test_a_time_range_returns_only_the_events_inside_it(client: TestClient, world: World, clock: ManualClock) -> None:
    _renames(world, clock)
    auditor = world.headers("auditor")
    renamed = {"kind": "GridNode.Renamed", "limit": 1000}
    after_noon = client.get("/api/v1/audit/events", params={**renamed, "from": NOON.isoformat()}, headers=auditor)
    assert after_noon.status_code == 200, after_noon.text
    assert [e["entity_id"] for e in after_noon.json()["items"]] == [K2]
    before_noon = client.get("/api/v1/audit/events", params={**renamed, "to": NOON.isoformat()}, headers=auditor)
    assert [e["entity_id"] for e in before_noon.json()["items"]] == [K1]
    in_beijing = NOON.astimezone(BEIJING).isoformat()  # the same moment written with +08:00
    both = {"from": in_beijing, "to": (AFTERNOON + timedelta(minutes=1)).isoformat()}
    ranged = client.get("/api/v1/audit/events", params={**renamed, **both}, headers=auditor).json()["items"]
    assert [e["entity_id"] for e in ranged] == [K2]


def test_an_export_of_a_time_range_holds_only_that_range(client: TestClient, world: World, clock: ManualClock) -> None:
    _renames(world, clock)
    params = {"format": "csv", "kind": "GridNode.Renamed", "from": NOON.isoformat()}
    sheet = client.get("/api/v1/audit/events/export", params=params, headers=world.headers("auditor"))
    rows = list(csv.DictReader(io.StringIO(sheet.content.decode("utf-8-sig"))))
    assert [r["对象"] for r in rows] == [K2]


def test_a_time_without_a_utc_offset_is_refused_naming_the_field(client: TestClient, world: World) -> None:
    auditor = world.headers("auditor")
    for path in ("/api/v1/audit/events", "/api/v1/audit/events/export"):
        for name in ("from", "to"):
            answer = client.get(path, params={name: "2026-03-03T09:00:00"}, headers=auditor)
            assert answer.status_code == 422, answer.text
            assert _fields(answer) == [name]


def test_numbers_beyond_the_documented_maximum_are_refused_naming_the_field(client: TestClient, world: World) -> None:
    auditor = world.headers("auditor")
    proof = client.get(f"/api/v1/audit/proofs/{HUGE}", headers=auditor)
    assert proof.status_code == 422, proof.text
    assert _fields(proof) == ["position"]
    page = client.get("/api/v1/audit/events", params={"after": HUGE}, headers=auditor)
    assert page.status_code == 422, page.text
    assert _fields(page) == ["after"]
    consistency = client.get("/api/v1/audit/consistency", params={"from": HUGE, "to": HUGE}, headers=auditor)
    assert consistency.status_code == 422, consistency.text
    assert set(_fields(consistency)) == {"from", "to"}


def test_a_position_beyond_the_end_of_the_log_is_not_found_naming_it(client: TestClient, world: World) -> None:
    from api.http.schemas.common import MAX_POSITION

    auditor = world.headers("auditor")
    for position in (MAX_POSITION, 10_000):
        answer = client.get(f"/api/v1/audit/proofs/{position}", headers=auditor)
        assert answer.status_code == 404, answer.text
        assert _fields(answer) == ["position"]
        assert str(position) in answer.json()["detail"]
    assert client.get(f"/api/v1/audit/proofs/{MAX_POSITION + 1}", headers=auditor).status_code == 422


def test_an_entity_kind_outside_the_vocabulary_is_refused_with_the_allowed_list(
    client: TestClient, world: World
) -> None:
    auditor = world.headers("auditor")
    for path, params in (
        ("/api/v1/audit/events", {"entity_kind": "issue"}),
        ("/api/v1/audit/events/export", {"entity_kind": "gridnode"}),
        (f"/api/v1/audit/entities/issue/{K1}", {}),
        (f"/api/v1/audit/state/issue/{K1}", {}),
        ("/api/v1/audit/state/Spaceship/1", {}),
    ):
        answer = client.get(path, params=params, headers=auditor)
        assert answer.status_code == 422, (path, answer.text)
        assert all(kind in answer.json()["detail"] for kind in EntityKind), answer.json()["detail"]
    assert client.get(f"/api/v1/audit/state/GridNode/{K1}", headers=auditor).status_code == 200
    nodes = client.get("/api/v1/audit/events", params={"entity_kind": "GridNode"}, headers=auditor).json()["items"]
    assert {e["entity_kind"] for e in nodes} == {"GridNode"}


def test_an_event_kind_must_be_spelled_as_the_trail_spells_it(client: TestClient, world: World) -> None:
    auditor = world.headers("auditor")
    answer = client.get("/api/v1/audit/events", params={"kind": "Reported"}, headers=auditor)
    assert answer.status_code == 422, answer.text
    assert _fields(answer) == ["kind"]
    assert "Issue.Reported" in answer.json()["detail"]
    assert client.get("/api/v1/audit/events", params={"kind": "Issue.Reported"}, headers=auditor).status_code == 200


def test_openapi_lists_the_entity_kinds_and_a_typed_answer_for_every_audit_endpoint(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    assert TRAIL_SPELLING <= set(schemas["EntityKind"]["enum"]) == set(EntityKind)
    events = spec["paths"]["/api/v1/audit/events"]["get"]
    entity_kind = next(p for p in events["parameters"] if p["name"] == "entity_kind")
    assert "EntityKind" in str(entity_kind["schema"])
    assert "Issue.Reported" in next(p for p in events["parameters"] if p["name"] == "kind")["description"]
    state = spec["paths"]["/api/v1/audit/state/{kind}/{entity_id}"]["get"]
    assert "EntityKind" in str(next(p for p in state["parameters"] if p["name"] == "kind")["schema"])
    expected = {
        ("/api/v1/audit/tree-heads", "get"): "TreeHeads",
        ("/api/v1/audit/tree-heads", "post"): "TreeHead",
        ("/api/v1/audit/proofs/{position}", "get"): "ProofBundle",
        ("/api/v1/audit/consistency", "get"): "ConsistencyBundle",
        ("/api/v1/audit/verify", "post"): "VerifyReport",
        ("/api/v1/audit/events", "get"): "TrailPage",
        ("/api/v1/audit/entities/{kind}/{entity_id}", "get"): "TrailEntry",
        ("/api/v1/audit/state/{kind}/{entity_id}", "get"): "StateAsOf",
    }
    for (path, method), name in expected.items():
        responses = spec["paths"][path][method]["responses"]
        ok = responses.get("200") or responses["201"]
        assert f"#/components/schemas/{name}" in str(ok["content"]["application/json"]["schema"]), (path, method)
    for name in ("TreeHeads", "ProofBundle", "ConsistencyBundle", "VerifyReport", "TrailPage", "StateAsOf"):
        assert schemas[name]["type"] == "object"
        assert "additionalProperties" not in schemas[name]


def test_typed_answers_keep_their_shapes(client: TestClient, world: World) -> None:
    auditor = world.headers("auditor")
    world.services.publish_head()
    verified = client.post("/api/v1/audit/verify", headers=auditor).json()
    assert (verified["ok"], verified["findings"]) == (True, [])
    proof = client.get("/api/v1/audit/proofs/3", headers=auditor).json()
    assert (proof["format"], proof["position"], proof["leaf_index"]) == ("gridgov-inclusion-proof-v1", 3, 2)
    assert set(proof["tree_head"]) == {"size", "root", "timestamp", "signature", "public_key"}
    page = client.get("/api/v1/audit/events", params={"limit": 2}, headers=auditor).json()
    assert page["next_after"] == page["items"][-1]["position"]
    assert datetime.fromisoformat(page["items"][0]["at"]).utcoffset() == timedelta(0)
    state = client.get(f"/api/v1/audit/state/GridNode/{K1}", headers=auditor).json()
    assert (state["kind"], state["id"]) == ("GridNode", K1)
    assert datetime.fromisoformat(state["as_of"]).tzinfo is not None
