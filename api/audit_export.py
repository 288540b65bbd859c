"""Exporting the audit trail as CSV, XLSX (Chinese headers) or JSON Lines, streamed."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

COLUMNS = (
    ("position", "位置"),
    ("at", "时间(UTC)"),
    ("at_beijing", "北京时间"),
    ("actor", "操作人"),
    ("roles", "角色"),
    ("kind", "事件"),
    ("entity_kind", "对象类型"),
    ("entity_id", "对象"),
    ("node", "网格"),
    ("node_path", "网格路径"),
    ("reason", "原因"),
    ("summary_zh", "摘要"),
    ("summary_en", "summary"),
    ("payload", "详情"),
)
MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/x-ndjson",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


# Clerks read Beijing time (UTC+8, no daylight saving): a fixed offset needs no time-zone database.
BEIJING = timezone(timedelta(hours=8), "CST")
_LOCAL = "%Y-%m-%d %H:%M:%S"
_EXCEL_TIME = "yyyy-mm-dd hh:mm:ss"


def _cells(row: dict[str, Any]) -> list[str]:
    values = []
    for key, _ in COLUMNS:
        value = row.get(key)
        if key == "payload":
            values.append(json.dumps(value, ensure_ascii=False, sort_keys=True))
        elif key == "at_beijing":
            values.append(row["at"].astimezone(BEIJING).strftime(_LOCAL))
        elif isinstance(value, datetime):
            values.append(value.isoformat())
        else:
            values.append("" if value is None else str(value))
    return values


def _typed_cells(sheet: WriteOnlyWorksheet, row: dict[str, Any]) -> list[Any]:
    """Numbers as numbers and times as Excel times (which carry no offset: one column per zone)."""
    cells: list[Any] = [int(row["position"])]
    for moment in (row["at"].astimezone(UTC), row["at"].astimezone(BEIJING)):
        cell = WriteOnlyCell(sheet, moment.replace(tzinfo=None))
        cell.number_format = _EXCEL_TIME
        cells.append(cell)
    for text in _cells(row)[3:]:
        cell = WriteOnlyCell(sheet, text)
        cell.data_type = "s"  # text a user typed that starts with "=" stays text, never a formula
        cells.append(cell)
    return cells


def as_csv(rows: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    """UTF-8 with a byte-order mark, so Excel on a Chinese desktop opens it correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([zh for _, zh in COLUMNS])
    yield ("\ufeff" + buffer.getvalue()).encode()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(_cells(row))
        yield buffer.getvalue().encode()


def as_jsonl(rows: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    for row in rows:
        yield (json.dumps({**row, "at": row["at"].isoformat()}, ensure_ascii=False, sort_keys=True) + "\n").encode()


def as_xlsx(rows: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    """A write-only workbook spooled to disk, then streamed in chunks."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("审计记录")
    sheet.append([zh for _, zh in COLUMNS])
    for row in rows:
        sheet.append(_typed_cells(sheet, row))
    with tempfile.TemporaryFile() as spool:
        book.save(spool)
        spool.seek(0)
        while chunk := spool.read(1 << 16):
            yield chunk
