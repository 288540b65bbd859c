"""The rules of rectification as data: identification criteria, the acceptance gate, the score sheets,
when an item turns amber and when a closed case is looked at again (defaults from local procedures:
prefecture identification rules, county acceptance rules; docs/rectification.md gives the sources).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.rectification.sheet import DEFAULT_SHEETS, ScoreSheet


@dataclass(frozen=True)
class Criterion:
    """Why a unit is identified (软弱涣散 认定标准); "应整尽整": a criterion, never a quota."""

    code: str
    description: str
    needs_text: bool = False  # "other": the identifier says what in `criterion_text`


DEFAULT_CRITERIA: tuple[Criterion, ...] = (
    Criterion("secretary_vacant", "书记长期缺职: secretary post vacant more than 3 months"),
    Criterion("low_satisfaction", "群众满意度低于60%: satisfaction below 60%"),
    Criterion("last_in_assessment", "年度考核排名末位: last place in the annual assessment"),
    Criterion("missed_indicator", "指标未达标: a target indicator missed at its deadline (opened by the indicators)"),
    Criterion("other", "其他: another ground, described in the identification", needs_text=True),
)


@dataclass(frozen=True)
class GateRule:
    """When an acceptance passes: enough points, and no veto by the democratic assessment.

    The veto applies whatever the score: more than `veto_share` of the votes cast are "unsatisfied".
    """

    pass_points: int = 70  # 验收得分70分以上为合格
    veto_share: float = 0.5  # 不满意票超过半数的, 一票否决
    representatives: int = 15  # 民主测评代表人数


@dataclass(frozen=True)
class RectificationPolicy:
    criteria: tuple[Criterion, ...] = DEFAULT_CRITERIA
    gate: GateRule = GateRule()
    sheets: dict[int, ScoreSheet] = field(default_factory=lambda: dict(DEFAULT_SHEETS))
    current_sheet: int = 1  # the version a new score uses unless the scorer names another
    amber_days: int = 7  # an open item turns amber this many days before its deadline
    reinspect_after_months: int = 6  # 回头看 six months after closing

    def criterion(self, code: str) -> Criterion | None:
        return next((c for c in self.criteria if c.code == code), None)
