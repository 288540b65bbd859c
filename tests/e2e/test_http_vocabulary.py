"""A client learns every value it may send from one endpoint, taken from the domain's own enums."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from domain.accounts.roles import Role
from domain.calendar.working import TimeUnit
from domain.grid.duties import Duty
from domain.grid.levels import Level
from domain.issues.buckets import Bucket
from domain.issues.dispatch import DispatchStatus
from domain.issues.public import Open311Status
from domain.issues.status import Status
from domain.issues.values import Rating, Stage, Urgency, WhistleKind
from tests.support.world import World

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


def test_every_role_reads_the_vocabulary_of_every_enum_a_client_sends(client: TestClient, world: World) -> None:
    answer = client.get("/api/v1/vocabulary", headers=world.headers("worker1"))
    assert answer.status_code == 200, answer.text
    words = answer.json()
    assert words["roles"] == [r.value for r in Role]
    assert words["levels"] == [{"value": v.label, "number": v.value, "name_zh": v.chinese} for v in Level]
    assert words["levels"][0] == {"value": "street", "number": 1, "name_zh": "街道"}
    assert words["duties"] == [d.value for d in Duty]
    assert words["urgencies"] == [u.value for u in Urgency]
    assert words["whistle_kinds"] == [k.value for k in WhistleKind]
    assert words["ratings"] == [r.value for r in Rating]
    assert words["stages"] == [s.value for s in Stage]
    assert words["time_units"] == [u.value for u in TimeUnit]
    assert words["issue_statuses"] == [s.value for s in Status]
    assert words["dispatch_statuses"] == [s.value for s in DispatchStatus]
    assert words["queue_buckets"] == [b.value for b in Bucket]
    assert (words["intakes"], words["coordinate_systems"]) == (["grid", "citizen", "open311"], ["wgs84", "gcj02"])
    assert words["open311_statuses"] == [s.value for s in Open311Status]
    assert client.get("/api/v1/vocabulary").status_code == 401


def test_the_vocabulary_is_typed_in_the_openapi_document(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    operation = schema["paths"]["/api/v1/vocabulary"]["get"]
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Vocabulary"
    }
