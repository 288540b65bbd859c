"""Reading sheets (CSV or XLSX) into rows: the grid, the register; the checking happens in the domain."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence

from openpyxl import load_workbook

from domain.grid.sheet import COLUMNS, SheetRow
from domain.shared.errors import InvalidInputError

# Chinese headers that street offices' own sheets use, mapped to our column names.
CHINESE_HEADERS = {
    "街道编码": "street_code",
    "街道名称": "street_name",
    "社区编码": "community_code",
    "社区名称": "community_name",
    "小区编码": "compound_code",
    "小区名称": "compound_name",
    "楼栋编码": "building_code",
    "楼栋名称": "building_name",
}


def read_sheet(filename: str, content: bytes) -> list[SheetRow]:
    """Grid rows of a .csv (UTF-8 or GB18030) or .xlsx file, with their line numbers."""
    return read_rows(filename, content, COLUMNS, CHINESE_HEADERS)


def read_rows(
    filename: str, content: bytes, columns: Sequence[str], headers: Mapping[str, str], optional: Sequence[str] = ()
) -> list[SheetRow]:
    """Rows of a .csv (UTF-8 or GB18030) or .xlsx file under `columns` (Chinese `headers` accepted)."""
    lowered = filename.lower()
    if lowered.endswith(".xlsx"):
        table = _xlsx_table(content)
    elif lowered.endswith(".csv"):
        table = list(csv.reader(io.StringIO(_decode(content))))
    else:
        raise InvalidInputError("the file must be .csv or .xlsx", field="file")
    if not table:
        raise InvalidInputError("the file is empty", field="file")
    header = [headers.get(h.strip(), h.strip().lower()) for h in table[0]]
    missing = [c for c in columns if c not in header and c not in optional]
    if missing:
        raise InvalidInputError(f"line 1: missing columns {', '.join(missing)}", field="file")
    rows = []
    for number, values in enumerate(table[1:], start=2):
        if not any(v.strip() for v in values):
            continue
        cells = {name: (values[i] if i < len(values) else "") for i, name in enumerate(header)}
        rows.append(SheetRow(line=number, cells={c: cells.get(c, "").strip() for c in columns}))
    return rows


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InvalidInputError("the CSV file is neither UTF-8 nor GB18030 text", field="file")


def _xlsx_table(content: bytes) -> list[list[str]]:
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise InvalidInputError(f"not a readable .xlsx file: {error}", field="file") from None
    sheet = book.worksheets[0]
    return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]


# The register of residents, as street offices keep it.
REGISTER_HEADERS = {
    "姓名": "name",
    "身份证号": "id_number",
    "公民身份号码": "id_number",
    "性别": "gender",
    "联系电话": "phone",
    "手机号": "phone",
    "楼栋编码": "building",
    "单元": "unit",
    "房号": "room",
    "居住起始日期": "since",
    "入住日期": "since",
    "标签": "tags",
}
