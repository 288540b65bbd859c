"""Indicator definitions and node scorecards (考核指标 / 网格评分表): every code an enum, every value typed."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from domain.indicators.values import IndicatorComparison, IndicatorMeasure, IndicatorUnit, IndicatorVerdict

SHARE_NOTE = "a share is 0 … 1; a ratio is x per 1"


class IndicatorDeadline(BaseModel):
    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)
    threshold: float = Field(description=f"to reach by this day of each year ({SHARE_NOTE})")


class IndicatorOut(BaseModel):
    code: str
    version: int
    effective_from: date = Field(description="judges dates from this day until a later version takes effect")
    name_zh: str
    name_en: str
    measure: IndicatorMeasure = Field(description="the read-side function that counts it")
    unit: IndicatorUnit
    comparison: IndicatorComparison
    comparison_symbol: str = Field(description="≥, ≤, < or >")
    threshold: float = Field(description=f"the standing threshold, or the year's final one ({SHARE_NOTE})")
    deadlines: list[IndicatorDeadline] = Field(description="empty: standing, judged every day")
    level: str = Field(description="judged at nodes of this level; a node above gets its subtree's value")
    level_zh: str
    source: str = Field(description="where the target comes from")


class IndicatorPage(BaseModel):
    total: int
    items: list[IndicatorOut]


class IndicatorNodeScore(BaseModel):
    code: str
    name: str
    value: float | None
    verdict: IndicatorVerdict


class IndicatorScore(BaseModel):
    code: str
    version: int
    name_zh: str
    name_en: str
    unit: IndicatorUnit
    comparison: IndicatorComparison
    value: float | None = Field(description="over the node's whole subtree on the day; null: nothing to count")
    threshold: float | None = Field(description="in force on the day; null before the year's first deadline")
    due_on: date | None = Field(description="the deadline whose threshold is in force; null for a standing target")
    next_due_on: date | None
    next_threshold: float | None
    verdict: IndicatorVerdict
    judged_below: int = Field(description="nodes of the indicator's level below this one")
    missing_below: list[IndicatorNodeScore] = Field(description="those of them that miss")


class NodeScorecard(BaseModel):
    node: str
    name: str
    level: str
    on: date = Field(description="the district's date the scorecard is for")
    items: list[IndicatorScore]
