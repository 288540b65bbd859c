"""Auditors over HTTP: the trail, an entity's history, the past as it was, exports, and their own traces."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from domain.shared.clock import ManualClock
from projections.issues.as_of import issue_rows_as_of
from tests.support.queues import joined_queue
from tests.support.world import B1, B2, BUILDING_WORK, K1, K2, World

CST = timedelta(hours=8)
DAY = datetime(2026, 3, 3, tzinfo=UTC) - CST  # Tuesday 3 March 2026, 00:00 in Beijing


def _at(hour: int, minute: int = 0) -> datetime:
    return DAY + timedelta(hours=hour, minutes=minute)


def _history(world: World, clock: ManualClock) -> dict[str, UUID]:
    """Two issues through a morning: the first reworked, the second still waiting for check-in."""
    app = world.services.app
    clock.set(_at(9))
    first, _ = app.report_issue(node=B1, category=BUILDING_WORK, description="违建一", actor="worker1")
    second, _ = app.report_issue(node=B2, category=BUILDING_WORK, description="违建二", actor="worker1")
    for issue in (first, second):
        app.accept_issue(issue.id, actor="leader1", reason="立案")
        app.blow_whistle(issue.id, kind="routine", lead="CG", co_handlers=[], actor="leader1", reason="吹哨")
    clock.set(_at(10, 30))
    app.check_in(first.id, department="CG", actor="dept1", reason="报到")
    clock.set(_at(14))
    app.feed_back(first.id, department="CG", result="已拆除", actor="dept1", reason="反馈")
    clock.set(_at(15))
    app.verify(first.id, passed=False, departments=None, actor="worker1", reason="仍有残留")
    clock.set(_at(16))
    app.move_node(code=B2, new_parent=K2, actor="admin", reason="楼栋划归和平家园")
    clock.set(_at(18))
    world.services.catch_up()
    return {"first": first.id, "second": second.id}


def _replayed_queue(world: World, moment: datetime) -> dict[str, str]:
    """The queue from the log cut at the first event after `moment`, found by reading event times."""
    app = world.services.app
    cut = 0
    for notification in app.recorder.select_notifications(1, 100_000):
        if app.mapper.to_domain_event(notification).timestamp > moment:
            break
        cut = notification.id
    items = joined_queue(issue_rows_as_of(app, cut), "CG", now=moment, calendar=app.calendar_as_of(moment))
    return {item.issue_id: item.bucket for item in items}


def test_what_was_in_a_departments_queue_at_1005(client: TestClient, world: World, clock: ManualClock) -> None:
    ids = _history(world, clock)
    auditor = world.headers("auditor")
    then = client.get("/api/v1/departments/CG/queue", params={"as_of": _at(10, 5).isoformat()}, headers=auditor)
    assert then.status_code == 200, then.text
    buckets = {i["issue_id"]: i["bucket"] for i in then.json()["items"]}
    assert buckets == {str(ids["first"]): "to_check_in", str(ids["second"]): "to_check_in"}
    assert buckets == _replayed_queue(world, _at(10, 5))
    now = {
        i["issue_id"]: i["bucket"] for i in client.get("/api/v1/departments/CG/queue", headers=auditor).json()["items"]
    }
    assert now[str(ids["first"])] == "in_progress"
    assert now[str(ids["second"])] == "overdue"
    at_noon = client.get("/api/v1/departments/CG/queue", params={"as_of": _at(12).isoformat()}, headers=auditor)
    assert {i["issue_id"]: i["bucket"] for i in at_noon.json()["items"]} == _replayed_queue(world, _at(12))


def test_who_moved_a_building_and_when(client: TestClient, world: World, clock: ManualClock) -> None:
    _history(world, clock)
    history = client.get(f"/api/v1/audit/entities/GridNode/{B2}", headers=world.headers("auditor")).json()
    moves = [e for e in history if e["kind"] == "GridNode.Moved"]
    assert len(moves) == 1
    move = moves[0]
    assert (move["actor"], move["roles"], move["at"]) == ("admin", "admin", _at(16).isoformat())
    assert (move["payload"]["from_parent"], move["payload"]["to_parent"]) == (K1, K2)
    assert move["reason"] == "楼栋划归和平家园"
    assert move["summary_zh"].startswith("网格 ")
    created = history[0]
    assert created["kind"] == "GridNode.Created"
    assert created["node_path"].endswith(f"{K1}/{B2}")
    assert move["node_path"].endswith(f"{K2}/{B2}")  # the path the event left it on


def test_an_issue_as_it_was_before_its_rework(client: TestClient, world: World, clock: ManualClock) -> None:
    ids = _history(world, clock)
    auditor = world.headers("auditor")
    before = client.get(f"/api/v1/issues/{ids['first']}", params={"as_of": _at(14, 30).isoformat()}, headers=auditor)
    assert before.json()["status"] == "awaiting_verification"
    assert before.json()["dispatches"][0]["reworks"] == 0
    now = client.get(f"/api/v1/issues/{ids['first']}", headers=auditor).json()
    assert (now["status"], now["dispatches"][0]["reworks"]) == ("dispatched", 1)
    replayed = world.services.app.issue_as_of(ids["first"], _at(14, 30))
    assert replayed.status == before.json()["status"]


def test_the_trail_pages_by_position_exports_and_records_its_readers(
    client: TestClient, world: World, clock: ManualClock
) -> None:
    _history(world, clock)
    auditor = world.headers("auditor")
    first_page = client.get("/api/v1/audit/events", params={"limit": 10}, headers=auditor).json()
    second_page = client.get(
        "/api/v1/audit/events", params={"limit": 10, "after": first_page["next_after"]}, headers=auditor
    ).json()
    positions = [e["position"] for e in first_page["items"] + second_page["items"]]
    assert positions == sorted(positions)
    assert len(set(positions)) == 20

    issues_only = client.get(
        "/api/v1/audit/events", params={"entity_kind": "Issue", "node": K1, "limit": 1000}, headers=auditor
    ).json()["items"]
    assert issues_only
    assert {e["entity_kind"] for e in issues_only} == {"Issue"}

    jsonl = client.get(
        "/api/v1/audit/events/export", params={"format": "jsonl", "entity_kind": "Issue"}, headers=auditor
    )
    lines = [json.loads(line) for line in jsonl.text.splitlines()]
    assert jsonl.headers["content-type"].startswith("application/x-ndjson")
    assert len(lines) >= len(issues_only)
    sheet = client.get("/api/v1/audit/events/export", params={"format": "csv"}, headers=auditor)
    rows = list(csv.reader(io.StringIO(sheet.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["位置", "时间(UTC)", "北京时间", "操作人"]
    book = client.get("/api/v1/audit/events/export", params={"format": "xlsx"}, headers=auditor)
    workbook = load_workbook(io.BytesIO(book.content), read_only=True)
    header = next(workbook.worksheets[0].iter_rows(values_only=True))
    assert header[:3] == ("位置", "时间(UTC)", "北京时间")

    traces = client.get(
        "/api/v1/audit/events",
        params={"entity_kind": "AccessRecord", "actor": "auditor", "limit": 1000},
        headers=auditor,
    ).json()["items"]
    assert [t["payload"]["what"] for t in traces][:3] == ["audit/events", "audit/events", "audit/events"]
    assert any(t["payload"]["what"] == "audit/events/export" for t in traces)


def test_only_auditors_and_admins_read_the_trail(client: TestClient, world: World) -> None:
    for username in ("office1", "leader1", "worker1", "dept1"):
        assert client.get("/api/v1/audit/events", headers=world.headers(username)).status_code == 403
    assert client.get("/api/v1/audit/events", headers=world.headers("admin")).status_code == 200


def test_a_proof_fetched_over_http_verifies_offline_with_the_standalone_verifier(
    client: TestClient, world: World, tmp_path: Path
) -> None:
    auditor = world.headers("auditor")
    heads = client.get("/api/v1/audit/tree-heads", headers=auditor).json()
    bundle = client.get("/api/v1/audit/proofs/5", headers=auditor)
    assert bundle.status_code == 200, bundle.text
    saved = tmp_path / "proof-5.json"
    saved.write_text(bundle.text)
    offline = subprocess.run(
        [sys.executable, "-m", "verifier.bundle", str(saved), heads["public_key"]],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env={"PYTHONPATH": str(Path(__file__).resolve().parents[2]), "PATH": "/usr/bin:/bin"},
    )
    assert offline.returncode == 0, offline.stdout + offline.stderr
    assert offline.stdout.startswith("OK")
    listed = client.get("/api/v1/audit/tree-heads", headers=auditor).json()
    assert listed["heads"][-1]["size"] >= 5
    consistency = client.get(
        "/api/v1/audit/consistency",
        params={"from": listed["heads"][0]["size"], "to": listed["heads"][-1]["size"]},
        headers=auditor,
    )
    assert consistency.status_code == 200


def test_any_aggregate_as_it_was(client: TestClient, world: World, clock: ManualClock) -> None:
    _history(world, clock)
    auditor = world.headers("auditor")
    node = client.get(f"/api/v1/audit/state/GridNode/{B2}", params={"as_of": _at(15).isoformat()}, headers=auditor)
    assert node.json()["state"]["parent_code"] == K1
    now = client.get(f"/api/v1/audit/state/GridNode/{B2}", headers=auditor).json()
    assert now["state"]["parent_code"] == K2
    account = client.get("/api/v1/audit/state/Account/worker1", headers=auditor).json()
    assert account["state"]["grants"] == [["grid_worker", K1]]
    assert "password_hash" not in account["state"]
    unknown_kind = client.get("/api/v1/audit/state/Spaceship/1", headers=auditor)
    assert unknown_kind.status_code == 422  # not an entity kind: the answer lists the kinds there are
    unknown = client.get("/api/v1/audit/state/GridNode/999999", headers=auditor)
    assert unknown.status_code == 404
