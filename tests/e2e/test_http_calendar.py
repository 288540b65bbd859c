"""The working calendar over HTTP: a typed answer with its holidays and make-up days."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.support.world import HOLIDAY, MAKEUP_DAY, World


def test_every_role_reads_the_calendar_as_configured(client: TestClient, world: World) -> None:
    answer = client.get("/api/v1/calendar", headers=world.headers("worker1"))
    assert answer.status_code == 200
    assert answer.json() == {
        "utc_offset_hours": 8,
        "periods": [["09:00", "12:00"], ["13:30", "17:30"]],
        "weekdays": [0, 1, 2, 3, 4],
        "holidays": [HOLIDAY.isoformat()],
        "makeup_days": [MAKEUP_DAY.isoformat()],
    }


def test_the_calendar_has_a_response_schema(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for method in ("get", "put"):
        schema = paths["/api/v1/calendar"][method]["responses"]["200"]["content"]["application/json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/CalendarOut"}
