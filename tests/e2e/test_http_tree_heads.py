"""The newest signed tree heads on their own: what a browser checking one proof needs."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.support.world import World


def test_the_newest_heads_are_the_tail_of_the_full_list(client: TestClient, world: World) -> None:
    auditor = world.headers("auditor")
    for position in (3, 9):
        assert client.get(f"/api/v1/audit/proofs/{position}", headers=auditor).status_code == 200
        client.get("/api/v1/audit/events", headers=auditor)  # a recorded read: the next proof signs a new head
    every = client.get("/api/v1/audit/tree-heads", headers=auditor).json()
    assert len(every["heads"]) >= 2
    newest = client.get("/api/v1/audit/tree-heads", params={"newest": 1}, headers=auditor).json()
    assert newest == {"public_key": every["public_key"], "heads": every["heads"][-1:]}
    two = client.get("/api/v1/audit/tree-heads", params={"newest": 2}, headers=auditor).json()
    assert two["heads"] == every["heads"][-2:]


def test_the_newest_count_is_bounded_and_only_auditors_ask(client: TestClient, world: World) -> None:
    for wrong in (0, 1001, "all"):
        answer = client.get("/api/v1/audit/tree-heads", params={"newest": wrong}, headers=world.headers("auditor"))
        assert answer.status_code == 422
        assert [e["field"] for e in answer.json()["errors"]] == ["newest"]
    refused = client.get("/api/v1/audit/tree-heads", params={"newest": 1}, headers=world.headers("office1"))
    assert refused.status_code == 403
