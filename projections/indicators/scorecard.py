"""A node's scorecard on a date: every indicator judged on the value over the node's subtree, with the
nodes below that miss.

A node above an indicator's level (a street, for a community indicator) also lists each node of the
indicator's level below it that misses; a node at or below that level lists none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.grid.tree import NodeView
from domain.indicators.definitions import DEFINITIONS, Indicator, definitions_on
from domain.indicators.judging import Target, judge
from domain.indicators.values import IndicatorVerdict
from projections.indicators.measures import MEASURES
from projections.indicators.source import Source, descendants_at


@dataclass(frozen=True)
class NodeScore:
    code: str
    name: str
    value: float | None
    verdict: IndicatorVerdict


@dataclass(frozen=True)
class Score:
    indicator: Indicator
    value: float | None
    verdict: IndicatorVerdict
    target: Target
    judged_below: int  # nodes of the indicator's level below this one (0 at that level itself)
    missing_below: list[NodeScore]


@dataclass(frozen=True)
class Scorecard:
    node: NodeView
    on: date
    scores: list[Score]


def scorecard(source: Source, code: str, on: date, table: tuple[Indicator, ...] = DEFINITIONS) -> Scorecard:
    view = source.tree.node(code)
    scores = [_score(source, view, one, on) for one in definitions_on(on, table)]
    return Scorecard(view, on, scores)


def evaluate(source: Source, indicator: Indicator, code: str, on: date) -> NodeScore:
    """One indicator at one node: the value over its subtree and the verdict on it."""
    view = source.tree.node(code)
    value = MEASURES[indicator.measure](source, code, on)
    return NodeScore(code, view.name, value, judge(indicator, value, on)[0])


def _score(source: Source, view: NodeView, indicator: Indicator, on: date) -> Score:
    value = MEASURES[indicator.measure](source, view.code, on)
    verdict, target = judge(indicator, value, on)
    below = descendants_at(source.tree, view.code, indicator.level) if indicator.level > view.level else []
    judged = [evaluate(source, indicator, node.code, on) for node in below]
    missing = [s for s in judged if s.verdict is IndicatorVerdict.MISS]
    return Score(indicator, value, verdict, target, len(below), missing)
