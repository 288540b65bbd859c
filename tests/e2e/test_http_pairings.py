"""Assistance pairings over HTTP: the cadence as of a date, the cap, the approved end, a change of helper."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

from fastapi.testclient import TestClient

from domain.shared.clock import ManualClock
from tests.support.pairings import helper, home, resident
from tests.support.world import B1, B3, C1, K1, World

PAIRINGS = "/api/v1/pairings"


class Desk:
    """Calls the API as one user, with a fresh token (the test's clock runs for weeks)."""

    def __init__(self, client: TestClient, world: World, username: str) -> None:
        self.client, self.world, self.username = client, world, username

    def post(self, path: str, body: dict[str, Any], status: int = 200) -> dict[str, Any]:
        answer = self.client.post(path, json=body, headers=self.world.headers(self.username))
        assert answer.status_code == status, answer.text
        return dict(answer.json())

    def get(self, path: str, expect: int = 200, **params: Any) -> Any:
        answer = self.client.get(path, params=params, headers=self.world.headers(self.username))
        assert answer.status_code == expect, answer.text
        return answer.json()


def _pair(desk: Desk, subject: UUID, helper_name: str = "cadre1", status: int = 201, **extra: Any) -> dict[str, Any]:
    body = {"kind": "assistance", "subject_kind": "household", "subject_id": str(subject), "helper": helper_name}
    return desk.post(PAIRINGS, {**body, "reason": "结对帮扶", **extra}, status)


def _contact(standing: dict[str, Any]) -> dict[str, Any]:
    return next(o for o in standing["obligations"] if o["kind"] == "contact")


def test_a_weekly_contact_missed_shows_overdue_on_the_right_day_as_of_that_date(
    client: TestClient, world: World, clock: ManualClock
) -> None:
    app = world.services.app
    helper(app, "cadre1")
    leader, cadre = Desk(client, world, "leader1"), Desk(client, world, "cadre1")
    pairing = _pair(leader, home(app, B1, 1))["id"]  # Monday 2 March 2026, 09:00 in Beijing
    clock.advance(timedelta(days=1))
    cadre.post(f"{PAIRINGS}/{pairing}/contacts", {"kind": "contact", "on": "2026-03-03", "note": "电话问候"})
    clock.advance(timedelta(days=17))  # Friday 20 March: week 2 (9–15 March) had no contact

    def compliance(as_of: str) -> dict[str, Any]:
        answer = leader.get(f"{PAIRINGS}/compliance", as_of=as_of, node=C1)
        (row,) = answer["pairings"]
        return {"on": answer["on"], **_contact(row), "pairing": row["standing"], "total": answer["total"]}

    assert compliance("2026-03-12T10:00:00+08:00")["standing"] == "on_track"
    assert compliance("2026-03-13T10:00:00+08:00")["standing"] == "due_soon"
    last_day = compliance("2026-03-15T23:59:00+08:00")
    assert (last_day["on"], last_day["standing"], last_day["due"]) == ("2026-03-15", "due_soon", "2026-03-15")
    missed = compliance("2026-03-15T16:00:00Z")  # midnight in Beijing: Monday 16 March
    assert (missed["on"], missed["standing"], missed["due"], missed["days_late"]) == (
        "2026-03-16",
        "overdue",
        "2026-03-15",
        1,
    )
    assert missed["pairing"] == "overdue"
    assert (missed["total"]["overdue"], missed["total"]["met_periods"], missed["total"]["closed_periods"]) == (1, 1, 2)
    assert missed["total"]["rate"] == 0.5
    now = leader.get(f"{PAIRINGS}/{pairing}")
    assert (now["as_of"], _contact(now)["days_late"]) == ("2026-03-20", 5)
    then = leader.get(f"{PAIRINGS}/{pairing}", as_of="2026-03-16T09:00:00+08:00")
    assert (_contact(then)["standing"], _contact(then)["days_late"]) == ("overdue", 1)

    # A visit on 16 March, recorded only on the 20th, counts from the day it happened.
    cadre.post(f"{PAIRINGS}/{pairing}/contacts", {"kind": "visit_talk", "on": "2026-03-16", "note": "入户走访"})
    assert compliance("2026-03-16T18:00:00+08:00")["standing"] == "met"
    assert compliance("2026-03-15T18:00:00+08:00")["standing"] == "due_soon"
    assert compliance("2026-03-17T18:00:00+08:00")["total"]["rate"] == 0.5  # the missed week stays missed


def test_a_sixth_household_for_one_helper_is_refused_with_409_naming_the_helper(
    client: TestClient, world: World
) -> None:
    app = world.services.app
    helper(app, "cadre1")
    office = Desk(client, world, "office1")
    for serial in range(5):
        _pair(office, home(app, B1, serial))
    refused = _pair(office, home(app, B1, 6), status=409)
    assert refused["errors"] == [{"field": "helper", "reason": refused["detail"]}]
    assert "5 households" in refused["detail"]
    assert office.get(PAIRINGS, helper="cadre1")["total"] == 5


def test_a_pairing_ends_only_on_a_request_approved_by_the_grid(client: TestClient, world: World) -> None:
    app = world.services.app
    helper(app, "cadre1")
    leader, cadre, worker = (Desk(client, world, u) for u in ("leader1", "cadre1", "worker1"))
    pairing = _pair(leader, home(app, B1, 1))["id"]
    refused = leader.post(f"{PAIRINGS}/{pairing}/approve-end", {"reason": "没有申请"}, 422)
    assert refused["state"] == "active"
    cadre.post(f"{PAIRINGS}/{pairing}/request-end", {"reason": ""}, 422)  # a reason is required
    asked = cadre.post(f"{PAIRINGS}/{pairing}/request-end", {"reason": "已稳定脱贫, 达到帮扶目标"})
    assert (asked["status"], asked["end_requested_by"]) == ("end_requested", "cadre1")
    cadre.post(f"{PAIRINGS}/{pairing}/approve-end", {"reason": "自己批准"}, 403)
    worker.post(f"{PAIRINGS}/{pairing}/approve-end", {"reason": "网格员批准"}, 403)
    ended = leader.post(f"{PAIRINGS}/{pairing}/approve-end", {"reason": "核实同意脱钩"})
    assert (ended["status"], ended["ended_on"], ended["standing"]) == ("ended", "2026-03-02", "ended")
    cadre.post(f"{PAIRINGS}/{pairing}/contacts", {"kind": "contact", "on": "2026-03-02"}, 422)


def test_the_four_eyes_rule_holds_for_the_office_too(client: TestClient, world: World) -> None:
    app = world.services.app
    helper(app, "cadre1")
    office = Desk(client, world, "office1")
    pairing = _pair(office, home(app, B1, 1))["id"]
    office.post(f"{PAIRINGS}/{pairing}/request-end", {"reason": "目标达成"})
    refused = office.post(f"{PAIRINGS}/{pairing}/approve-end", {"reason": "同意"}, 403)
    assert refused["errors"][0]["field"] == "actor"
    Desk(client, world, "leader1").post(f"{PAIRINGS}/{pairing}/decline-end", {"reason": "未达目标, 不脱钩"})
    assert Desk(client, world, "cadre1").get(f"{PAIRINGS}/{pairing}")["status"] == "active"


def test_a_change_of_helper_keeps_the_old_helper_in_history(
    client: TestClient, world: World, clock: ManualClock
) -> None:
    app = world.services.app
    helper(app, "cadre1")
    helper(app, "cadre2")
    leader = Desk(client, world, "leader1")
    pairing = _pair(leader, home(app, B1, 1))["id"]
    clock.advance(timedelta(days=9))
    changed = leader.post(f"{PAIRINGS}/{pairing}/change-helper", {"helper": "cadre2", "reason": "cadre1 调离"})
    assert changed["helpers"] == [
        {"helper": "cadre1", "from_on": "2026-03-02"},
        {"helper": "cadre2", "from_on": "2026-03-11"},
    ]
    before = leader.get(f"{PAIRINGS}/{pairing}", as_of="2026-03-05T09:00:00+08:00")
    assert (before["helper"], len(before["helpers"])) == ("cadre1", 1)
    by_helper = leader.get(f"{PAIRINGS}/compliance", as_of="2026-03-05T09:00:00+08:00")["by_helper"]
    assert [t["key"] for t in by_helper] == ["cadre1"]
    assert [t["key"] for t in leader.get(f"{PAIRINGS}/compliance")["by_helper"]] == ["cadre2"]
    Desk(client, world, "cadre1").post(f"{PAIRINGS}/{pairing}/contacts", {"kind": "contact", "on": "2026-03-11"}, 403)
    Desk(client, world, "cadre2").post(f"{PAIRINGS}/{pairing}/contacts", {"kind": "contact", "on": "2026-03-11"})
    leader.post(f"{PAIRINGS}/{pairing}/change-helper", {"helper": "cadre2", "reason": "again"}, 422)
    kinds = [type(e).__name__ for e in app.events.get(UUID(pairing))]
    assert kinds == ["Paired", "HelperChanged", "ContactLogged"]


def test_lists_are_scoped_filtered_and_paged(client: TestClient, world: World) -> None:
    app = world.services.app
    helper(app, "cadre1")
    office = Desk(client, world, "office1")
    mine = [_pair(office, home(app, B1, n))["id"] for n in range(3)]
    other = _pair(office, home(app, B3, 9))["id"]
    guided = office.post(
        PAIRINGS,
        {"kind": "guidance", "subject_kind": "person", "subject_id": str(resident(app, B1, 20)), "helper": "cadre1"},
        201,
    )["id"]
    page = office.get(PAIRINGS, node=K1, limit=2, offset=0)
    assert (page["total"], len(page["items"])) == (4, 2)
    assert office.get(PAIRINGS, kind="guidance")["items"][0]["id"] == guided
    worker2 = Desk(client, world, "worker2")  # compound K2: only the pairing at B3
    assert [i["id"] for i in worker2.get(PAIRINGS)["items"]] == [other]
    worker2.get(PAIRINGS, 403, node=K1)
    worker2.get(f"{PAIRINGS}/{mine[0]}", 403)
    assert Desk(client, world, "cadre1").get(PAIRINGS)["total"] == 5  # a helper sees their own
    assert Desk(client, world, "dept1").get(PAIRINGS)["total"] == 0
    office.get(PAIRINGS, 422, status="paused")
    office.get(PAIRINGS, 422, limit=5000)


def test_coverage_is_the_share_of_subjects_with_a_running_pairing(client: TestClient, world: World) -> None:
    app = world.services.app
    helper(app, "cadre1")
    leader, cadre = Desk(client, world, "leader1"), Desk(client, world, "cadre1")
    first, second = (_pair(leader, home(app, B1, n))["id"] for n in (1, 2))
    cadre.post(f"{PAIRINGS}/{second}/request-end", {"reason": "已转化"})
    leader.post(f"{PAIRINGS}/{second}/approve-end", {"reason": "同意"})
    covered = leader.get(f"{PAIRINGS}/coverage", node=C1)
    households = next(i for i in covered["items"] if i["subject_kind"] == "household")
    assert (households["known"], households["covered"], households["rate"]) == (2, 1, 0.5)
    assert len(households["uncovered"]) == 1
    assert first


def test_inputs_are_bounded_and_each_refusal_names_the_field(client: TestClient, world: World) -> None:
    app = world.services.app
    helper(app, "cadre1")
    leader = Desk(client, world, "leader1")
    subject = home(app, B1, 1)
    for extra, field in (
        ({"kind": "charity"}, "kind"),
        ({"subject_kind": "village"}, "subject_kind"),
        ({"helper": "x" * 41}, "helper"),
        ({"goal": "很" * 501}, "goal"),
        ({"starts_on": "2026-03-09"}, "starts_on"),
        ({"helper": "nobody"}, "helper"),
    ):
        answer = client.post(
            PAIRINGS,
            json={"kind": "assistance", "subject_kind": "household", "subject_id": str(subject), "helper": "cadre1",
                  "reason": "r", **extra},
            headers=world.headers("leader1"),
        )  # fmt: skip
        assert answer.status_code in (404, 422), (extra, answer.text)
        assert answer.json()["errors"][0]["field"] == field, (extra, answer.text)
    pairing = _pair(leader, subject)["id"]
    for extra, field in (
        ({"evidence": ["not-a-hash"]}, "evidence.0"),
        ({"evidence": ["a" * 64] * 9}, "evidence"),
        ({"note": "字" * 2001}, "note"),
        ({"kind": "phone"}, "kind"),
        ({"on": "2026-03-03"}, "on"),
    ):
        body = {"kind": "contact", "on": "2026-03-02", **extra}
        answer = client.post(f"{PAIRINGS}/{pairing}/contacts", json=body, headers=world.headers("leader1"))
        assert answer.status_code == 422, (extra, answer.text)
        assert answer.json()["errors"][0]["field"] == field, (extra, answer.text)
    future = leader.get(f"{PAIRINGS}/compliance", 422, as_of="2027-01-01T00:00:00Z")
    assert future["errors"][0]["field"] == "as_of"
    assert leader.get(f"{PAIRINGS}/{UUID(int=1)}", 404)["errors"][0]["field"] == "id"


def test_the_openapi_lists_every_pairing_code(client: TestClient, world: World) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    assert set(schemas["PairingKind"]["enum"]) == {"assistance", "guidance", "pairing"}
    assert set(schemas["ContactKind"]["enum"]) == {"contact", "visit_talk", "joint_activity"}
    assert set(schemas["Standing"]["enum"]) == {"met", "on_track", "due_soon", "overdue"}


def test_every_registered_poor_household_is_counted_against_the_register(client: TestClient, world: World) -> None:
    app = world.services.app
    leader = Desk(client, world, "leader1")
    poor = [home(app, B1, 700 + n) for n in range(3)]
    for household in poor:
        head = UUID(app.household(household).head)
        app.tag_person(head, tag="poverty_registered", on=app.today(), actor="worker1", reason="脱贫户")
    home(app, B1, 710)  # not poor: not counted
    helper(app, "cadre1")
    _pair(leader, poor[0])
    _pair(leader, poor[1], kind="pairing")  # 结对 is not 帮扶: still uncovered
    found = leader.get("/api/v1/pairings/coverage/register")
    assert (found["needing"], found["covered"], found["rate"]) == (3, 1, 0.3333)
    assert sorted(found["uncovered"]) == sorted(str(h) for h in poor[1:])
    assert Desk(client, world, "worker2").get("/api/v1/pairings/coverage/register")["needing"] == 0
