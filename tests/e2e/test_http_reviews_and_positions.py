"""Joint reviews, positions and organisation life over HTTP: refusals per role, the flow end to end."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.support.reviews import UNITS, candidate
from tests.support.world import C1, C3, World

REVIEWS, POSITIONS, LIFE = "/api/v1/reviews", "/api/v1/positions", "/api/v1/organisation-life"


def _start(client: TestClient, world: World, who: str, person: Any, node: str = C1) -> Any:
    body = {"person_id": str(person), "node": node, "post": "secretary", "units": UNITS}
    return client.post(REVIEWS, json=body, headers=world.headers(who))


def test_permission_refusals_per_role(client: TestClient, world: World) -> None:
    app = world.services.app
    person = candidate(app, 21)
    for who in ("auditor", "worker1", "leader1", "dept1"):
        assert _start(client, world, who, person).status_code == 403, who
    assert _start(client, world, "office1", person, C3).status_code == 403  # another street
    started = _start(client, world, "office1", person)
    assert started.status_code == 201
    review = started.json()["id"]
    answer = {"verdict": "pass", "basis": "经查无问题"}
    for who in ("office1", "worker1", "auditor"):
        assert client.post(f"{REVIEWS}/{review}/verdicts", json=answer, headers=world.headers(who)).status_code == 403
    wrong_unit = client.post(
        f"{REVIEWS}/{review}/verdicts", json={**answer, "unit": "ZJ"}, headers=world.headers("dept1")
    )
    assert wrong_unit.status_code == 403
    appoint = {"node": C1, "post": "secretary", "person_id": str(person), "valid_from": "2026-03-02"}
    assert client.post(POSITIONS, json=appoint, headers=world.headers("office1")).status_code == 422  # not reviewed yet
    for who in ("dept1", "dept2", "dept3"):
        reply = client.post(f"{REVIEWS}/{review}/verdicts", json=answer, headers=world.headers(who))
        assert reply.status_code == 200, reply.text
    assert reply.json()["status"] == "passed"
    assert _start(client, world, "office1", person).status_code == 409  # once per round
    for who in ("auditor", "worker1", "dept1"):
        assert client.post(POSITIONS, json=appoint, headers=world.headers(who)).status_code == 403, who
    assert client.post(POSITIONS, json=appoint, headers=world.headers("office1")).status_code == 201
    listed = client.get(POSITIONS, params={"on": "2026-03-02", "node": C1}, headers=world.headers("auditor"))
    assert [(r["post"], r["person_id"]) for r in listed.json()["items"]] == [("secretary", str(person))]
    assert client.get(f"{REVIEWS}/{review}", headers=world.headers("auditor")).status_code == 200
    assert client.get(f"{REVIEWS}/{review}", headers=world.headers("dept1")).status_code == 200  # its unit sits on it
    assert client.get(f"{REVIEWS}/{review}", headers=world.headers("worker1")).status_code == 403
    page = client.get(REVIEWS, params={"status": "passed", "round": "2026"}, headers=world.headers("auditor")).json()
    assert page["total"] == 1
    record = {"node": C1, "kind": "one_to_one_talk", "held_on": "2026-03-02", "attendees": 2}
    assert client.post(LIFE, json=record, headers=world.headers("auditor")).status_code == 403
    assert client.post(LIFE, json=record, headers=world.headers("worker1")).status_code == 403
    recorded = client.post(LIFE, json=record, headers=world.headers("office1"))
    assert recorded.status_code == 201
    compliance = client.get(f"{LIFE}/{C1}/compliance", params={"on": "2026-03-02"}, headers=world.headers("auditor"))
    talks = {o["kind"]: o["standing"] for o in compliance.json()["obligations"]}
    assert talks["one_to_one_talk"] == "met"
