"""A missed indicator opens a rectification case where it missed (when its definition says
`opens_case`): once per indicator, node and deadline, whoever runs the job and however often.

The case's id derives from (indicator, node, deadline), so a second run, or a second worker, finds
the case there and opens nothing. The worker runs the job every `GRIDGOV_RECTIFY_MINUTES` (default
60, 0: never); `gridgov rectify-missed` runs it on demand.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid5

from domain.indicators.definitions import DEFINITIONS, Indicator, definitions_on
from domain.indicators.judging import target_on
from domain.indicators.values import IndicatorVerdict
from domain.rectification.commands import RectificationCommands
from domain.rectification.values import TargetKind
from domain.shared.errors import AlreadyExistsError
from domain.shared.ids import GRIDGOV_NAMESPACE
from projections.indicators.scorecard import evaluate
from projections.indicators.source import Source, descendants_at

ACTOR = "indicators"  # the job, recorded as the actor of the cases it opens


def missed_case_id(indicator: str, node: str, due: str) -> UUID:
    return uuid5(GRIDGOV_NAMESPACE, f"missed-indicator:{indicator}:{node}:{due}")


def rectify_missed(
    app: RectificationCommands, source: Source, on: date, table: tuple[Indicator, ...] = DEFINITIONS
) -> list[UUID]:
    """Opens a case at every node of an indicator's level where it misses on `on`; returns the new ones."""
    opened = []
    for indicator in definitions_on(on, table):
        target = target_on(indicator, on)
        if not indicator.opens_case or target.threshold is None:
            continue
        due = (target.due_on or date(on.year, 1, 1)).isoformat()  # a standing target: once a year
        for street in source.tree.streets():
            nodes = (
                [street]
                if street.level == indicator.level
                else descendants_at(source.tree, street.code, indicator.level)
            )
            for node in nodes:
                score = evaluate(source, indicator, node.code, on)
                if score.verdict is not IndicatorVerdict.MISS:
                    continue
                why = (
                    f"{indicator.name_zh}: {score.value} {indicator.comparison.symbol} {target.threshold} "
                    f"not met on {on.isoformat()} (deadline {due})"
                )
                try:
                    case = app.identify_case(
                        target_kind=TargetKind.MISSED_INDICATOR,
                        target_id=indicator.code,
                        node=node.code,
                        source=why,
                        criterion="missed_indicator",
                        actor=ACTOR,
                        reason="指标未达标自动立案整改",
                        case_id=missed_case_id(indicator.code, node.code, due),
                    )
                except AlreadyExistsError:
                    continue
                opened.append(case.id)
    return opened
