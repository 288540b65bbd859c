"""A scorecard as an XLSX workbook with Chinese headers and typed cells (numbers, percentages, dates)."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from domain.indicators.values import VERDICT_ZH, IndicatorUnit
from projections.indicators.scorecard import Scorecard

SCORES = (
    "指标代码", "指标名称", "版本", "单位", "比较", "当日阈值", "阈值截止日期",
    "数值", "结论", "下级考核数", "未达标下级数",
)  # fmt: skip
MISSING = ("指标代码", "指标名称", "下级网格代码", "下级网格名称", "数值")
UNIT_ZH = dict(zip(IndicatorUnit, ("比例", "个数", "比值", "元"), strict=True))
_FORMAT = dict(zip(IndicatorUnit, ("0.00%", "0", "0.00", "#,##0.00"), strict=True))


def scorecard_xlsx(card: Scorecard) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("指标评分")
    sheet.append(["网格节点", card.node.code, card.node.name, card.node.level.chinese])
    sheet.append(["日期", _cell(sheet, card.on, "yyyy-mm-dd")])
    sheet.append(list(SCORES))
    for s in card.scores:
        one = s.indicator
        number = _FORMAT[one.unit]
        sheet.append([
            _text(sheet, one.code), _text(sheet, one.name_zh), one.version, UNIT_ZH[one.unit], one.comparison.symbol,
            _cell(sheet, s.target.threshold, number), _cell(sheet, s.target.due_on, "yyyy-mm-dd"),
            _cell(sheet, s.value, number), VERDICT_ZH[s.verdict], s.judged_below, len(s.missing_below),
        ])  # fmt: skip
    below = book.create_sheet("未达标下级")
    below.append(list(MISSING))
    for s in card.scores:
        for node in s.missing_below:
            value = _cell(below, node.value, _FORMAT[s.indicator.unit])
            code = _text(below, s.indicator.code)
            below.append([code, s.indicator.name_zh, _text(below, node.code), node.name, value])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(sheet: WriteOnlyWorksheet, value: float | date | None, number_format: str) -> Any:
    if value is None:
        return None
    cell = WriteOnlyCell(sheet, value)
    cell.number_format = number_format
    return cell


def _text(sheet: WriteOnlyWorksheet, value: str) -> WriteOnlyCell:
    """Codes such as 100001001 stay text, never a number that loses its leading zeros."""
    cell = WriteOnlyCell(sheet, value)
    cell.data_type = "s"
    return cell
