"""The register as its users meet it: valid ID numbers, duplicates found by a keyed hash, masking and
reveal, moves known as of a date, and erasure that leaves the history and its proofs intact."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from api.settings import Settings
from domain.people.idcard import check_character
from domain.shared.clock import ManualClock
from projections.audit.verify import verify_log
from projections.rebuild import rebuild
from tests.support.world import B1, B2, B3, World
from verifier.bundle import check_bundle

PEOPLE = "/api/v1/people"
NAME, PHONE = "欧阳秀兰", "13912340001"


def id_number(serial: str = "123", born: str = "19560307") -> str:
    first = f"110101{born}{serial}"
    return first + check_character(first)


NUMBER = id_number()


def _register(client: TestClient, world: World, who: str = "worker1", **extra: Any) -> Any:
    body = {
        "name": NAME,
        "id_number": NUMBER,
        "gender": "female",
        "phone": PHONE,
        "building": B1,
        "room": "302",
        "since": "2020-05-01",
        "sensitive": {"health": "高血压"},
        **extra,
    }
    return client.post(PEOPLE, json=body, headers=world.headers(who))


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


def _nowhere(settings: Settings, *secrets: str) -> None:
    stored = _stored_bytes(settings)
    for secret in secrets:
        needle = secret.encode()
        assert not any(needle in chunk for chunk in stored), f"{secret!r} is stored in clear"


def test_an_invalid_id_number_is_refused_naming_the_field(client: TestClient, world: World) -> None:
    for bad, says in ((NUMBER[:-1] + ("0" if NUMBER[-1] != "0" else "1"), "check character"), ("1101", "18")):
        refused = _register(client, world, id_number=bad)
        assert refused.status_code == 422, refused.text
        assert refused.json()["errors"][0]["field"] == "id_number"
        assert says in refused.json()["detail"]


def test_a_second_registration_of_a_number_is_a_conflict_and_the_number_is_stored_nowhere(
    client: TestClient, world: World, settings: Settings
) -> None:
    first = _register(client, world)
    assert first.status_code == 201, first.text
    again = _register(client, world, name="欧阳秀蘭", building=B2)
    assert again.status_code == 409, again.text
    assert again.json()["errors"][0]["field"] == "id_number"
    assert first.json()["id"] in again.json()["detail"]
    client.get(PEOPLE, headers=world.headers("admin"))  # the register caught up too
    assert any(NAME.encode() in chunk for chunk in _stored_bytes(settings))  # the search sees what it greps
    _nowhere(settings, NUMBER, PHONE, "高血压")


def test_a_grid_worker_sees_masks_and_a_reveal_is_recorded_with_its_reason(client: TestClient, world: World) -> None:
    person = _register(client, world).json()
    assert (person["masked_id"], person["masked_phone"]) == (f"{NUMBER[:4]}**********{NUMBER[-4:]}", "139****0001")
    assert person["name"] == NAME
    listed = client.get(PEOPLE, params={"node": B1}, headers=world.headers("worker1")).json()
    assert [(p["name"], p["masked_id"]) for p in listed["items"]] == [(NAME, person["masked_id"])]
    path = f"{PEOPLE}/{person['id']}/reveal"
    refused = client.post(path, json={"field": "id_number", "reason": "核对低保申请"}, headers=world.headers("worker1"))
    assert refused.status_code == 403
    shown = client.post(
        path, json={"field": "id_number", "reason": "核对低保申请材料"}, headers=world.headers("office1")
    )
    assert shown.status_code == 200, shown.text
    assert shown.json()["value"] == NUMBER
    trail = client.get(
        "/api/v1/audit/events", params={"kind": "AccessRecord.Queried"}, headers=world.headers("auditor")
    )
    reveals = [e for e in trail.json()["items"] if e["payload"].get("what") == "people/reveal"]
    assert [(e["actor"], e["payload"]["params"]["field"], e["payload"]["params"]["reason"]) for e in reveals] == [
        ("office1", "id_number", "核对低保申请材料")
    ]
    assert NUMBER not in json.dumps(trail.json(), ensure_ascii=False)


def test_a_move_is_known_as_of_its_date_and_a_late_correction_changes_only_what_it_says(
    client: TestClient, world: World, clock: ManualClock
) -> None:
    person = _register(client, world).json()["id"]

    def building_on(day: str) -> str:
        return str(
            client.get(f"{PEOPLE}/{person}", params={"on": day}, headers=world.headers("office1")).json()["building"]
        )

    def listed_at(day: str, building: str) -> list[str]:
        page = client.get(PEOPLE, params={"on": day, "building": building}, headers=world.headers("office1")).json()
        return [p["id"] for p in page["items"]]

    moved = client.post(
        f"{PEOPLE}/{person}/move",
        json={"building": B3, "on": "2026-03-01", "reason": "迁居"},
        headers=world.headers("office1"),
    )
    assert moved.status_code == 200, moved.text
    assert (building_on("2026-02-28"), building_on("2026-03-02")) == (B1, B3)
    assert (listed_at("2026-02-28", B1), listed_at("2026-03-02", B3)) == ([person], [person])

    clock.advance(timedelta(days=8))  # 10 March: the move is found to have been on 3 March
    late = {"was": "2026-03-01", "building": B3, "on": "2026-03-03", "reason": "核实搬迁日期"}
    assert (
        client.post(f"{PEOPLE}/{person}/correct-residence", json=late, headers=world.headers("office1")).status_code
        == 200
    )
    assert (building_on("2026-02-28"), building_on("2026-03-02"), building_on("2026-03-04")) == (B1, B1, B3)
    assert listed_at("2026-02-28", B1) == [person]
    earlier = {"was": "2026-03-03", "building": B3, "on": "2026-02-20", "reason": "实际二月已迁"}
    assert (
        client.post(f"{PEOPLE}/{person}/correct-residence", json=earlier, headers=world.headers("office1")).status_code
        == 200
    )
    assert (building_on("2026-02-28"), listed_at("2026-02-28", B1)) == (B3, [])


def test_erasure_leaves_the_fields_nowhere_and_every_proof_still_verifies(
    client: TestClient, world: World, settings: Settings
) -> None:
    admin = world.headers("admin")
    person = _register(client, world).json()["id"]
    client.post(f"{PEOPLE}/{person}/move", json={"building": B3, "on": "2026-03-01", "reason": "迁居"}, headers=admin)
    trail = client.get("/api/v1/audit/entities/Person/" + person, headers=world.headers("auditor")).json()
    registered = trail[0]["position"]
    heads = client.get("/api/v1/audit/tree-heads", headers=admin).json()
    proof = client.get(f"/api/v1/audit/proofs/{registered}", headers=admin).json()
    assert check_bundle(proof, heads["public_key"]) == []

    erased = client.post(f"{PEOPLE}/{person}/erase", json={"reason": "本人申请删除 (PIPL 47)"}, headers=admin)
    assert erased.status_code == 200, erased.text
    assert (erased.json()["name"], erased.json()["masked_id"], erased.json()["erased"]) == ("", "", True)
    shown = client.get(PEOPLE, params={"on": "2026-03-02"}, headers=admin).json()["items"]
    assert [(p["id"], p["name"], p["erased"]) for p in shown] == [(person, "", True)]
    refused = client.post(f"{PEOPLE}/{person}/reveal", json={"field": "name", "reason": "查看已删除"}, headers=admin)
    assert refused.status_code == 404

    rebuild(world.services.runner, None)
    export = client.get("/api/v1/audit/events/export", params={"format": "csv"}, headers=world.headers("auditor"))
    jsonl = client.get("/api/v1/audit/events/export", params={"format": "jsonl"}, headers=world.headers("auditor"))
    xlsx = client.get("/api/v1/audit/events/export", params={"format": "xlsx"}, headers=world.headers("auditor"))
    cells = " ".join(
        str(c) for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True) for c in row
    )
    for text in (export.text, jsonl.text, cells):
        assert NAME not in text and NUMBER not in text and PHONE not in text
    _nowhere(settings, NAME, NUMBER, PHONE)

    report = verify_log(world.services.app, world.services.engine)
    assert report.ok, report.findings
    assert check_bundle(proof, heads["public_key"]) == []  # the proof kept from before still verifies
    kept = settings.data_dir / "proof-before-erasure.json"
    kept.write_text(json.dumps(proof))
    offline = subprocess.run(
        [sys.executable, "-m", "verifier.bundle", str(kept), heads["public_key"]],
        capture_output=True,
        text=True,
        check=False,
    )
    assert offline.returncode == 0, offline.stdout + offline.stderr


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_register_of_thousands_pages_and_filters_in_sql(client: TestClient, world: World) -> None:
    app = world.services.app
    for n in range(60):
        app.register_person(
            name=f"张{n:02}",
            id_number=id_number(f"{n:03}", "19800101"),
            gender="male",
            building=B1 if n % 2 else B2,
            since=world.services.app.clock.now().date(),
            actor="seed",
            reason="test",
        )
    page = client.get(
        PEOPLE, params={"building": B1, "limit": 10, "offset": 20}, headers=world.headers("office1")
    ).json()
    assert page["total"] == 30
    assert [p["name"] for p in page["items"]] == [f"张{n:02}" for n in range(41, 60, 2)]
    worker_two = client.get(PEOPLE, headers=world.headers("worker2")).json()
    assert worker_two["total"] == 0  # B1 and B2 lie in K1, outside worker2's compound


def _sheet(*lines: str) -> dict[str, tuple[str, bytes, str]]:
    text = "\n".join(["姓名,身份证号,性别,联系电话,楼栋编码,房号,入住日期,标签", *lines])
    return {"file": ("户籍登记.csv", text.encode("gb18030"), "text/csv")}


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_register_sheet_imports_every_row_or_none_naming_each_bad_line(client: TestClient, world: World) -> None:
    good = [f"李{n},{id_number(f'{n:03}', '19450101')},女,,{B1},10{n},2015-03-01,elderly_alone" for n in range(1, 4)]
    bad = [
        *good,
        f"王五,{id_number('009')[:-1]}0,男,,{B1},101,2015-03-01,",
        f"赵六,{id_number('001', '19450101')},x,,999,1,昨天,",
    ]
    refused = client.post(
        f"{PEOPLE}/import", files=_sheet(*bad), data={"reason": "导入"}, headers=world.headers("office1")
    )
    assert refused.status_code == 422, refused.text
    assert {(e["line"], e["field"]) for e in refused.json()["errors"]} >= {
        (5, "id_number"),
        (6, "id_number"),
        (6, "gender"),
        (6, "building"),
        (6, "since"),
    }
    assert client.get(PEOPLE, headers=world.headers("admin")).json()["total"] == 0
    outsider = client.post(
        f"{PEOPLE}/import", files=_sheet(*good), data={"reason": "导入"}, headers=world.headers("leader1")
    )
    assert outsider.status_code == 403
    imported = client.post(
        f"{PEOPLE}/import", files=_sheet(*good), data={"reason": "导入"}, headers=world.headers("office1")
    )
    assert imported.status_code == 201, imported.text
    assert imported.json() == {"registered": 3}
    alone = client.get(PEOPLE, params={"tag": "elderly_alone"}, headers=world.headers("office1")).json()
    assert sorted(p["name"] for p in alone["items"]) == ["李1", "李2", "李3"]


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_households_are_listed_by_where_their_heads_lived_on_the_day(client: TestClient, world: World) -> None:
    head = _register(client, world).json()["id"]
    formed = client.post(
        "/api/v1/households",
        json={"head": head, "on": "2020-05-01", "reason": "立户"},
        headers=world.headers("worker1"),
    )
    assert formed.status_code == 201, formed.text
    mine = client.get("/api/v1/households", headers=world.headers("worker1")).json()
    assert [(h["id"], h["head"]) for h in mine["items"]] == [(formed.json()["id"], head)]
    assert client.get("/api/v1/households", headers=world.headers("worker2")).json()["total"] == 0
    before = client.get("/api/v1/households", params={"on": "2019-01-01"}, headers=world.headers("admin")).json()
    assert before["total"] == 0  # the head did not live in the district yet
