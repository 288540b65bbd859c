"""Audit exports a clerk opens in office software: numbers as numbers, times as times, Beijing time beside UTC."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from domain.shared.clock import ManualClock
from tests.support.world import K1, World

RENAMED_AT = datetime(2026, 3, 3, 17, 30, 5, tzinfo=UTC)  # 01:30:05 on 4 March in Beijing
PARAMS = {"kind": "GridNode.Renamed"}


def _rename(world: World, clock: ManualClock, reason: str = "renamed") -> None:
    clock.set(RENAMED_AT)
    world.services.app.rename_node(code=K1, name="锦绣新区", actor="admin", reason=reason)
    world.services.catch_up()


def test_an_xlsx_export_holds_positions_as_numbers_and_times_in_utc_and_beijing(
    client: TestClient, world: World, clock: ManualClock
) -> None:
    _rename(world, clock)
    renamed_at = world.services.app.recorder.max_notification_id()
    book = client.get(
        "/api/v1/audit/events/export", params={**PARAMS, "format": "xlsx"}, headers=world.headers("auditor")
    )
    assert book.status_code == 200, book.text
    sheet = load_workbook(io.BytesIO(book.content)).worksheets[0]
    header, row = (list(r) for r in sheet.iter_rows(values_only=True))
    record = dict(zip(header, row, strict=True))
    assert header[:3] == ["位置", "时间(UTC)", "北京时间"]
    assert isinstance(record["位置"], int)
    assert record["位置"] == renamed_at
    assert record["时间(UTC)"] == RENAMED_AT.replace(tzinfo=None)
    assert record["北京时间"] == datetime(2026, 3, 4, 1, 30, 5)
    utc_cell, beijing_cell = sheet.cell(row=2, column=2), sheet.cell(row=2, column=3)
    assert utc_cell.is_date and beijing_cell.is_date
    assert "yy" in beijing_cell.number_format and "ss" in beijing_cell.number_format


def test_a_csv_export_shows_beijing_time_beside_utc(client: TestClient, world: World, clock: ManualClock) -> None:
    _rename(world, clock)
    sheet = client.get(
        "/api/v1/audit/events/export", params={**PARAMS, "format": "csv"}, headers=world.headers("auditor")
    )
    rows = list(csv.DictReader(io.StringIO(sheet.content.decode("utf-8-sig"))))
    assert len(rows) == 1
    assert list(rows[0])[:3] == ["位置", "时间(UTC)", "北京时间"]
    assert datetime.fromisoformat(rows[0]["时间(UTC)"]) == RENAMED_AT
    assert rows[0]["北京时间"] == "2026-03-04 01:30:05"
    assert datetime.fromisoformat(rows[0]["北京时间"]) - timedelta(hours=8) == RENAMED_AT.replace(tzinfo=None)


def test_text_that_looks_like_a_formula_stays_text_in_xlsx(
    client: TestClient, world: World, clock: ManualClock
) -> None:
    _rename(world, clock, reason='=HYPERLINK("http://example.invalid","click")')
    book = client.get(
        "/api/v1/audit/events/export", params={**PARAMS, "format": "xlsx"}, headers=world.headers("auditor")
    )
    sheet = load_workbook(io.BytesIO(book.content)).worksheets[0]
    header = [c.value for c in sheet[1]]
    reason = sheet.cell(row=2, column=header.index("原因") + 1)
    assert reason.data_type == "s"
    assert reason.value == '=HYPERLINK("http://example.invalid","click")'
