"""The vocabulary of indicators: units, comparisons, verdicts and the measures a definition names."""

from __future__ import annotations

from enum import StrEnum


class IndicatorUnit(StrEnum):
    SHARE = "share"  # 0 … 1 (shown as a percentage)
    COUNT = "count"
    RATIO = "ratio"  # x : 1, e.g. reserves per secretary
    YUAN = "yuan"


class IndicatorComparison(StrEnum):
    AT_LEAST = "ge"  # ≥
    AT_MOST = "le"  # ≤
    BELOW = "lt"  # <
    ABOVE = "gt"  # >

    @property
    def symbol(self) -> str:
        return _SYMBOLS[self]

    def holds(self, value: float, threshold: float) -> bool:
        if self is IndicatorComparison.AT_LEAST:
            return value >= threshold
        if self is IndicatorComparison.AT_MOST:
            return value <= threshold
        if self is IndicatorComparison.BELOW:
            return value < threshold
        return value > threshold


_SYMBOLS = dict(zip(IndicatorComparison, ("≥", "≤", "<", ">"), strict=True))


class IndicatorVerdict(StrEnum):
    """How a node stands against an indicator on a date."""

    PASS = "pass"  # 达标
    MISS = "miss"  # 未达标
    NOT_DUE = "not_due"  # no deadline of the year reached yet: shown, not judged
    NO_DATA = "no_data"  # nothing to count (no communities, no households, no dispatches)


VERDICT_ZH = dict(zip(IndicatorVerdict, ("达标", "未达标", "未到期", "无数据"), strict=True))


class IndicatorMeasure(StrEnum):
    """What an indicator counts: each names one read-side function (`projections/indicators/measures.py`)."""

    DISPATCH_RESPONSE_RATE = "dispatch_response_rate"
    DISPATCH_ON_TIME_RATE = "dispatch_on_time_rate"
    DISPATCH_RESOLUTION_RATE = "dispatch_resolution_rate"
    DISPATCH_SATISFACTION_RATE = "dispatch_satisfaction_rate"
    POVERTY_INCIDENCE = "poverty_incidence"
    MEDICAL_MET_SHARE = "medical_met_share"
    ASSISTANCE_COVERAGE = "assistance_coverage"
    PAIRING_COMPLIANCE = "pairing_compliance"
    SECRETARY_IS_DIRECTOR_SHARE = "secretary_is_director_share"
    RESERVE_RATIO = "reserve_ratio"
    RESERVE_TRAINING_KEPT = "reserve_training_kept"  # communities with ≥ 2 reserve trainings a year
    TALKS_KEPT = "talks_kept"  # communities holding group talks half-yearly and one-to-one talks quarterly
    MEETINGS_KEPT = "meetings_kept"  # communities holding 三会一课 and themed party days as planned
