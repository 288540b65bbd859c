"""Every error body says what to fix, and stays small whatever the request was."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from domain.shared.clock import ManualClock
from tests.support.sheets import csv_bytes
from tests.support.world import K1, PASSWORD, World

API = "/api/v1/grid/nodes"
TOKEN = "/api/v1/auth/token"
SEND_A_FORM = "send username and password as an application/x-www-form-urlencoded form"
pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


def test_malformed_json_names_the_body_and_the_line_and_column_where_it_breaks(
    client: TestClient, world: World
) -> None:
    headers = {**world.headers("admin"), "Content-Type": "application/json"}
    answer = client.post(API, content=b'{"code": "300001",\n "name": x}', headers=headers)
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["errors"] == [
        {"field": "body", "reason": "the body is not valid JSON: Expecting value at line 2 column 10"}
    ]


def test_json_sent_to_the_token_form_is_told_to_send_a_form(client: TestClient) -> None:
    answer = client.post(TOKEN, json={"username": "worker1", "password": PASSWORD})
    assert answer.status_code == 422
    assert answer.json()["errors"] == [{"field": "body", "reason": SEND_A_FORM}]
    assert SEND_A_FORM in answer.json()["detail"]


def test_a_token_form_without_a_content_type_is_told_to_send_a_form(client: TestClient) -> None:
    answer = client.post(TOKEN, content=f"username=worker1&password={PASSWORD}".encode())
    assert answer.status_code == 422
    assert answer.json()["errors"] == [{"field": "body", "reason": SEND_A_FORM}]


def test_a_form_missing_only_the_password_still_names_the_field(client: TestClient) -> None:
    answer = client.post(TOKEN, data={"username": "worker1"})
    assert answer.status_code == 422
    assert answer.json()["errors"] == [{"field": "password", "reason": "Field required"}]


def test_an_unencoded_plus_in_as_of_is_told_to_encode_it(client: TestClient, world: World) -> None:
    answer = client.get(f"{API}/{K1}?as_of=2026-03-01T10:05:00+08:00", headers=world.headers("admin"))
    assert answer.status_code == 422
    [error] = answer.json()["errors"]
    assert error["field"] == "as_of"
    assert "encode + as %2B" in error["reason"]
    assert "2026-03-01T10:05:00%2B08:00" in error["reason"]


def test_an_expired_token_says_where_to_sign_in_again(client: TestClient, world: World, clock: ManualClock) -> None:
    expired = world.headers("admin")
    clock.advance(timedelta(days=2))
    for headers in (expired, {"Authorization": "Bearer forged.token.value"}, {}):
        answer = client.get(API, headers=headers)
        assert answer.status_code == 401
        assert answer.headers["WWW-Authenticate"] == "Bearer"
        assert "sign in" in answer.json()["detail"]
        assert "at POST /api/v1/auth/token" in answer.json()["detail"]
    assert "sign in again" in client.get(API, headers=expired).json()["detail"]


def test_a_body_with_hundreds_of_bad_items_gets_a_short_answer(client: TestClient, world: World) -> None:
    body = {"code": "JT", "name": "交通", "categories": list(range(500)), "reason": "r"}
    answer = client.post("/api/v1/departments", json=body, headers=world.headers("admin"))
    assert answer.status_code == 422
    problem = answer.json()
    assert len(problem["errors"]) == 20
    assert problem["more_errors"] == 480
    assert problem["errors"][0]["field"] == "categories.0"
    assert "480 more" in problem["detail"]
    assert len(answer.content) < 5_000


def test_a_sheet_with_thousands_of_bad_lines_gets_a_short_answer(client: TestClient, world: World) -> None:
    rows = [f"300001,北新桥街道,300001001,民安社区,300001001001,民安小区,bad code {n},{n}号楼" for n in range(5000)]
    answer = client.post(
        "/api/v1/grid/import",
        files={"file": ("grid.csv", csv_bytes(*rows))},
        data={"reason": "import"},
        headers=world.headers("admin"),
    )
    assert answer.status_code == 422
    problem = answer.json()
    assert len(problem["errors"]) == 20
    assert problem["more_errors"] == 5000 - 20
    assert problem["errors"][0]["line"] == 2
    assert len(answer.content) < 10_000


def test_a_long_header_gets_a_short_answer(client: TestClient, world: World) -> None:
    headers = {**world.headers("admin"), "If-Match": "x" * 20_000}
    answer = client.post(f"{API}/{K1}/rename", json={"name": "新名", "reason": "r"}, headers=headers)
    assert answer.status_code == 422
    problem = answer.json()
    assert problem["errors"][0]["field"] == "If-Match"
    assert len(problem["errors"][0]["reason"]) <= 300
    assert len(problem["detail"]) <= 1000
    assert len(answer.content) < 3_000


def test_a_body_over_one_mebibyte_is_refused_with_413_before_it_is_read(client: TestClient, world: World) -> None:
    before = world.services.app.recorder.max_notification_id()
    body = json.dumps({"code": "300001", "name": "x" * (1 << 20), "reason": "r"}).encode()
    answer = client.post(API, content=body, headers={**world.headers("admin"), "Content-Type": "application/json"})
    assert answer.status_code == 413
    assert answer.headers["content-type"] == "application/problem+json"
    assert "1 MiB" in answer.json()["detail"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit counts what arrives
        yield b'{"code": "300001", "reason": "r", "name": "'
        for _ in range(20):
            yield b"x" * 65536
        yield b'"}'

    streamed = client.post(
        API, content=chunks(), headers={**world.headers("admin"), "Content-Type": "application/json"}
    )
    assert streamed.status_code == 413
    assert streamed.json()["status"] == 413
    assert world.services.app.recorder.max_notification_id() == before
