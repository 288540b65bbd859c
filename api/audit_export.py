"""Exporting the audit trail as CSV, XLSX (Chinese headers) or JSON Lines, streamed."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from openpyxl import Workbook

COLUMNS = (
    ("position", "位置"),
    ("at", "时间"),
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


def _cells(row: dict[str, Any]) -> list[str]:
    values = []
    for key, _ in COLUMNS:
        value = row.get(key)
        if key == "payload":
            values.append(json.dumps(value, ensure_ascii=False, sort_keys=True))
        elif isinstance(value, datetime):
            values.append(value.isoformat())
        else:
            values.append("" if value is None else str(value))
    return values


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
        sheet.append(_cells(row))
    with tempfile.TemporaryFile() as spool:
        book.save(spool)
        spool.seek(0)
        while chunk := spool.read(1 << 16):
            yield chunk
