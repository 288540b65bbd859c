"""Every integer a client sends is bounded: a huge one is a 422 naming the field, never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.support.world import BUILDING_WORK, S1, World

HUGE = 99999999999999999999
pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)

QUERIES = [
    ("/api/v1/grid/nodes", "limit"),
    ("/api/v1/grid/nodes", "offset"),
    (f"/api/v1/grid/nodes/{S1}/subtree", "depth"),
    ("/api/v1/users", "limit"),
    ("/api/v1/users", "offset"),
    ("/api/v1/departments", "limit"),
    ("/api/v1/departments", "offset"),
    ("/api/v1/categories", "limit"),
    ("/api/v1/categories", "offset"),
    ("/api/v1/issues", "limit"),
    ("/api/v1/issues", "offset"),
    ("/api/v1/departments/CG/queue", "limit"),
    ("/api/v1/departments/CG/queue", "offset"),
]


@pytest.mark.parametrize(("path", "name"), QUERIES)
def test_a_huge_integer_in_the_query_is_a_422_naming_it(client: TestClient, world: World, path: str, name: str) -> None:
    for value in (HUGE, -HUGE):
        answer = client.get(path, params={name: value}, headers=world.headers("admin"))
        assert answer.status_code == 422, answer.text
        assert [e["field"] for e in answer.json()["errors"]] == [name]


LIMITS = {"limits": {"accept": {"amount": HUGE, "unit": "working_days"}}, "reason": "r"}
CATEGORY = {"code": "09.01", "major": "09", "name": "x", "reason": "r"}
BODIES: list[tuple[str, str, dict[str, Any], str]] = [
    ("put", "/api/v1/calendar", {"utc_offset_hours": HUGE, "reason": "r"}, "utc_offset_hours"),
    ("put", "/api/v1/calendar", {"weekdays": [HUGE], "reason": "r"}, "weekdays.0"),
    ("post", f"/api/v1/categories/{BUILDING_WORK}/limits", LIMITS, "limits.accept.amount"),
    ("post", "/api/v1/categories", {**CATEGORY, "limits": LIMITS["limits"]}, "limits.accept.amount"),
]


@pytest.mark.parametrize(("method", "path", "body", "name"), BODIES)
def test_a_huge_integer_in_a_body_is_a_422_naming_it(
    client: TestClient, world: World, method: str, path: str, body: dict[str, Any], name: str
) -> None:
    answer = client.request(method, path, json=body, headers=world.headers("admin"))
    assert answer.status_code == 422, answer.text
    assert [e["field"] for e in answer.json()["errors"]] == [name]
