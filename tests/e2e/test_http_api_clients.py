"""API clients over HTTP: an administrator hands out a key once, it opens the Open311 door until it
is revoked, and no answer, event or row ever holds the key again."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import psycopg
import pytest
from fastapi.testclient import TestClient

from api.settings import Settings
from domain.accounts.roles import Role
from domain.clients.model import ApiClient
from domain.clients.permissions import PERMISSIONS, ClientCommand, matrix
from domain.shared.errors import ForbiddenError
from domain.shared.ids import account_id
from tests.support.world import PEOPLE, World

CLIENTS = "/api/v1/api-clients"
WRITERS, READERS = {"admin"}, {"admin", "auditor"}


def _register(client: TestClient, world: World, who: str = "admin", name: str = "12345 市民热线") -> Any:
    return client.post(CLIENTS, json={"name": name, "reason": "接入热线系统"}, headers=world.headers(who))


def _secret(key: str) -> str:
    return key.split(".", 1)[1]


def _refusal(world: World, key: str) -> str:
    with pytest.raises(ForbiddenError) as refused:
        world.services.app.client_for_key(key)
    assert refused.value.field == "api_key"
    return refused.value.message


def test_an_administrator_registers_a_client_whose_key_is_shown_once_and_works(
    client: TestClient, world: World
) -> None:
    answer = _register(client, world)
    assert answer.status_code == 201, answer.text
    body = answer.json()
    key, client_id = body["key"], UUID(body["id"])
    assert key.split(".")[0] == client_id.hex and len(_secret(key)) == 32
    assert (body["name"], body["registered_by"], body["revoked"], body["version"]) == (
        "12345 市民热线",
        "admin",
        False,
        1,
    )
    found = world.services.app.client_for_key(key)
    assert (found.id, found.name) == (client_id, "12345 市民热线")
    assert _register(client, world).json()["key"] != key  # every registration gets its own secret


def test_the_list_and_the_client_show_who_registered_it_and_no_key_material(client: TestClient, world: World) -> None:
    key = _register(client, world).json()["key"]
    client_id = key.split(".")[0]
    for who in READERS:
        listed = client.get(CLIENTS, headers=world.headers(who))
        assert listed.status_code == 200, listed.text
        page = listed.json()
        assert page["total"] == 1
        assert UUID(page["items"][0]["id"]).hex == client_id
        assert page["items"][0]["registered_by"] == "admin"
        one = client.get(f"{CLIENTS}/{UUID(client_id)}", headers=world.headers(who))
        assert one.status_code == 200 and one.headers["ETag"] == '"1"'
        for text in (listed.text, one.text):
            assert _secret(key) not in text and "key" not in json.loads(text) and "secret" not in text


def test_a_revoked_key_is_refused_and_the_client_stays_listed_with_who_when_and_why(
    client: TestClient, world: World
) -> None:
    registered = _register(client, world).json()
    key, url = registered["key"], f"{CLIENTS}/{registered['id']}/revoke"
    admin = world.headers("admin")
    stale = client.post(url, json={"reason": "合同到期"}, headers={**admin, "If-Match": '"7"'})
    assert stale.status_code == 409 and stale.json()["errors"][0]["field"] == "If-Match"
    revoked = client.post(url, json={"reason": "合同到期"}, headers={**admin, "If-Match": '"1"'})
    assert revoked.status_code == 200, revoked.text
    assert (revoked.json()["revoked"], revoked.json()["revoked_by"], revoked.headers["ETag"]) == (True, "admin", '"2"')
    assert "revoked" in _refusal(world, key)
    again = client.post(url, json={"reason": "再次停用"}, headers=admin)
    assert again.status_code == 409, again.text
    assert again.headers["content-type"] == "application/problem+json"
    assert "already revoked" in again.json()["detail"]
    working = _register(client, world, name="城市运行平台").json()
    auditor = world.headers("auditor")
    gone = client.get(CLIENTS, params={"revoked": "true"}, headers=auditor).json()
    assert [(r["id"], r["revoked_by"], r["revoke_reason"]) for r in gone["items"]] == [
        (registered["id"], "admin", "合同到期")
    ]
    assert gone["items"][0]["revoked_at"] is not None and gone["items"][0]["version"] == 2
    live = client.get(CLIENTS, params={"revoked": "false"}, headers=auditor).json()
    assert [r["id"] for r in live["items"]] == [working["id"]]
    assert client.get(CLIENTS, params={"limit": 1, "offset": 1}, headers=auditor).json()["total"] == 2
    world.services.app.client_for_key(working["key"])  # revoking one client leaves the others working


def test_a_malformed_or_unknown_key_is_refused_without_echoing_it(client: TestClient, world: World) -> None:
    key = _register(client, world).json()["key"]
    client_id, secret = key.split(".")
    wrong_secret = f"{client_id}.{'A' * 32}"
    someone_else = f"{account_id('admin').hex}.{secret}"  # an aggregate that is not a client
    for bad in ("", "not-a-key", secret, f"{client_id}.", f"{client_id}.{secret}.x", f"{client_id}:{secret}",
                f"{client_id}.{secret}" + "x" * 300, f"{client_id}.sp ace-in-it-secret"):  # fmt: skip
        assert "malformed" in _refusal(world, bad), bad
    for unknown in (wrong_secret, f"{uuid4().hex}.{secret}", someone_else):
        message = _refusal(world, unknown)
        assert "unknown" in message and secret not in message and "A" * 32 not in message


def test_only_administrators_change_clients_and_only_they_and_auditors_read_them(
    client: TestClient, world: World
) -> None:
    registered = _register(client, world).json()
    before = world.services.app.recorder.max_notification_id()
    for who in PEOPLE:
        headers = world.headers(who)
        if who not in WRITERS:
            assert _register(client, world, who).status_code == 403, who
            revoke = client.post(f"{CLIENTS}/{registered['id']}/revoke", json={"reason": "r"}, headers=headers)
            assert revoke.status_code == 403, who
            assert revoke.headers["content-type"] == "application/problem+json"
        expected = 200 if who in READERS else 403
        assert client.get(CLIENTS, headers=headers).status_code == expected, who
        assert client.get(f"{CLIENTS}/{registered['id']}", headers=headers).status_code == expected, who
    assert world.services.app.recorder.max_notification_id() == before
    assert client.get(CLIENTS).status_code == 401
    assert {c: {str(r) for r in roles} for c, roles in PERMISSIONS.items()} == {
        ClientCommand.REGISTER: {Role.ADMIN},
        ClientCommand.REVOKE: {Role.ADMIN},
        ClientCommand.READ: {Role.ADMIN, Role.AUDITOR},
    }
    assert ("read_clients", "admin, auditor", "everything") in matrix()


def test_bounded_inputs_and_unknown_clients_are_refused_naming_what_to_send(client: TestClient, world: World) -> None:
    admin = world.headers("admin")
    for body in (
        {"name": "", "reason": "r"},
        {"name": "x" * 81, "reason": "r"},
        {"name": "x"},
        {"name": "x", "reason": ""},
    ):
        refused = client.post(CLIENTS, json=body, headers=admin)
        assert refused.status_code == 422, body
        assert refused.headers["content-type"] == "application/problem+json"
    blank = client.post(CLIENTS, json={"name": "   ", "reason": "r"}, headers=admin)
    assert blank.status_code == 422 and blank.json()["errors"][0]["field"] == "name"
    missing = client.get(f"{CLIENTS}/{uuid4()}", headers=admin)
    assert missing.status_code == 404 and missing.json()["errors"][0]["field"] == "client_id"
    assert client.get(f"{CLIENTS}/{account_id('admin')}", headers=admin).status_code == 404  # not a client's id
    assert client.post(f"{CLIENTS}/{uuid4()}/revoke", json={"reason": "r"}, headers=admin).status_code == 404
    assert client.get(f"{CLIENTS}/not-a-uuid", headers=admin).status_code == 422
    assert client.get(CLIENTS, params={"limit": 0}, headers=admin).status_code == 422


def test_the_secret_is_stored_nowhere_only_its_hash_in_the_event(
    client: TestClient, world: World, settings: Settings
) -> None:
    keys = [_register(client, world, name=f"系统 {n}").json()["key"] for n in range(3)]
    first = keys[0]
    client.post(f"{CLIENTS}/{UUID(first.split('.')[0])}/revoke", json={"reason": "r"}, headers=world.headers("admin"))
    client.get(CLIENTS, headers=world.headers("auditor"))  # the register caught up
    app = world.services.app
    notifications = app.recorder.select_notifications(1, 100_000)
    events = [app.mapper.to_domain_event(n) for n in notifications]
    registered = [e for e in events if isinstance(e, ApiClient.Registered)]
    assert [e.secret_hash for e in registered] == [hashlib.sha256(_secret(k).encode()).hexdigest() for k in keys]
    assert all(set(vars(e)) >= {"actor", "reason"} for e in registered)
    stored = [n.state for n in notifications] + [str(vars(e)).encode() for e in events] + _stored_bytes(settings)
    for key in keys:
        assert not any(_secret(key).encode() in chunk for chunk in stored), "a secret is stored in clear"


def _stored_bytes(settings: Settings) -> list[bytes]:
    """Every byte the service keeps: SQLite files with their WAL, or every value of every PostgreSQL table."""
    if not settings.is_postgres:
        return [p.read_bytes() for p in Path(settings.data_dir).glob("*.db*")]
    found: list[bytes] = []
    with psycopg.connect(settings.event_store_url) as conn:
        tables = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()
        for (table,) in tables:
            for row in conn.execute(f'SELECT * FROM "{table}"').fetchall():
                found.extend(v if isinstance(v, bytes) else str(v).encode() for v in row)
    return found
