"""Bad input to the Open311 façade is answered in the spec's error shape, in the format asked for,
with the spec's statuses (400 bad input, 403 key, 404 no such resource), and records nothing."""

from __future__ import annotations

from typing import Any

import pytest
import xmltodict
from fastapi.testclient import TestClient

from tests.support.world import B1, B5, BUILDING_WORK, S1, S2, World

ROOT = "/open311/v2"


def _errors(answer: Any) -> list[dict[str, Any]]:
    """The [{code, description}] of an error answer, from JSON or from <errors><error>… alike."""
    if answer.headers["content-type"].startswith("text/xml"):
        found = xmltodict.parse(answer.text)["errors"]["error"]
        return [
            {"code": int(e["code"]), "description": e["description"]}
            for e in ([found] if isinstance(found, dict) else found)
        ]
    assert answer.headers["content-type"].startswith("application/json")
    return list(answer.json())


def _refused(answer: Any, status: int, *words: str) -> None:
    assert answer.status_code == status, answer.text
    errors = _errors(answer)
    assert errors and all(e["code"] == status for e in errors), errors
    said = " ".join(e["description"] for e in errors)
    assert all(w in said for w in words), (words, said)


@pytest.fixture
def keys(world: World) -> tuple[str, str]:
    """A working key and a revoked one."""
    app = world.services.app
    _, key = app.register_client(name="12345 市民热线", actor="admin", reason="test client")
    old, old_key = app.register_client(name="旧平台", actor="admin", reason="test client")
    app.revoke_client(old.id, actor="admin", reason="replaced by the hotline")
    return key, old_key


def test_bad_posts_are_refused_in_the_specs_shape_and_record_nothing(
    client: TestClient, world: World, keys: tuple[str, str]
) -> None:
    before = world.services.app.recorder.max_notification_id()
    for fmt in ("json", "xml"):
        _refuse_bad_posts(client, keys, f"{ROOT}/requests.{fmt}")
    assert world.services.app.recorder.max_notification_id() == before


def _refuse_bad_posts(client: TestClient, keys: tuple[str, str], url: str) -> None:
    key, revoked = keys
    good = {"jurisdiction_id": S1, "service_code": BUILDING_WORK, "address_id": B1, "description": "违建"}

    _refused(client.post(url, data=good), 403, "api_key is missing")
    _refused(client.post(url, data={**good, "api_key": revoked}), 403, "revoked")
    _refused(client.post(url, data={**good, "api_key": "0" * 32 + ".not-the-secret-at-all"}), 403, "unknown API key")
    _refused(client.post(url, json={**good, "api_key": key}), 403, "form")
    _refused(client.post(url, data={**good, "api_key": key, "service_code": "99.99"}), 400, "service_code", "99.99")
    nowhere = {k: v for k, v in good.items() if k != "address_id"}
    _refused(client.post(url, data={**nowhere, "api_key": key}), 400, "a location is required")
    _refused(client.post(url, data={**nowhere, "api_key": key, "lat": "39.9"}), 400, "lat and long together")
    _refused(client.post(url, data={**good, "api_key": key, "description": "长" * 4001}), 400, "description", "4000")
    _refused(client.post(url, data={**good, "api_key": key, "jurisdiction_id": ""}), 400, "jurisdiction_id", S2)
    _refused(client.post(url, data={**good, "api_key": key, "jurisdiction_id": "999"}), 404, "jurisdiction_id")
    _refused(
        client.post(url, data={**good, "api_key": key, "address_id": B5}), 400, "address_id", "not in jurisdiction"
    )
    _refused(client.post(url, data={**good, "api_key": key, "attribute[urgency]": "asap"}), 400, "attribute[urgency]")
    _refused(client.post(url, data={**good, "api_key": key, "attribute[floor]": "3"}), 400, "attribute[floor]")
    _refused(client.post(url, data={**good, "api_key": key, "lat": "nan", "long": "1e999"}), 400, "lat/long")
    _refused(client.post(url, data={**good, "api_key": key, "coordinate_system": "bd09"}), 400, "coordinate_system")
    _refused(client.post(url, data={**good, "api_key": key, "phone": "call me"}), 400, "phone")
    _refused(client.post(url, data={**good, "api_key": key}, headers={"X-Client-Request-Id": "x" * 201}), 400)
    _refused(client.post(f"{ROOT}/requests.csv", data={**good, "api_key": key}), 404, "json")


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)  # nothing here depends on the store
def test_bad_reads_are_refused_in_the_specs_shape_and_never_fail(client: TestClient) -> None:
    for fmt in ("json", "xml"):
        _refuse_bad_reads(client, fmt)


