"""Grid sheets for import tests, as CSV text or XLSX bytes."""

from __future__ import annotations

import io

from openpyxl import Workbook

HEADER = "street_code,street_name,community_code,community_name,compound_code,compound_name,building_code,building_name"
GOOD_ROWS = [
    "300001,北新桥街道,300001001,民安社区,300001001001,民安小区,300001001001001,1号楼",
    "300001,北新桥街道,300001001,民安社区,300001001001,民安小区,300001001001002,2号楼",
    "300001,北新桥街道,300001002,九道湾社区,300001002001,九道湾小区,300001002001001,1号楼",
]


def csv_bytes(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def xlsx_bytes(rows: list[str], chinese_headers: bool = True) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    header = ["街道编码", "街道名称", "社区编码", "社区名称", "小区编码", "小区名称", "楼栋编码", "楼栋名称"]
    sheet.append(header if chinese_headers else HEADER.split(","))
    for row in rows:
        sheet.append(row.split(","))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
