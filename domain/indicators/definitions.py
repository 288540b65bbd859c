"""Indicator definitions as data: what is counted, against which threshold, by which date, at which level.

A definition never changes in place: a new threshold or deadline is a new `version` with the date it
takes effect, so a date before it is still judged by the version then in force. Sources: DOMAIN.md
"Targets with deadlines (indicators)"; a target marked `LOCAL_DEFAULT` has no published figure and
is ours to confirm with the district.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from domain.grid.levels import Level
from domain.indicators.values import IndicatorComparison, IndicatorMeasure, IndicatorUnit
from domain.shared.errors import InvalidInputError, NotFoundError

LOCAL_DEFAULT = "local default (no published figure): confirm with the district"
SINCE = date(2020, 1, 1)


@dataclass(frozen=True)
class Deadline:
    """By this day of each year (month, day) the value must reach `threshold`."""

    month: int
    day: int
    threshold: float

    def in_year(self, year: int) -> date:
        return date(year, self.month, self.day)


@dataclass(frozen=True)
class Indicator:
    code: str
    name_zh: str
    name_en: str
    measure: IndicatorMeasure
    unit: IndicatorUnit
    comparison: IndicatorComparison
    threshold: float  # in force all year when there are no deadlines ("standing"); else the final one
    level: Level  # judged at nodes of this level; a node above gets the value over its subtree
    source: str
    deadlines: tuple[Deadline, ...] = field(default=())
    version: int = 1
    effective_from: date = SINCE
    opens_case: bool = False  # a miss at a node of `level` opens a rectification case there, once a deadline

    def __post_init__(self) -> None:
        days = [(d.month, d.day) for d in self.deadlines]
        if days != sorted(set(days)):
            raise InvalidInputError(f"deadlines of {self.code} must be in calendar order, once each", field="deadlines")
        for deadline in self.deadlines:
            deadline.in_year(2024)  # a leap year: refuses 31 June, accepts 29 February

    @property
    def standing(self) -> bool:
        return not self.deadlines


_SHARE, _AT_LEAST = IndicatorUnit.SHARE, IndicatorComparison.AT_LEAST

DEFINITIONS: tuple[Indicator, ...] = (
    Indicator(
        "secretary_is_director", "书记主任一肩挑比例", "secretary also chairs the residents' committee (一肩挑)",
        IndicatorMeasure.SECRETARY_IS_DIRECTOR_SHARE, _SHARE, _AT_LEAST, 1.0, Level.COMMUNITY,
        "DOMAIN.md: ≥ 85% by the end of June, 100% by the end of the year",
        deadlines=(Deadline(6, 30, 0.85), Deadline(12, 31, 1.0)),
        opens_case=True,
    ),
    Indicator(
        "reserve_ratio", "书记后备人选比例", "reserves per party secretary", IndicatorMeasure.RESERVE_RATIO,
        IndicatorUnit.RATIO, _AT_LEAST, 1.0, Level.COMMUNITY, "DOMAIN.md: one reserve per secretary (1:1), standing",
    ),
    Indicator(
        "reserve_training", "后备库集中培训达标社区占比", "communities training their reserve pool twice a year",
        IndicatorMeasure.RESERVE_TRAINING_KEPT, _SHARE, _AT_LEAST, 1.0, Level.COMMUNITY,
        "DOMAIN.md: reserve pool training ≥ 2 concentrated sessions a year (judged as the year closes)",
    ),
    Indicator(
        "reserve_talks", "后备人选谈话按期占比", "communities holding reserve talks on cadence",
        IndicatorMeasure.TALKS_KEPT, _SHARE, _AT_LEAST, 1.0, Level.COMMUNITY,
        "DOMAIN.md: group talk every half year; one-to-one talk every quarter",
    ),
    Indicator(
        "party_life_as_planned", "三会一课和主题党日按计划开展占比", "party-life meetings held as planned",
        IndicatorMeasure.MEETINGS_KEPT, _SHARE, _AT_LEAST, 1.0, Level.COMMUNITY,
        "DOMAIN.md: planned at the start of the month, held by its middle, 100%",
        opens_case=True,
    ),
    Indicator(
        "poverty_incidence", "贫困发生率", "poverty incidence", IndicatorMeasure.POVERTY_INCIDENCE, _SHARE,
        IndicatorComparison.BELOW, 0.03, Level.COMMUNITY, "DOMAIN.md: village poverty incidence < 3% (exit check)",
    ),
    Indicator(
        "medical_out_of_pocket", "县域内就医个人自付≤10%户占比", "households with in-county out-of-pocket ≤ 10%",
        IndicatorMeasure.MEDICAL_MET_SHARE, _SHARE, _AT_LEAST, 1.0, Level.COMMUNITY,
        "DOMAIN.md: in-county out-of-pocket medical cost ≤ 10% (standing), for every checked household",
    ),
    Indicator(
        "assistance_coverage", "帮扶责任人全覆盖", "assistance coverage", IndicatorMeasure.ASSISTANCE_COVERAGE, _SHARE,
        _AT_LEAST, 1.0, Level.COMMUNITY, "issue 11: assistance coverage 100% (against the register)",
    ),
    Indicator(
        "pairing_compliance", "结对帮扶按期联系率", "pairing compliance", IndicatorMeasure.PAIRING_COMPLIANCE, _SHARE,
        _AT_LEAST, 1.0, Level.COMMUNITY, "issue 11: pairings contacted on cadence (every closed period met)",
    ),
    Indicator(
        "dispatch_response", "响应率", "dispatch response rate", IndicatorMeasure.DISPATCH_RESPONSE_RATE, _SHARE,
        _AT_LEAST, 0.95, Level.COMMUNITY, LOCAL_DEFAULT,
    ),
    Indicator(
        "dispatch_on_time", "按时办结率", "dispatch on-time rate", IndicatorMeasure.DISPATCH_ON_TIME_RATE, _SHARE,
        _AT_LEAST, 0.9, Level.COMMUNITY, LOCAL_DEFAULT,
    ),
    Indicator(
        "dispatch_resolution", "解决率", "dispatch resolution rate", IndicatorMeasure.DISPATCH_RESOLUTION_RATE, _SHARE,
        _AT_LEAST, 0.9, Level.COMMUNITY, LOCAL_DEFAULT,
    ),
    Indicator(
        "dispatch_satisfaction", "满意率", "dispatch satisfaction rate", IndicatorMeasure.DISPATCH_SATISFACTION_RATE,
        _SHARE, _AT_LEAST, 0.9, Level.COMMUNITY, LOCAL_DEFAULT,
    ),
)  # fmt: skip


def definitions_on(on: date, table: tuple[Indicator, ...] = DEFINITIONS) -> list[Indicator]:
    """Each indicator's version in force on `on` (the latest taking effect by then), in table order."""
    chosen: dict[str, Indicator] = {}
    for one in table:
        current = chosen.get(one.code)
        if one.effective_from <= on and (current is None or one.version > current.version):
            chosen[one.code] = one
    return list(chosen.values())


def definition(code: str, on: date, table: tuple[Indicator, ...] = DEFINITIONS) -> Indicator:
    for one in definitions_on(on, table):
        if one.code == code:
            return one
    raise NotFoundError(f"no indicator {code!r} in force on {on.isoformat()}", field="code")
