"""The grid over HTTP on each backend: commands, queries, as_of, conflicts and problem+json."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from domain.shared.clock import ManualClock
from tests.support.sheets import GOOD_ROWS, csv_bytes
from tests.support.world import B1, B3, C1, K1, K2, S1, World

API = "/api/v1/grid/nodes"


def test_an_admin_builds_and_reads_a_street_over_http(client: TestClient, world: World) -> None:
    admin = world.headers("admin")
    street = {"code": "200001", "name": "交道口街道", "reason": "new street"}
    assert client.post(API, json=street, headers=admin).status_code == 201
    community = {"code": "200001001", "name": "菊儿社区", "parent_code": "200001", "reason": "new community"}
    created = client.post(API, json=community, headers=admin)
    assert created.status_code == 201
    assert created.json()["level"] == "community"
    assert created.json()["level_name"] == "社区"
    assert created.headers["ETag"] == '"1"'

    listed = client.get(API, params={"level": "street"}, headers=admin).json()
    assert [n["code"] for n in listed["items"]] == [S1, "100002", "200001"]
    children = client.get(API, params={"parent": "200001"}, headers=admin).json()
    assert [n["name"] for n in children["items"]] == ["菊儿社区"]

    subtree = client.get(f"{API}/{S1}/subtree", headers=admin).json()
    assert subtree["counts"] == {"street": 1, "community": 2, "compound": 3, "building": 4}
    path = client.get(f"{API}/{B1}/path", headers=admin).json()
    assert [p["level"] for p in path] == ["street", "community", "compound", "building"]


def test_the_responsible_leader_and_worker_are_the_nearest_up_the_tree(client: TestClient, world: World) -> None:
    answer = client.get(f"{API}/{B1}/responsible", headers=world.headers("admin")).json()
    assert (answer["workers_at"], answer["workers"]) == (K1, ["worker1"])
    assert (answer["leader_at"], answer["leader"]) == (C1, "leader1")
    assert [link["code"] for link in answer["escalation"]] == [B1, K1, C1, S1]


def test_a_move_shows_in_the_tree_and_the_tree_as_of_before_is_unchanged(
    client: TestClient, world: World, clock: ManualClock
) -> None:
    admin = world.headers("admin")
    before = clock.now().isoformat()
    clock.advance(timedelta(hours=1))
    moved = client.post(f"{API}/{B1}/move", json={"new_parent": K2, "reason": "boundary"}, headers=admin)
    assert moved.status_code == 200, moved.text
    assert moved.json()["parent_code"] == K2
    assert client.get(f"{API}/{B1}/path", headers=admin).json()[2]["code"] == K2
    then = client.get(f"{API}/{B1}/path", params={"as_of": before}, headers=admin).json()
    assert then[2]["code"] == K1
    old_node = client.get(f"{API}/{B1}", params={"as_of": before}, headers=admin).json()
    assert old_node["parent_code"] == K1


def test_two_admins_moving_the_same_node_at_once_get_one_success_and_one_409(client: TestClient, world: World) -> None:
    admin = world.headers("admin")
    etag = client.get(f"{API}/{B3}", headers=admin).headers["ETag"]
    first = client.post(f"{API}/{B3}/move", json={"new_parent": K1, "reason": "a"}, headers={**admin, "If-Match": etag})
    second = client.post(
        f"{API}/{B3}/move", json={"new_parent": K1, "reason": "b"}, headers={**admin, "If-Match": etag}
    )
    assert first.status_code == 200
    assert second.status_code == 409
    assert second.headers["content-type"] == "application/problem+json"
    assert second.json()["errors"][0]["field"] == "If-Match"


def test_retiring_a_node_with_children_is_a_422_naming_the_state(client: TestClient, world: World) -> None:
    refused = client.post(f"{API}/{K1}/retire", json={"reason": "merge"}, headers=world.headers("admin"))
    assert refused.status_code == 422
    assert refused.json()["state"] == "has_children"
    assert "move" in refused.json()["allowed"]


def test_bad_input_is_a_problem_naming_the_field(client: TestClient, world: World) -> None:
    admin = world.headers("admin")
    missing = client.post(API, json={"code": "300001", "name": "x"}, headers=admin)
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["field"] == "reason"
    bad_code = client.post(API, json={"code": "bad code!", "name": "x", "reason": "r"}, headers=admin)
    assert bad_code.status_code == 422
    assert bad_code.json()["errors"][0]["field"] == "code"
    wrong_level = client.post(f"{API}/{B1}/move", json={"new_parent": C1, "reason": "r"}, headers=admin)
    assert wrong_level.json()["errors"][0]["field"] == "new_parent"
    naive = client.get(f"{API}/{K1}", params={"as_of": "2026-03-01T00:00:00"}, headers=admin)
    assert naive.status_code == 422
    assert naive.json()["errors"][0]["field"] == "as_of"
    unknown = client.get(f"{API}/999", headers=admin)
    assert unknown.status_code == 404


def test_a_bad_sheet_upload_names_its_lines_and_imports_nothing(client: TestClient, world: World) -> None:
    admin = world.headers("admin")
    before = world.services.app.recorder.max_notification_id()
    bad = csv_bytes(*GOOD_ROWS, "300001,北新桥街道,300001001,民安社区,300001001001,民安小区,bad code,3号楼")
    refused = client.post(
        "/api/v1/grid/import", files={"file": ("grid.csv", bad)}, data={"reason": "import"}, headers=admin
    )
    assert refused.status_code == 422
    assert refused.json()["errors"] == [
        {"line": 5, "field": "building_code", "reason": refused.json()["errors"][0]["reason"]}
    ]
    assert world.services.app.recorder.max_notification_id() == before
    good = client.post(
        "/api/v1/grid/import",
        files={"file": ("grid.csv", csv_bytes(*GOOD_ROWS))},
        data={"reason": "import"},
        headers=admin,
    )
    assert good.status_code == 201
    assert good.json() == {"created": 8, "unchanged": 0}


def test_a_future_as_of_is_refused_on_every_grid_read(client: TestClient, world: World, clock: ManualClock) -> None:
    admin = world.headers("admin")
    tomorrow = (clock.now() + timedelta(days=1)).isoformat()
    for path in (API, f"{API}/{K1}", f"{API}/{K1}/subtree", f"{API}/{K1}/path", f"{API}/{K1}/responsible"):
        answer = client.get(path, params={"as_of": tomorrow}, headers=admin)
        assert answer.status_code == 422, (path, answer.text)
        assert answer.json()["errors"] == [{"field": "as_of", "reason": "as_of is in the future; omit it for now"}]
    now = client.get(f"{API}/{K1}", params={"as_of": clock.now().isoformat()}, headers=admin)
    assert now.status_code == 200
