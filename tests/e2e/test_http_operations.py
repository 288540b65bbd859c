"""Running it for real: metrics, request logs, readiness, sign-in throttling, sign-out, passwords, headers."""

from __future__ import annotations

import json
import logging
import re
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from domain.accounts.sign_in import MAX_FAILURES, WINDOW
from domain.shared.clock import ManualClock
from tests.support.world import B1, PASSWORD, RUBBISH, World

TOKEN = "/api/v1/auth/token"


def _samples(text: str, name: str) -> dict[tuple[tuple[str, str], ...], float]:
    return {
        tuple(sorted(s.labels.items())): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
        if s.name == name
    }


def _report(client: TestClient, world: World, text: str = "楼道堆物") -> None:
    body = {"node": B1, "category": RUBBISH, "description": text}
    assert client.post("/api/v1/issues", json=body, headers=world.headers("worker1")).status_code == 201


def test_metrics_parse_and_move_when_a_report_is_made(client: TestClient, world: World) -> None:
    assert client.get("/metrics", headers=world.headers("worker1")).status_code == 403
    before = client.get("/metrics", headers=world.headers("admin"))
    assert before.status_code == 200
    key = (("command", "POST /api/v1/issues"), ("outcome", "ok"))
    assert _samples(before.text, "gridgov_commands_total").get(key, 0) == 0
    _report(client, world)
    after = client.get("/metrics", headers=world.headers("admin")).text
    assert _samples(after, "gridgov_commands_total")[key] == 1
    requests = _samples(after, "gridgov_http_requests_total")
    assert requests[(("method", "POST"), ("route", "/api/v1/issues"), ("status", "201"))] == 1
    assert _samples(after, "gridgov_event_store_events")[()] > 0
    lag = _samples(after, "gridgov_projection_lag_events")
    assert {labels[0][1] for labels in lag} >= {"issues", "audit_trail"}


def test_a_request_log_line_carries_its_request_id_and_no_field_of_a_person(
    client: TestClient, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    name, phone, number = "欧阳秀兰", "13912340001", "11010119560307123X"
    body = {
        "name": name,
        "id_number": number,
        "gender": "female",
        "phone": phone,
        "building": B1,
        "since": "2020-05-01",
    }
    with caplog.at_level(logging.INFO, logger="gridgov.http"):
        answer = client.post("/api/v1/people", json=body, headers=world.headers("worker1"))
    lines = [r for r in caplog.records if r.name == "gridgov.http"]
    assert len(lines) == 1
    line = lines[0]
    assert line.request_id == answer.headers["x-request-id"]  # type: ignore[attr-defined]
    assert (line.account, line.route, line.status) == ("worker1", "/api/v1/people", answer.status_code)  # type: ignore[attr-defined]
    written = " ".join(str(v) for v in vars(line).values())
    for secret in (name, phone, number):
        assert secret not in written


def test_a_proxys_request_id_is_kept_and_a_strange_one_replaced(client: TestClient) -> None:
    assert client.get("/healthz", headers={"X-Request-ID": "abc123-proxy"}).headers["x-request-id"] == "abc123-proxy"
    odd = client.get("/healthz", headers={"X-Request-ID": "<script>"}).headers["x-request-id"]
    assert odd != "<script>" and len(odd) == 32


def test_readyz_is_503_while_read_models_are_held_back_and_200_after_catch_up(client: TestClient, world: World) -> None:
    services = world.services
    services.settings.ready_max_lag = 2
    assert client.get("/readyz").status_code == 200
    for n in range(4):
        services.app.report_issue(node=B1, category=RUBBISH, description=f"积水 {n}", actor="worker1")
    held = client.get("/readyz")
    assert held.status_code == 503
    assert "read model audit_trail is more than 2 events behind" in held.json()["problems"]
    services.catch_up()
    assert client.get("/readyz").json() == {"ready": True, "log_position": held.json()["log_position"], "problems": []}


def test_the_sixth_wrong_password_in_a_minute_is_429_and_the_right_one_waits_for_the_window(
    client: TestClient, world: World, clock: ManualClock
) -> None:
    wrong = {"username": "worker1", "password": "not-the-password"}
    for _ in range(MAX_FAILURES):
        assert client.post(TOKEN, data=wrong).status_code == 401
    locked = client.post(TOKEN, data={"username": "worker1", "password": PASSWORD})
    assert locked.status_code == 429
    assert 0 < int(locked.headers["Retry-After"]) <= WINDOW.total_seconds()
    clock.advance(WINDOW - timedelta(seconds=1))
    assert client.post(TOKEN, data={"username": "worker1", "password": PASSWORD}).status_code == 429
    clock.advance(timedelta(seconds=2))
    assert client.post(TOKEN, data={"username": "worker1", "password": PASSWORD}).status_code == 200
    world.services.catch_up()
    trail = client.get(
        "/api/v1/audit/events", params={"kind": "Account.LockedOut"}, headers=world.headers("auditor")
    ).json()
    assert [e["actor"] for e in trail["items"]] == ["worker1"]
    failures = client.get(
        "/api/v1/audit/events", params={"kind": "Account.SignInFailed"}, headers=world.headers("auditor")
    ).json()
    assert len(failures["items"]) == MAX_FAILURES
    assert "127.0.0.1" not in str(failures) and "testclient" not in str(failures)


def test_one_address_guessing_many_accounts_is_throttled_too(client: TestClient, world: World) -> None:
    for n in range(20):
        assert client.post(TOKEN, data={"username": f"nobody{n}", "password": "guess-guess"}).status_code == 401
    assert client.post(TOKEN, data={"username": "worker2", "password": PASSWORD}).status_code == 429


def test_signing_out_revokes_the_token(client: TestClient, world: World, clock: ManualClock) -> None:
    token = client.post(TOKEN, data={"username": "worker1", "password": PASSWORD}).json()["access_token"]
    mine = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/auth/me", headers=mine).status_code == 200
    assert client.post("/api/v1/auth/sign-out", headers=mine).status_code == 204
    assert client.get("/api/v1/auth/me", headers=mine).status_code == 401
    clock.advance(timedelta(seconds=1))
    again = client.post(TOKEN, data={"username": "worker1", "password": PASSWORD}).json()["access_token"]
    assert client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {again}"}).status_code == 200


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short-pw", "at least 10"),
        ("1234567890", "too easy"),
        ("xx-newbie-xx", "username"),
        ("aaaabbbbaaaa", "too easy"),
    ],
)
def test_a_weak_password_is_refused_naming_the_rule(
    client: TestClient, world: World, password: str, reason: str
) -> None:
    body = {"username": "newbie", "display_name": "新人", "password": password, "reason": "hire"}
    answer = client.post("/api/v1/users", json=body, headers=world.headers("admin"))
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "password"
    assert reason in answer.text


