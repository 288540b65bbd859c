"""Relapse monitoring and household standards over HTTP: the permission table per role, refusals
that name the field, the public notice without personal data, the board and standings as of a date."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from domain.accounts.permissions import Scope
from domain.accounts.roles import Role
from domain.monitoring.permissions import PERMISSIONS
from domain.monitoring.status import CaseCommand, CaseStatus, Step
from domain.shared.clock import ManualClock
from tests.support.households import household, id_number
from tests.support.monitoring import BEFORE_NOTICE, step
from tests.support.world import B1, C1, World

CASES = "/api/v1/monitoring/cases"
# Each account: its roles, and whether its grants reach building B1 (departments: act for their own).
ACCOUNTS: dict[str, tuple[set[Role], bool]] = {
    "admin": ({Role.ADMIN}, True),
    "auditor": ({Role.AUDITOR}, False),
    "office1": ({Role.OFFICE}, True),
    "leader1": ({Role.GRID_LEADER}, True),
    "worker1": ({Role.GRID_WORKER}, True),
    "worker2": ({Role.GRID_WORKER}, False),
    "dept1": ({Role.DEPARTMENT}, True),
}
STATE_BEFORE: dict[Step, tuple[Step, ...]] = {
    Step.HOME_CHECK: (),
    Step.DATA_COMPARISON: BEFORE_NOTICE[:1],
    Step.DEMOCRATIC_REVIEW: BEFORE_NOTICE[:2],
    Step.PUBLIC_NOTICE: BEFORE_NOTICE,
    Step.TOWNSHIP_REVIEW: (*BEFORE_NOTICE, Step.PUBLIC_NOTICE),
    Step.APPROVAL: (*BEFORE_NOTICE, Step.PUBLIC_NOTICE, Step.TOWNSHIP_REVIEW),
}


def expected(command: CaseCommand, username: str) -> bool:
    roles, reaches = ACCOUNTS[username]
    rule = PERMISSIONS[command]
    if not roles & rule.roles:
        return False
    return Role.ADMIN in roles or reaches or rule.scope is Scope.DEPARTMENT


def _case_at(world: World, clock: ManualClock, household_id: UUID, which: Step) -> UUID:
    app = world.services.app
    case = app.open_case(household_id=household_id, category="marginal", source="grid_worker", clue="线索", actor="t")
    for done in STATE_BEFORE[which]:
        step(app, case.id, done)
        if done is Step.DEMOCRATIC_REVIEW:
            clock.advance(timedelta(days=9))  # past the notice's five working days
    return case.id


def test_each_role_may_record_each_step_only_as_the_permission_table_says(
    world: World, client: TestClient, clock: ManualClock
) -> None:
    household_id = household(world.services.app, B1)
    answers: dict[tuple[Step, str], int] = {}
    for which in STATE_BEFORE:
        for username in ACCOUNTS:
            case_id = _case_at(world, clock, household_id, which)
            body: dict[str, Any] = {"step": which, "passed": True, "reason": "办理"}
            if which is Step.APPROVAL:
                body["measures"] = ["产业帮扶"]
            answer = client.post(f"{CASES}/{case_id}/steps", json=body, headers=world.headers(username))
            answers[(which, username)] = answer.status_code
            assert answer.status_code == (200 if expected(CaseCommand(which.value), username) else 403), (
                which,
                username,
                answer.json(),
            )
    assert answers[(Step.APPROVAL, "office1")] == 403 and answers[(Step.DATA_COMPARISON, "dept1")] == 200


def test_a_grid_worker_opens_cases_only_for_households_in_their_grid(world: World, client: TestClient) -> None:
    body = {"household_id": str(household(world.services.app, B1)), "category": "marginal", "source": "grid_worker"}
    body["clue"] = "家中突发变故"
    refused = client.post(CASES, json=body, headers=world.headers("worker2"))
    assert refused.status_code == 403 and refused.json()["errors"][0]["field"] == "node"
    assert client.post(CASES, json=body, headers=world.headers("auditor")).status_code == 403
    opened = client.post(CASES, json=body, headers=world.headers("worker1"))
    assert opened.status_code == 201
    assert opened.json()["status"] == CaseStatus.HOME_CHECK and opened.json()["allowed"][0] == "home_check"


def test_bad_codes_and_an_unknown_household_name_the_field(world: World, client: TestClient) -> None:
    body = {"household_id": str(household(world.services.app, B1)), "category": "poor", "source": "rumour"}
    answer = client.post(CASES, json={**body, "clue": "x"}, headers=world.headers("worker1"))
    assert answer.status_code == 422
    assert {e["field"] for e in answer.json()["errors"]} >= {"category", "source"}
    missing = client.post(
        CASES,
        json={**body, "category": "marginal", "source": "grid_worker", "clue": "x", "household_id": str(UUID(int=1))},
        headers=world.headers("admin"),
    )
    assert missing.status_code == 404 and missing.json()["errors"][0]["field"] == "household_id"


def test_clearance_refused_before_six_months_over_http_names_income_checks(
    world: World, client: TestClient, clock: ManualClock
) -> None:
    app = world.services.app
    case_id = _case_at(world, clock, household(app, B1), Step.APPROVAL)
    step(app, case_id, Step.APPROVAL)
    income = {"checked_on": "2026-03-01", "income_per_person": 8000, "reason": "收入核查"}
    assert client.post(f"{CASES}/{case_id}/income-checks", json=income, headers=world.headers("worker1")).is_success
    refused = client.post(f"{CASES}/{case_id}/clear", json={"reason": "稳定"}, headers=world.headers("office1"))
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "income_checks"
    assert (
        client.post(f"{CASES}/{case_id}/clear", json={"reason": "x"}, headers=world.headers("worker1")).status_code
        == 403
    )


def test_the_public_notice_shows_no_id_number_phone_bank_account_or_health(world: World, client: TestClient) -> None:
    app = world.services.app
    case = app.open_case(
        household_id=household(app, B1, 7),
        category="marginal",
        source="grid_worker",
        clue="户主患重病, 电话13912345678",
        actor="worker1",
    )
    for which in BEFORE_NOTICE:
        app.record_case_step(
            case.id,
            step=which,
            passed=True,
            findings=f"身份证{id_number(7)} 银行卡6222020200112233445",
            department="MZ" if which is Step.DATA_COMPARISON else None,
            actor="t",
            reason="重病住院",
        )
    notice = client.get(f"{CASES}/{case.id}/notice", headers=world.headers("leader1"))
    assert notice.status_code == 200
    assert set(notice.json()) == {"case_id", "category", "place", "posted_on", "runs_until", "text"}
    shown = notice.text
    for secret in ("13912345678", id_number(7), "6222020200112233445", "重病", "患"):
        assert secret not in shown
    assert "边缘易致贫户" in notice.json()["text"]


def test_the_board_shows_a_case_overdue_as_of_the_day_after_its_deadline_and_not_before(
    world: World, client: TestClient, clock: ManualClock
) -> None:
    clock.set(datetime(2026, 3, 6, 2, 0, tzinfo=UTC))  # Friday 10:00 in Beijing
    app = world.services.app
    case = app.open_case(
        household_id=household(app, B1), category="marginal", source="grid_worker", clue="线索", actor="w"
    )
    clock.set(datetime(2026, 3, 13, 2, 0, tzinfo=UTC))
    before, after = "2026-03-12T17:29:00%2B08:00", "2026-03-12T17:31:00%2B08:00"
    rows = client.get(f"{CASES}?as_of={before}", headers=world.headers("leader1")).json()["items"]
    assert [(r["id"], r["overdue"]) for r in rows] == [(str(case.id), False)]
    rows = client.get(f"{CASES}?as_of={after}&overdue=true", headers=world.headers("leader1")).json()["items"]
    assert [r["id"] for r in rows] == [str(case.id)]
    assert client.get(f"{CASES}?node={B1}", headers=world.headers("worker2")).status_code == 403
    assert client.get(f"{CASES}", headers=world.headers("worker2")).json()["total"] == 0
    one = client.get(f"{CASES}/{case.id}?as_of={after}", headers=world.headers("worker1")).json()
    assert one["overdue"] == ["home_check"]


def test_standards_checks_standing_and_node_figures_over_http(world: World, client: TestClient) -> None:
    household_id = household(world.services.app, B1)
    url = f"/api/v1/standards/households/{household_id}"
    check = {
        "item": "income",
        "status": "met",
        "measure": 3800,
        "checked_on": "2026-03-01",
        "kind": "look_back",
        "attachments": ["a" * 64],
        "evidence": "收入台账",
    }
    assert client.post(f"{url}/checks", json=check, headers=world.headers("worker1")).status_code == 201
    assert client.post(f"{url}/checks", json=check, headers=world.headers("worker2")).status_code == 403
    bad = client.post(f"{url}/checks", json={**check, "attachments": ["nothex"]}, headers=world.headers("worker1"))
    assert bad.status_code == 422 and "attachments" in str(bad.json()["errors"][0]["field"])
    future = client.post(f"{url}/checks", json={**check, "checked_on": "2027-01-01"}, headers=world.headers("worker1"))
    assert future.status_code == 422 and future.json()["errors"][0]["field"] == "checked_on"
    standing = client.get(url, headers=world.headers("leader1")).json()
    income = next(i for i in standing["items"] if i["item"] == "income")
    assert (income["judgement"], income["latest"]["kind"]) == ("not_met", "look_back")  # 3,800 < 4,000
    assert client.get(url, headers=world.headers("worker2")).status_code == 403
    early = client.get(f"{url}?as_of=2026-03-02T08:59:00%2B08:00", headers=world.headers("leader1")).json()
    assert early["overall"] == "unchecked"  # a minute before the check was recorded (bitemporal: recorded by then)
    figures = client.get(f"/api/v1/standards/nodes/{C1}", headers=world.headers("office1")).json()
    assert (figures["households"], figures["poverty_incidence"]) == (1, 1.0)


@pytest.mark.parametrize("username", ["auditor", "dept1"])
def test_read_only_and_department_roles_do_not_record_standards(
    world: World, client: TestClient, username: str
) -> None:
    household_id = household(world.services.app, B1)
    check = {"item": "water", "status": "met", "checked_on": "2026-03-01"}
    url = f"/api/v1/standards/households/{household_id}/checks"
    assert client.post(url, json=check, headers=world.headers(username)).status_code == 403
