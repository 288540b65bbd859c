"""Citizen reports (随手拍) over real HTTP: no account, checked on site, followed in public, proven offline."""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from domain.issues.intake import ADDRESS_LIMIT, PHONE_LIMIT
from domain.shared.clock import ManualClock
from tests.e2e.processes import run
from tests.e2e.test_http_dispatch_loop import Desk
from tests.support.images import png
from tests.support.world import B1, B5, BUILDING_WORK, RUBBISH, S1, World

REPORTS = "/public/v1/reports"
PHONE, NAME = "139 1111 2222", "赵桂兰"
SECRET = "我叫赵桂兰，电话13911112222"  # a resident who writes their own details into the description


def send(client: TestClient, status: int = 201, files: dict[str, Any] | None = None, **form: Any) -> dict[str, Any]:
    body = {"category": BUILDING_WORK, "description": "楼道里堆了很多杂物，堵住了消防通道", **form}
    answer = client.post(REPORTS, data={k: v for k, v in body.items() if v is not None}, files=files)
    assert answer.status_code == status, answer.text
    return dict(answer.json())


def public(client: TestClient, request_id: str) -> tuple[dict[str, Any], str]:
    answer = client.get(f"/public/v1/requests/{request_id}")
    assert answer.status_code == 200, answer.text
    return answer.json(), answer.text


def assert_nothing_personal(text: str) -> None:
    for secret in (PHONE, "13911112222", "1111 2222", NAME, SECRET, "worker1", "leader1", "李秀英"):
        assert secret not in text, secret


def test_a_report_checked_on_site_goes_round_the_loop_and_its_public_view_shows_only_progress(
    client: TestClient, world: World, clock: ManualClock
) -> None:
    receipt = send(client, node=B1, phone=PHONE, name=NAME, description=SECRET, files={"photo": ("p.png", png())})
    request_id = receipt["request_id"]
    assert receipt["status"] == "citizen" and receipt["follow"] == f"/public/v1/requests/{request_id}"
    view, text = public(client, request_id)
    assert (view["status"], view["open311_status"], view["notes"]) == ("citizen", "open", "已受理，待网格员现场核实")
    assert view["place"] == "东华门街道 / 多福巷社区 / 锦绣小区 / 1号楼"
    assert_nothing_personal(text)

    worker, leader, cg = (Desk(client, world, u) for u in ("worker1", "leader1", "dept1"))
    seen = worker.get(f"/api/v1/issues/{request_id}")
    assert (seen["status"], seen["intake"], seen["reporter"], seen["has_contact"]) == (
        "citizen",
        "citizen",
        "citizen",
        True,
    )
    assert len(seen["attachments"]) == 1 and PHONE not in json.dumps(seen) and NAME not in json.dumps(seen)
    worker.act(request_id, "accept", 403)  # registering an ordinary report is the leader's; checking this one is not
    clock.advance(timedelta(minutes=40))
    assert worker.act(request_id, "confirm", reason="到现场看过，属实")["status"] == "registered"
    leader.act(request_id, "whistle", kind="routine", lead="CG")
    cg.act(request_id, "check-in")
    view, _ = public(client, request_id)
    assert (view["status"], view["open311_status"], view["lead"]) == ("dispatched", "open", "CG")
    assert view["expected_at"] is not None
    cg.act(request_id, "feedback", result="杂物已清理")
    worker.act(request_id, "verify", passed=True)
    leader.act(request_id, "close")

    view, text = public(client, request_id)
    assert (view["status"], view["open311_status"], view["notes"], view["expected_at"]) == (
        "closed",
        "closed",
        "已办结",
        None,
    )
    assert [s["what"] for s in view["steps"]] == [
        "已受理",
        "网格员现场核实属实，已立案",
        "已吹哨，职能部门处置中",
        "职能部门已报到",
        "处置结果已反馈",
        "现场核查通过",
        "已办结",
    ]
    assert_nothing_personal(text)
    assert "杂物已清理" not in text and "到现场看过" not in text  # staff's free text stays inside


def test_a_dismissed_report_shows_the_reason_written_for_the_resident(client: TestClient, world: World) -> None:
    request_id = send(client, node=B1, phone=PHONE, name=NAME)["request_id"]
    worker = Desk(client, world, "worker1")
    worker.act(request_id, "dismiss", 422, reason="")
    assert worker.act(request_id, "dismiss", reason="现场查看，杂物已由物业清走")["status"] == "declined"
    view, text = public(client, request_id)
    assert (view["status"], view["open311_status"]) == ("declined", "closed")
    assert view["notes"] == "现场查看，杂物已由物业清走"
    assert view["steps"][-1] == {"at": view["updated_at"], "what": "网格员现场核实，不予立案", "reason": view["notes"]}
    assert_nothing_personal(text)
    worker.act(request_id, "confirm", 422)  # a dismissal is final


