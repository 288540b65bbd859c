"""Rules of the issue loop as users met them over HTTP: retries, bounds, remit, emergencies, returns, rates."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from domain.shared.clock import ManualClock
from tests.e2e.test_http_dispatch_loop import ISSUES, Desk
from tests.support.world import B1, BUILDING_WORK, C1, World

REPORT = {"node": B1, "category": BUILDING_WORK, "description": "楼顶违建"}


def _registered(worker: Desk, leader: Desk, **extra: Any) -> str:
    issue = str(worker.post(ISSUES, {**REPORT, **extra}, 201)["id"])
    leader.act(issue, "accept")
    return issue


def test_a_retry_key_reused_for_a_different_report_is_refused_not_swallowed(client: TestClient, world: World) -> None:
    worker = Desk(client, world, "worker1")
    first = worker.post(ISSUES, REPORT, 201, **{"Idempotency-Key": "k-1"})
    assert worker.post(ISSUES, REPORT, 200, **{"Idempotency-Key": "k-1"})["id"] == first["id"]
    other = {**REPORT, "description": "另一处：楼道堆物"}
    refused = worker.post(ISSUES, other, 409, **{"Idempotency-Key": "k-1"})
    assert refused["errors"][0]["field"] == "Idempotency-Key"
    assert "different report" in refused["detail"]
    assert worker.post(ISSUES, other, 201, **{"Idempotency-Key": "k-2"})["id"] != first["id"]


def test_free_text_is_bounded_on_a_report(client: TestClient, world: World) -> None:
    worker = Desk(client, world, "worker1")
    for field, value in (("reason", "x" * 10_000), ("description", "y" * 2001), ("category", "c" * 65)):
        refused = worker.post(ISSUES, {**REPORT, field: value}, 422)
        assert [e["field"] for e in refused["errors"]] == [field], refused
    refused = worker.post(ISSUES, {**REPORT, "attachments": [{"sha256": "0" * 64, "name": "a.jpg"}] * 9}, 422)
    assert refused["errors"][0]["field"] == "attachments"
    assert client.get(ISSUES, headers=world.headers("admin")).json()["total"] == 0


def test_codes_a_client_sends_are_enums_listed_in_openapi(client: TestClient, world: World) -> None:
    admin = Desk(client, world, "admin")
    answer = client.get(ISSUES, params={"status": "bogus"}, headers=admin.headers)
    assert answer.status_code == 422
    assert "dispatched" in answer.json()["errors"][0]["reason"]
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    assert "awaiting_verification" in schemas["Status"]["enum"]
    assert set(schemas["Bucket"]["enum"]) >= {"overdue", "returned", "to_check_in"}
    assert "checked_in" in schemas["DispatchStatus"]["enum"]


def test_a_department_called_outside_the_categorys_remit_is_warned_about_and_recorded(
    client: TestClient, world: World
) -> None:
    worker, leader = Desk(client, world, "worker1"), Desk(client, world, "leader1")
    issue = _registered(worker, leader)
    called = leader.act(issue, "whistle", lead="XF", co_handlers=["CG"], reason="彩钢板房有消防隐患")
    assert called["status"] == "dispatched"
    assert called["warnings"] == ["XF was called although category 02.01 is not in its remit; the reason given is kept"]
    (whistled,) = [e for e in leader.get(f"{ISSUES}/{issue}/timeline") if e["kind"] == "Issue.WhistleBlown"]
    assert (whistled["data"]["outside_remit"], whistled["reason"]) == (["XF"], "彩钢板房有消防隐患")


def test_a_redispatch_after_an_emergency_whistle_keeps_the_emergency_check_in_limit(
    client: TestClient, world: World, clock: ManualClock
) -> None:
    worker, leader, zj = Desk(client, world, "worker1"), Desk(client, world, "leader1"), Desk(client, world, "dept2")
    issue = _registered(worker, leader)
    leader.act(issue, "whistle", kind="emergency", lead="ZJ")
    zj.act(issue, "return", reason="不属住建")
    clock.advance(timedelta(hours=3))
    moved = leader.act(issue, "redispatch", from_department="ZJ", to_department="CG")
    due = moved["deadlines"]["check_in:CG"]
    assert due == (clock.now() + timedelta(minutes=30)).isoformat().replace("+00:00", "Z")
    entry = Desk(client, world, "dept1").get("/api/v1/departments/CG/queue")["items"][0]
    assert (entry["kind"], entry["bucket"]) == ("emergency", "to_check_in")


def test_a_grid_leader_sees_which_department_sent_a_dispatch_back(client: TestClient, world: World) -> None:
    worker, leader, zj = Desk(client, world, "worker1"), Desk(client, world, "leader1"), Desk(client, world, "dept2")
    issue = _registered(worker, leader)
    leader.act(issue, "whistle", lead="CG", co_handlers=["ZJ"])
    zj.act(issue, "return", reason="不属住建")
    rows = leader.get(f"/api/v1/grid/nodes/{C1}/worklist")
    assert [(r["id"], r["returned"]) for r in rows] == [(issue, ["ZJ"])]
    waiting = leader.get(ISSUES, returned="true")
    assert [i["id"] for i in waiting["items"]] == [issue]
    assert leader.get(ISSUES, returned="false")["total"] == 0


def test_on_time_counts_what_is_overdue_in_the_queue_and_every_rate_is_a_share(
    client: TestClient, world: World, clock: ManualClock
) -> None:
    worker, leader, cg = Desk(client, world, "worker1"), Desk(client, world, "leader1"), Desk(client, world, "dept1")
    late, prompt = _registered(worker, leader), _registered(worker, leader)
    for issue in (late, prompt):
        leader.act(issue, "whistle", lead="CG")
    cg.act(prompt, "check-in")
    cg.act(prompt, "feedback", result="已处理")
    clock.advance(timedelta(days=3))
    assert cg.get("/api/v1/departments/CG/queue")["counts"]["overdue"] == 1
    (row,) = Desk(client, world, "admin").get("/api/v1/rates", by="department")
    assert row["key"] == "CG"
    assert row["on_time_rate"] == 0.5
    for name in ("response_rate", "on_time_rate", "resolution_rate", "satisfaction_rate", "composite"):
        assert row[name] is None or 0 <= row[name] <= 1, (name, row)


def test_after_unparking_the_queue_shows_the_deadline_moved_by_the_parked_time(
    client: TestClient, world: World, clock: ManualClock
) -> None:
    worker, leader, office = (Desk(client, world, u) for u in ("worker1", "leader1", "office1"))
    issue = _registered(worker, leader)
    leader.act(issue, "whistle", lead="CG")
    office.act(issue, "park", reason="冬季停工")
    clock.advance(timedelta(days=3))
    moved = office.act(issue, "unpark", reason="复工")
    (entry,) = Desk(client, world, "dept1").get("/api/v1/departments/CG/queue")["items"]
    assert entry["due"] == moved["deadlines"]["check_in:CG"]
    assert (entry["bucket"], entry["overdue"]) == ("to_check_in", False)