def _refuse_bad_reads(client: TestClient, fmt: str) -> None:
    lists = f"{ROOT}/requests.{fmt}"
    _refused(client.get(lists), 400, "jurisdiction_id was not provided")
    _refused(client.get(lists, params={"jurisdiction_id": "x" * 41}), 400, "jurisdiction_id")
    window = {"jurisdiction_id": S1, "start_date": "2026-01-01T00:00:00Z", "end_date": "2026-04-02T00:00:00+08:00"}
    _refused(client.get(lists, params=window), 400, "90 days")
    for odd in ("yesterday", "2026-02-30", "2026-03-01T00:00:00", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59-12:00"):
        _refused(client.get(lists, params={"jurisdiction_id": S1, "start_date": odd}), 400, "start_date")
    _refused(
        client.get(lists, params={"jurisdiction_id": S1, "end_date": "2026-03-01", "start_date": "2026-03-02"}),
        400,
        "before",
    )
    _refused(client.get(lists, params={"jurisdiction_id": S1, "status": "pending"}), 400, "open, closed")
    _refused(client.get(lists, params={"jurisdiction_id": S1, "service_code": "99.99"}), 400, "99.99")
    for huge in ("9" * 30, "-1", "0", "1.5"):
        _refused(client.get(lists, params={"jurisdiction_id": S1, "page": huge}), 400, "page")
        _refused(client.get(lists, params={"jurisdiction_id": S1, "page_size": huge}), 400, "page_size")
    _refused(client.get(lists, params={"jurisdiction_id": S1, "page_size": 1001}), 400, "page_size")
    _refused(client.get(f"{ROOT}/requests/{'9' * 40}.{fmt}", params={"jurisdiction_id": S1}), 404, "no service request")
    _refused(
        client.get(f"{ROOT}/tokens/00000000-0000-0000-0000-000000000000.{fmt}", params={"jurisdiction_id": S1}), 404
    )
    _refused(client.get(f"{ROOT}/services/99.99.{fmt}", params={"jurisdiction_id": S1}), 404, "no service")
    _refused(client.get(f"{ROOT}/services.{fmt}", params={"jurisdiction_id": "999"}), 404, "jurisdiction_id")
    _refused(client.get(f"{ROOT}/nothing.{fmt}"), 404, "no such resource")
    _refused(client.delete(f"{ROOT}/services.{fmt}"), 405)
    _refused(client.get(f"{ROOT}/services.csv", params={"jurisdiction_id": S1}), 404, ".json and .xml")


def test_a_retried_request_id_answers_the_first_request_and_records_nothing(
    client: TestClient, world: World, keys: tuple[str, str]
) -> None:
    key, _ = keys
    form = {
        "api_key": key,
        "jurisdiction_id": S1,
        "service_code": BUILDING_WORK,
        "address_id": B1,
        "description": "违建",
    }
    retry = {"X-Client-Request-Id": "hotline-42"}
    first = client.post(f"{ROOT}/requests.json", data=form, headers=retry)
    assert first.status_code == 201, first.text
    position = world.services.app.recorder.max_notification_id()
    again = client.post(f"{ROOT}/requests.xml", data=form, headers=retry)
    assert again.status_code == 200, again.text
    request_id = first.json()[0]["service_request_id"]
    assert xmltodict.parse(again.text)["service_requests"]["request"]["service_request_id"] == request_id
    _refused(
        client.post(f"{ROOT}/requests.json", data={**form, "description": "另一件事"}, headers=retry), 409, "retry"
    )
    assert world.services.app.recorder.max_notification_id() == position
    other = client.post(f"{ROOT}/requests.json", data=form, headers={"X-Client-Request-Id": "hotline-43"})
    assert other.json()[0]["service_request_id"] != request_id
    # a report made in the grid is not a public request
    grid = client.post(
        "/api/v1/issues",
        json={"node": B1, "category": BUILDING_WORK, "description": "违建"},
        headers=world.headers("worker1"),
    )
    _refused(client.get(f"{ROOT}/requests/{grid.json()['id']}.json", params={"jurisdiction_id": S1}), 404)
    listed = client.get(
        f"{ROOT}/requests.json",
        params={"jurisdiction_id": S1, "service_request_id": f"{request_id},{grid.json()['id']},junk"},
    )
    assert [r["service_request_id"] for r in listed.json()] == [request_id]