def test_every_answer_carries_the_security_headers(client: TestClient, world: World) -> None:
    for path in ("/healthz", "/login", "/api/v1/auth/me", "/docs"):
        headers = client.get(path, headers=world.headers("worker1")).headers
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert "script-src 'self';" in client.get("/login").headers["content-security-policy"]


def test_an_oversized_field_is_422_naming_it_and_nothing_is_stored(client: TestClient, world: World) -> None:
    before = world.services.app.recorder.max_notification_id()
    body = {"node": B1, "category": RUBBISH, "description": "积水", "reason": "r" * 600_000}
    answer = client.post("/api/v1/issues", json=body, headers=world.headers("worker1"))
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "reason"
    assert world.services.app.recorder.max_notification_id() == before


def _unbounded(schema: dict[str, object], components: dict[str, dict[str, object]], where: str) -> list[str]:
    """Every string without a length, enum, pattern or format, and every list without a size, under `schema`."""
    if "$ref" in schema:
        name = str(schema["$ref"]).rsplit("/", 1)[1]
        return _unbounded(components[name], components, f"{where}→{name}")
    found: list[str] = []
    for key in ("anyOf", "oneOf", "allOf"):
        for part in schema.get(key, []):  # type: ignore[attr-defined]
            found += _unbounded(part, components, where)
    kind = schema.get("type")
    bounded = ("maxLength", "enum", "const", "pattern", "format", "contentMediaType")  # files: the body limit
    if kind == "string" and not any(k in schema for k in bounded):
        found.append(where)
    if kind == "array":
        if "maxItems" not in schema:
            found.append(f"{where}[]")
        found += _unbounded(schema.get("items", {}), components, f"{where}[]")  # type: ignore[arg-type]
    for name, sub in schema.get("properties", {}).items():  # type: ignore[attr-defined]
        found += _unbounded(sub, components, f"{where}.{name}")
    return found


def test_every_field_a_client_sends_is_bounded(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    components = spec["components"]["schemas"]
    found: list[str] = []
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path":
                    continue  # the URL limit bounds them all (test below)
                found += _unbounded(parameter["schema"], components, f"{method} {path} ?{parameter['name']}")
            for media in operation.get("requestBody", {}).get("content", {}).values():
                found += _unbounded(media["schema"], components, f"{method} {path}")
    assert not found, "unbounded inputs:\n" + "\n".join(sorted(set(found)))


def test_a_url_over_the_limit_is_414(client: TestClient, world: World) -> None:
    answer = client.get("/api/v1/grid/nodes/" + "1" * 5000, headers=world.headers("admin"))
    assert answer.status_code == 414
    assert answer.headers["content-type"] == "application/problem+json"


def test_the_grafana_dashboard_asks_only_for_metrics_that_exist(client: TestClient, world: World) -> None:
    world.services.publish_head()
    _report(client, world)
    exposed = client.get("/metrics", headers=world.headers("admin")).text
    dashboard = json.loads((Path(__file__).parents[2] / "docs" / "grafana-dashboard.json").read_text())
    asked = {name for p in dashboard["panels"] for t in p["targets"] for name in re.findall(r"gridgov_\w+", t["expr"])}
    assert len(asked) >= 9
    for name in asked:
        assert re.search(rf"^{name}[{{ ]", exposed, re.MULTILINE), f"{name} is not exposed"


def test_a_reversed_time_window_on_the_trail_is_422_naming_from(client: TestClient, world: World) -> None:
    window = {"from": "2026-12-01T00:00:00Z", "to": "2020-01-01T00:00:00Z"}
    answer = client.get("/api/v1/audit/events", params=window, headers=world.headers("auditor"))
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "from"
