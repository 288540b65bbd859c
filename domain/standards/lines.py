"""Income lines per year, as data: the national poverty line and the monitoring line.

The 2020 national line is 4,000 yuan per person a year (the 2010-price line of 2,300 yuan carried to
2020 prices); provinces set the monitoring line at about 1.5 times it, 6,000-7,500 yuan in 2020
(DOMAIN.md, "provincial notices"). A year not in the table takes the latest earlier year's line:
operators add each year's published figures here (docs/monitoring.md).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IncomeLine:
    year: int
    national: int  # yuan per person a year: 一超 means income above this
    monitoring: int  # yuan per person a year: below it a household is within monitoring range
    source: str


INCOME_LINES: dict[int, IncomeLine] = {
    2020: IncomeLine(2020, 4000, 6000, "national line 2020; monitoring line ≈ 1.5× (provincial notices)"),
}


def line_for(year: int) -> IncomeLine:
    """The line of `year`, or of the latest earlier year listed (the earliest one before the table)."""
    known = [y for y in INCOME_LINES if y <= year]
    return INCOME_LINES[max(known) if known else min(INCOME_LINES)]