def test_only_the_grid_of_that_place_checks_it_and_opens_the_call_back_details(
    client: TestClient, world: World
) -> None:
    request_id = send(client, node=B1, phone=PHONE, name=NAME)["request_id"]
    path = f"/api/v1/issues/{request_id}"
    for username, status in (("worker2", 403), ("dept1", 403), ("auditor", 403)):
        answer = client.post(f"{path}/confirm", json={"reason": "x"}, headers=world.headers(username))
        assert answer.status_code == status, (username, answer.text)
        answer = client.post(f"{path}/contact", json={"reason": "回访"}, headers=world.headers(username))
        assert answer.status_code == status, (username, answer.text)
    opened = Desk(client, world, "worker1").post(f"{path}/contact", {"reason": "回访核实位置"})
    assert opened == {"issue": request_id, "phone": "13911112222", "name": NAME}
    trail = Desk(client, world, "auditor").get("/api/v1/audit/events", actor="worker1", limit=100)
    assert any("issues/contact" in json.dumps(row) and request_id in json.dumps(row) for row in trail["items"])
    assert client.post(f"{path}/contact", json={"reason": "x"}).status_code == 401


def test_the_receipt_proves_the_report_is_in_the_signed_log_offline(
    client: TestClient, world: World, tmp_path: Path
) -> None:
    receipt = send(client, node=B1, phone=PHONE, name=NAME)
    request_id = receipt["request_id"]
    assert client.get(f"/public/v1/requests/{request_id}/proof", params={"code": "0" * 32}).status_code == 404
    answer = client.get(receipt["proof"])
    assert answer.status_code == 200, answer.text
    bundle = answer.json()
    record = base64.b64decode(bundle["record"])
    assert b"13911112222" not in record and NAME.encode() not in record and b"Reported" in record
    saved = tmp_path / "receipt-proof.json"
    saved.write_text(answer.text)
    checked = run(world.services.settings, "verify-proof", str(saved), "--trusted-key", receipt["audit_key"])
    assert checked.returncode == 0, checked.stdout + checked.stderr

    bundle["record"] = base64.b64encode(record.replace("杂物".encode(), "家具".encode())).decode()
    saved.write_text(json.dumps(bundle))
    forged = run(world.services.settings, "verify-proof", str(saved), "--trusted-key", receipt["audit_key"])
    assert forged.returncode == 1 and "FAILED" in forged.stdout + forged.stderr


def test_one_phone_and_one_address_are_bounded(client: TestClient, clock: ManualClock) -> None:
    for _ in range(PHONE_LIMIT):
        send(client, node=B1, phone=PHONE)
    refused = client.post(
        REPORTS, data={"category": RUBBISH, "description": "又来", "node": B1, "phone": "+86 139-1111-2222"}
    )
    assert refused.status_code == 429 and refused.json()["errors"][0]["field"] == "phone"
    clock.advance(timedelta(days=1, minutes=1))
    send(client, node=B1, phone=PHONE)  # a day later the phone may report again

    for _ in range(ADDRESS_LIMIT - 1):  # the hour's window holds the one report sent since
        send(client, node=B1)
    over = client.post(REPORTS, data={"category": RUBBISH, "description": "再来", "node": B1})
    assert over.status_code == 429 and over.json()["errors"][0]["field"] == "address"


def test_bad_reports_are_refused_by_field_and_record_nothing(client: TestClient, world: World) -> None:
    before = world.services.app.recorder.max_notification_id()
    cases = [
        ({"node": None, "street": S1, "address": None}, 422, "address"),  # nowhere
        ({"node": None, "address": "东华门大街"}, 422, "jurisdiction_id"),  # two streets served: which?
        ({"node": "999"}, 404, "node"),
        ({"category": "99.99"}, 404, "category"),
        ({"description": "长" * 4_001}, 422, "description"),
        ({"phone": "call me"}, 422, "phone"),
        ({"lat": "91", "long": "116.4"}, 422, "lat"),
        ({"coordinate_system": "bd09"}, 422, "coordinate_system"),
    ]
    for change, status, field in cases:
        form = {"node": B5, **change}
        answer = client.post(
            REPORTS,
            data={k: v for k, v in {"category": RUBBISH, "description": "有问题", **form}.items() if v is not None},
        )
        assert answer.status_code == status, (change, answer.text)
        assert field in json.dumps(answer.json()["errors"]), (change, answer.text)
    assert world.services.app.recorder.max_notification_id() == before
    located = send(client, node=None, street=S1, address="东华门大街12号门口", lat="39.915", long="116.404")
    view, text = public(client, located["request_id"])
    assert view["place"] == "东华门街道" and "东华门大街12号" not in text


def test_a_grid_report_is_not_public(client: TestClient, world: World) -> None:
    issue = Desk(client, world, "worker1").post(
        "/api/v1/issues", {"node": B1, "category": RUBBISH, "description": "内部上报"}, 201
    )
    assert client.get(f"/public/v1/requests/{issue['id']}").status_code == 404
