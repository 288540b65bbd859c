"""One issue through the whole 吹哨报到 loop over HTTP, each role with its own token.

report → whistle to two departments → check-ins → return and re-dispatch → feedback →
failed verification → rework → passed verification → close → rating, with the department
queues and the rates asserted at each step.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from domain.shared.clock import ManualClock
from projections.issues.duplicates import flag_reports
from tests.support.world import B1, B2, BUILDING_WORK, C1, K1, K2, RUBBISH, S1, World

ISSUES = "/api/v1/issues"


class Desk:
    """Calls the API as one user."""

    def __init__(self, client: TestClient, world: World, username: str) -> None:
        self.client, self.world, self.username = client, world, username

    @property
    def headers(self) -> dict[str, str]:
        return self.world.headers(self.username)  # a fresh token: the test's clock runs for days

    def post(self, path: str, body: dict[str, Any], status: int = 200, **headers: str) -> dict[str, Any]:
        answer = self.client.post(path, json=body, headers={**self.headers, **headers})
        assert answer.status_code == status, answer.text
        return dict(answer.json())

    def get(self, path: str, **params: Any) -> Any:
        answer = self.client.get(path, params=params, headers=self.headers)
        assert answer.status_code == 200, answer.text
        return answer.json()

    def act(self, issue: str, command: str, status: int = 200, **body: Any) -> dict[str, Any]:
        return self.post(f"{ISSUES}/{issue}/{command}", {"reason": f"{command} step", **body}, status)

    def queue(self, department: str) -> dict[str, Any]:
        page = self.get(f"/api/v1/departments/{department}/queue")
        return {"counts": page["counts"], "buckets": {i["issue_id"]: i["bucket"] for i in page["items"]}}


def test_one_issue_goes_round_the_whole_loop(client: TestClient, world: World, clock: ManualClock) -> None:
    worker, leader, office = (Desk(client, world, u) for u in ("worker1", "leader1", "office1"))
    cg, zj, xf = (Desk(client, world, u) for u in ("dept1", "dept2", "dept3"))
    report = {"node": B1, "category": BUILDING_WORK, "description": "屋顶新搭建彩钢板房", "urgency": "urgent"}

    issue = worker.post(ISSUES, report, 201, **{"Idempotency-Key": "phone-42"})["id"]
    assert worker.post(ISSUES, report, 200, **{"Idempotency-Key": "phone-42"})["id"] == issue
    clock.advance(timedelta(minutes=20))
    assert leader.act(issue, "accept")["status"] == "registered"
    worker.act(issue, "whistle", 403, lead="CG")
    whistled = leader.act(issue, "whistle", kind="hard_case", lead="CG", co_handlers=["ZJ"])
    assert whistled["status"] == "dispatched"
    assert cg.queue("CG")["buckets"] == {issue: "to_check_in"}
    assert zj.queue("ZJ")["buckets"] == {issue: "to_check_in"}

    clock.advance(timedelta(minutes=30))
    cg.act(issue, "check-in")
    zj.act(issue, "check-in")
    zj.act(issue, "check-in", 422)
    cg.post(f"{ISSUES}/{issue}/check-in", {"department": "ZJ", "reason": "not mine"}, 403)
    assert cg.queue("CG")["buckets"] == {issue: "in_progress"}

    zj.act(issue, "return", reason="彩钢板房属消防隐患，不属住建")
    assert zj.queue("ZJ")["buckets"] == {issue: "returned"}
    leader.act(issue, "redispatch", from_department="ZJ", to_department="XF")
    assert zj.queue("ZJ")["buckets"] == {}
    assert xf.queue("XF")["buckets"] == {issue: "to_check_in"}
    xf.act(issue, "check-in")
    cg.act(issue, "progress", note="已下达限期拆除通知书")

    clock.advance(timedelta(hours=20))
    cg.act(issue, "feedback", result="已拆除")
    assert cg.queue("CG")["buckets"] == {}
    assert xf.act(issue, "feedback", result="已排除消防隐患")["status"] == "awaiting_verification"
    assert cg.queue("CG")["buckets"] == {issue: "awaiting_verification"}

    clock.advance(timedelta(hours=2))
    office.act(issue, "close", 422)
    failed = worker.act(issue, "verify", passed=False, departments=["CG"], reason="现场仍有残留")
    assert failed["status"] == "dispatched"
    assert {d["department"]: d["reworks"] for d in failed["dispatches"]} == {"CG": 1, "ZJ": 0, "XF": 0}
    assert cg.queue("CG")["buckets"] == {issue: "in_progress"}
    assert xf.queue("XF")["buckets"] == {}

    clock.advance(timedelta(hours=3))
    assert cg.act(issue, "feedback", result="残留已清运")["status"] == "awaiting_verification"
    assert worker.act(issue, "verify", passed=True)["status"] == "verified"
    assert leader.act(issue, "close")["status"] == "closed"
    assert cg.queue("CG")["counts"] == {name: 0 for name in cg.queue("CG")["counts"]}

    leader.act(issue, "rate", 403, department="CG", rating="satisfied")
    office.act(issue, "rate", department="CG", rating="satisfied")
    office.act(issue, "rate", department="XF", rating="basically_satisfied")
    office.act(issue, "rate", 422, department="XF", rating="satisfied")

    rates = {r["key"]: r for r in office.get("/api/v1/rates", by="department")}
    assert (rates["CG"]["dispatched"], rates["CG"]["rework_rate"], rates["CG"]["resolution_rate"]) == (1, 1.0, 1.0)
    assert rates["CG"]["satisfaction_rate"] == 1.0
    assert rates["XF"]["satisfaction_rate"] == 0.9
    assert rates["ZJ"]["resolution_rate"] is None
    assert rates["CG"]["composite"] == 1.0

    kinds = [e["kind"] for e in worker.get(f"{ISSUES}/{issue}/timeline")]
    assert kinds == [
        "Issue.Reported",
        "Issue.Accepted",
        "Issue.WhistleBlown",
        "Issue.DepartmentCheckedIn",
        "Issue.DepartmentCheckedIn",
        "Issue.DispatchReturned",
        "Issue.Redispatched",
        "Issue.DepartmentCheckedIn",
        "Issue.ProgressRecorded",
        "Issue.FeedbackGiven",
        "Issue.FeedbackGiven",
        "Issue.VerificationFailed",
        "Issue.FeedbackGiven",
        "Issue.VerificationPassed",
        "Issue.Closed",
        "Issue.DepartmentRated",
        "Issue.DepartmentRated",
    ]


def test_an_illegal_step_is_a_422_naming_the_state_and_what_is_allowed(client: TestClient, world: World) -> None:
    worker, leader = Desk(client, world, "worker1"), Desk(client, world, "leader1")
    report = {"node": B1, "category": BUILDING_WORK, "description": "违建"}
    issue = worker.post(ISSUES, report, 201)["id"]
    refused = leader.act(issue, "close", 422)
    assert refused["state"] == "reported"
    assert refused["allowed"] == ["accept", "decline", "merge"]
    leader.act(issue, "accept")
    in_grid = leader.act(issue, "handle", 422)
    assert in_grid["allowed"] == ["whistle"]


def test_who_sees_an_issue(client: TestClient, world: World) -> None:
    worker = Desk(client, world, "worker1")
    issue = worker.post(ISSUES, {"node": B1, "category": BUILDING_WORK, "description": "违建"}, 201)["id"]
    other_worker = client.get(f"{ISSUES}/{issue}", headers=world.headers("worker2"))
    assert other_worker.status_code == 403
    assert client.get(f"{ISSUES}/{issue}", headers=world.headers("dept1")).status_code == 403
    Desk(client, world, "leader1").act(issue, "accept")
    Desk(client, world, "leader1").act(issue, "whistle", lead="CG")
    assert client.get(f"{ISSUES}/{issue}", headers=world.headers("dept1")).status_code == 200
    assert client.get(f"{ISSUES}/{issue}", headers=world.headers("dept3")).status_code == 403
    assert client.get(f"{ISSUES}/{issue}", headers=world.headers("auditor")).status_code == 200
    listed = client.get(ISSUES, headers=world.headers("worker2")).json()
    assert listed["total"] == 0
    assert client.get(ISSUES, headers=world.headers("worker1")).json()["total"] == 1


def test_a_possible_duplicate_is_flagged_after_the_report_and_a_leader_merges_it(
    client: TestClient, world: World, clock: ManualClock
) -> None:
    worker, leader = Desk(client, world, "worker1"), Desk(client, world, "leader1")
    first = worker.post(ISSUES, {"node": B1, "category": BUILDING_WORK, "description": "屋顶违建"}, 201)
    clock.advance(timedelta(minutes=1))
    second = worker.post(ISSUES, {"node": B2, "category": BUILDING_WORK, "description": "楼顶加盖"}, 201)
    other = worker.post(ISSUES, {"node": B2, "category": RUBBISH, "description": "垃圾"}, 201)
    assert second["possible_duplicates"] == []  # the report does not wait for the check

    assert flag_reports(world.services.app, world.services.runner) == 1  # the worker's pass
    found = {i["id"]: worker.get(f"{ISSUES}/{i['id']}")["possible_duplicates"] for i in (first, second, other)}
    assert found == {first["id"]: [], second["id"]: [first["id"]], other["id"]: []}
    timeline = worker.get(f"{ISSUES}/{second['id']}/timeline")
    flagged = timeline[-1]
    assert (flagged["kind"], flagged["actor"]) == ("Issue.DuplicatesFlagged", "worker")
    assert flagged["summary_zh"] == f"疑似重复：{first['id']}"
    assert flag_reports(world.services.app, world.services.runner) == 0  # a second pass records nothing

    merged = leader.act(second["id"], "merge", into=first["id"])
    assert (merged["status"], merged["merged_into"]) == ("merged", first["id"])
    kinds = [e["kind"] for e in worker.get(f"{ISSUES}/{first['id']}/timeline")]
    assert kinds == ["Issue.Reported", "Issue.DuplicateAbsorbed"]


def test_a_report_at_a_busy_place_lists_only_the_newest_possible_duplicates(
    client: TestClient, world: World, clock: ManualClock
) -> None:
    worker = Desk(client, world, "worker1")
    earlier = []
    for n in range(12):
        earlier.append(worker.post(ISSUES, {"node": B1, "category": BUILDING_WORK, "description": f"违建 {n}"}, 201))
        clock.advance(timedelta(minutes=1))
    latest = worker.post(ISSUES, {"node": B1, "category": BUILDING_WORK, "description": "又一处违建"}, 201)
    flag_reports(world.services.app, world.services.runner)
    flagged = worker.get(f"{ISSUES}/{latest['id']}")["possible_duplicates"]
    assert flagged == sorted(issue["id"] for issue in earlier[-10:])


def test_worklists_and_rates_roll_up_the_grid(client: TestClient, world: World) -> None:
    worker, leader, cg = Desk(client, world, "worker1"), Desk(client, world, "leader1"), Desk(client, world, "dept1")
    issue = worker.post(ISSUES, {"node": B1, "category": BUILDING_WORK, "description": "违建"}, 201)["id"]
    leader.act(issue, "accept")
    leader.act(issue, "whistle", lead="CG")
    cg.act(issue, "check-in")
    for code in (B1, K1, C1):
        assert [row["id"] for row in leader.get(f"/api/v1/grid/nodes/{code}/worklist")] == [issue]
    assert client.get(f"/api/v1/grid/nodes/{S1}/worklist", headers=world.headers("leader1")).status_code == 403
    assert client.get(f"/api/v1/grid/nodes/{K2}/worklist", headers=world.headers("worker1")).status_code == 403
    admin = Desk(client, world, "admin")
    assert [row["id"] for row in admin.get(f"/api/v1/grid/nodes/{S1}/worklist")] == [issue]
    assert admin.get(f"/api/v1/grid/nodes/{K2}/worklist") == []

    by_street = {r["key"]: r for r in admin.get("/api/v1/rates", by="node")}
    assert by_street[S1]["dispatched"] == 1
    assert by_street[S1]["response_rate"] == 1.0
    by_compound = {r["key"]: r for r in admin.get("/api/v1/rates", by="node", node=C1)}
    assert set(by_compound) == {K1}
    assert cg.get("/api/v1/rates")[0]["key"] == "CG"
    assert client.get("/api/v1/rates", params={"by": "node"}, headers=world.headers("dept1")).status_code == 403
