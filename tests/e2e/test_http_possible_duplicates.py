"""Before a report is sent, the open issues it would be flagged against, scoped like the report itself."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from domain.shared.clock import ManualClock
from projections.issues.duplicates import flag_reports
from tests.e2e.test_http_dispatch_loop import ISSUES, Desk
from tests.support.world import B1, B2, B3, BUILDING_WORK, RUBBISH, World

ASK = f"{ISSUES}/possible-duplicates"


def test_a_report_at_the_same_compound_is_shown_before_a_second_one_is_sent(
    client: TestClient, world: World, clock: ManualClock
) -> None:
    worker = Desk(client, world, "worker1")
    first = worker.post(ISSUES, {"node": B1, "category": RUBBISH, "description": "楼下垃圾"}, 201)
    worker.post(ISSUES, {"node": B1, "category": BUILDING_WORK, "description": "违建"}, 201)
    clock.advance(timedelta(minutes=5))

    found = worker.get(ASK, node=B2, category=RUBBISH)  # the other building of the same compound
    assert [(i["id"], i["description"], i["status"]) for i in found["items"]] == [(first["id"], "楼下垃圾", "reported")]
    assert found["unreadable"] == 0
    second = worker.post(ISSUES, {"node": B2, "category": RUBBISH, "description": "又见垃圾"}, 201)
    flag_reports(world.services.app, world.services.runner)  # the worker's pass after the report
    flagged = worker.get(f"{ISSUES}/{second['id']}")["possible_duplicates"]
    assert flagged == [first["id"]]  # the same finder the report is checked by

    clock.advance(timedelta(hours=25))  # past the window
    assert worker.get(ASK, node=B2, category=RUBBISH)["items"] == []


def test_only_a_caller_who_may_report_there_may_ask(client: TestClient, world: World) -> None:
    worker = Desk(client, world, "worker1")
    Desk(client, world, "worker2").post(ISSUES, {"node": B3, "category": RUBBISH, "description": "垃圾"}, 201)
    assert worker.get(ASK, node=B1, category=RUBBISH)["items"] == []
    for username, node, status in (("worker1", B3, 403), ("auditor", B1, 403), ("dept1", B1, 403)):
        answer = client.get(ASK, params={"node": node, "category": RUBBISH}, headers=world.headers(username))
        assert answer.status_code == status, (username, answer.text)
    unknown = client.get(ASK, params={"node": "999", "category": RUBBISH}, headers=world.headers("admin"))
    assert unknown.status_code == 404 and unknown.json()["errors"][0]["field"] == "node"
    no_such = client.get(ASK, params={"node": B1, "category": "99.99"}, headers=world.headers("worker1"))
    assert no_such.status_code == 404 and no_such.json()["errors"][0]["field"] == "category"
    assert client.get(ASK, params={"node": B1}, headers=world.headers("worker1")).status_code == 422
