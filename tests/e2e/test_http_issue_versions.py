"""If-Match on issue commands, and what the console reads back: photos, results, running deadlines.

A caller that names the version it decided on is refused once the issue moved past it, and nothing
is recorded; a caller that names none acts on the current issue as before.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from domain.shared.clock import ManualClock
from tests.support.world import B1, BUILDING_WORK, RUBBISH, World

ISSUES = "/api/v1/issues"
PNG = b"\x89PNG\r\n\x1a\n"  # the store checks the leading bytes only


def photo(client: TestClient, world: World, n: int = 0) -> dict[str, str]:
    """A stored photo, as an attachment: its hash and name."""
    files = {"file": (f"{n}.png", PNG + bytes([n]) * 16, "image/png")}
    answer = client.post("/api/v1/photos", files=files, headers=world.headers("dept1"))
    assert answer.status_code in (200, 201), answer.text
    return {"sha256": answer.json()["sha256"], "name": f"{n}.png"}


def post(client: TestClient, world: World, who: str, path: str, body: dict[str, Any], **headers: str) -> Any:
    return client.post(path, json={"reason": "test", **body}, headers={**world.headers(who), **headers})


def whistled(client: TestClient, world: World, category: str = BUILDING_WORK) -> dict[str, Any]:
    """Reported with a photo, registered, and whistled to CG (lead) and ZJ."""
    body = {"node": B1, "category": category, "description": "楼顶违建", "attachments": [photo(client, world)]}
    issue = post(client, world, "worker1", ISSUES, body).json()
    post(client, world, "leader1", f"{ISSUES}/{issue['id']}/accept", {})
    answer = post(client, world, "leader1", f"{ISSUES}/{issue['id']}/whistle", {"lead": "CG", "co_handlers": ["ZJ"]})
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def events(world: World) -> int:
    return int(world.services.app.recorder.max_notification_id() or 0)


def test_a_stale_if_match_is_refused_naming_it_and_records_nothing(client: TestClient, world: World) -> None:
    issue = whistled(client, world)
    seen = issue["version"]
    post(client, world, "dept2", f"{ISSUES}/{issue['id']}/check-in", {})  # somebody else, after we looked
    before = events(world)

    stale = post(client, world, "dept1", f"{ISSUES}/{issue['id']}/check-in", {}, **{"If-Match": f'"{seen}"'})

    assert stale.status_code == 409, stale.text
    assert stale.json()["errors"][0]["field"] == "If-Match"
    assert events(world) == before
    now = client.get(f"{ISSUES}/{issue['id']}", headers=world.headers("dept1")).json()
    assert {d["department"]: d["status"] for d in now["dispatches"]} == {"CG": "assigned", "ZJ": "checked_in"}


def test_the_current_version_passes_in_strong_or_weak_form(client: TestClient, world: World) -> None:
    issue = whistled(client, world)
    checked = post(
        client, world, "dept1", f"{ISSUES}/{issue['id']}/check-in", {}, **{"If-Match": f'"{issue["version"]}"'}
    )
    assert checked.status_code == 200, checked.text
    weak = f'W/"{checked.json()["version"]}"'
    noted = post(client, world, "dept1", f"{ISSUES}/{issue['id']}/progress", {"note": "已到场"}, **{"If-Match": weak})
    assert noted.status_code == 200, noted.text
    assert noted.json()["version"] == checked.json()["version"] + 1


def test_without_if_match_a_command_acts_on_the_current_issue(client: TestClient, world: World) -> None:
    issue = whistled(client, world)
    post(client, world, "dept2", f"{ISSUES}/{issue['id']}/check-in", {})
    assert post(client, world, "dept1", f"{ISSUES}/{issue['id']}/check-in", {}).status_code == 200


def test_if_match_star_asks_for_no_version_as_http_means_it(client: TestClient, world: World) -> None:
    issue = whistled(client, world)
    post(client, world, "dept2", f"{ISSUES}/{issue['id']}/check-in", {})
    answer = post(client, world, "dept1", f"{ISSUES}/{issue['id']}/check-in", {}, **{"If-Match": "*"})
    assert answer.status_code == 200, answer.text


def test_a_malformed_if_match_is_refused_naming_it(client: TestClient, world: World) -> None:
    issue = whistled(client, world)
    answer = post(client, world, "dept1", f"{ISSUES}/{issue['id']}/check-in", {}, **{"If-Match": '"three"'})
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "If-Match"


def test_a_stale_if_match_on_a_grid_command_is_refused_too(client: TestClient, world: World) -> None:
    body = {"node": B1, "category": RUBBISH, "description": "垃圾堆放"}
    issue = post(client, world, "worker1", ISSUES, body).json()
    stale = {"If-Match": f'"{issue["version"] + 1}"'}
    assert post(client, world, "leader1", f"{ISSUES}/{issue['id']}/accept", {}, **stale).status_code == 409
    fresh = {"If-Match": f'"{issue["version"]}"'}
    assert (
        post(client, world, "leader1", f"{ISSUES}/{issue['id']}/accept", {}, **fresh).json()["status"] == "registered"
    )


def test_the_issue_shows_its_photos_each_result_and_each_running_deadline(
    client: TestClient, world: World, clock: ManualClock
) -> None:
    issue = whistled(client, world)
    issue_id = issue["id"]
    assert issue["attachments"] == [photo(client, world)]
    cg = next(d for d in issue["dispatches"] if d["department"] == "CG")
    assert cg["due"] == issue["deadlines"]["check_in:CG"]
    assert (cg["feedback"], cg["attachments"], cg["extension_until"]) == (None, [], None)

    post(client, world, "dept1", f"{ISSUES}/{issue_id}/check-in", {})
    until = (clock.now() + timedelta(days=30)).isoformat()
    asked = post(client, world, "dept1", f"{ISSUES}/{issue_id}/request-extension", {"until": until}).json()
    cg = next(d for d in asked["dispatches"] if d["department"] == "CG")
    assert cg["due"] == asked["deadlines"]["handle:CG"]
    assert cg["extension_until"] is not None

    photos = [photo(client, world, n) for n in range(4)]
    body = {"result": "已拆除", "attachments": photos}
    fed = post(client, world, "dept1", f"{ISSUES}/{issue_id}/feedback", body).json()
    cg = next(d for d in fed["dispatches"] if d["department"] == "CG")
    assert (cg["feedback"], cg["attachments"], cg["due"], cg["extension_until"]) == ("已拆除", photos, None, None)
    timeline = client.get(f"{ISSUES}/{issue_id}/timeline", headers=world.headers("dept1")).json()
    assert timeline[-1]["data"]["attachments"] == photos


def test_a_result_refers_only_to_stored_photos(client: TestClient, world: World) -> None:
    issue_id = whistled(client, world)["id"]
    post(client, world, "dept1", f"{ISSUES}/{issue_id}/check-in", {})
    never_uploaded = {"sha256": "b" * 64, "name": "x.jpg"}
    body = {"result": "done", "attachments": [never_uploaded]}
    answer = post(client, world, "dept1", f"{ISSUES}/{issue_id}/feedback", body)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "attachments"


def test_a_result_carries_at_most_four_photos(client: TestClient, world: World) -> None:
    issue_id = whistled(client, world)["id"]
    post(client, world, "dept1", f"{ISSUES}/{issue_id}/check-in", {})
    photos = [photo(client, world, n) for n in range(5)]
    answer = post(client, world, "dept1", f"{ISSUES}/{issue_id}/feedback", {"result": "done", "attachments": photos})
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "attachments"


def test_the_grid_feeds_back_its_own_handling_with_photos(client: TestClient, world: World) -> None:
    body = {"node": B1, "category": RUBBISH, "description": "垃圾堆放"}
    issue_id = post(client, world, "worker1", ISSUES, body).json()["id"]
    post(client, world, "leader1", f"{ISSUES}/{issue_id}/accept", {})
    post(client, world, "leader1", f"{ISSUES}/{issue_id}/handle", {})
    answer = post(
        client,
        world,
        "worker1",
        f"{ISSUES}/{issue_id}/grid-feedback",
        {"result": "已清运", "attachments": [photo(client, world)]},
    )
    assert answer.json()["status"] == "awaiting_verification", answer.text
    timeline = client.get(f"{ISSUES}/{issue_id}/timeline", headers=world.headers("worker1")).json()
    assert timeline[-1]["data"]["attachments"] == [photo(client, world)]


def test_an_extension_without_a_utc_offset_is_refused_naming_until(client: TestClient, world: World) -> None:
    issue_id = whistled(client, world)["id"]
    answer = post(client, world, "dept1", f"{ISSUES}/{issue_id}/request-extension", {"until": "2026-04-01T10:00"})
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "until"


def test_every_answer_with_an_issue_carries_its_version_as_the_etag_if_match_sends_back(
    client: TestClient, world: World
) -> None:
    issue = whistled(client, world)
    read = client.get(f"{ISSUES}/{issue['id']}", headers=world.headers("dept1"))
    assert read.headers["ETag"] == f'"{read.json()["version"]}"'
    checked = post(client, world, "dept1", f"{ISSUES}/{issue['id']}/check-in", {}, **{"If-Match": read.headers["ETag"]})
    assert checked.status_code == 200, checked.text
    assert checked.headers["ETag"] == f'"{checked.json()["version"]}"' != read.headers["ETag"]
    stale = post(
        client,
        world,
        "dept1",
        f"{ISSUES}/{issue['id']}/progress",
        {"note": "到场"},
        **{"If-Match": read.headers["ETag"]},
    )
    assert stale.status_code == 409 and "ETag" not in stale.headers
    listed = client.get(ISSUES, headers=world.headers("leader1"))
    assert listed.status_code == 200 and "ETag" not in listed.headers  # a page of issues has no one version
