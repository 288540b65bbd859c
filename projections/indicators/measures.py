"""The measures an indicator definition names: each (source, node, on) → a value or None.

Every value is over the node's whole subtree as of the day `on` (the district's date), so a
street's value is rolled up from its households, dispatches or communities, not averaged. The
grid itself is the tree as it is now.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.indicators.values import IndicatorMeasure
from domain.positions.life import LifeKind
from domain.standards.items import Item
from projections.indicators.life import kept_share
from projections.indicators.posts import reserve_ratio, secretary_is_director_share
from projections.indicators.source import MeasureFn, Source
from projections.issues.rates import rates
from projections.monitoring.node_standards import node_standards
from projections.pairings.compliance import compliance
from projections.pairings.coverage import register_coverage
from projections.pairings.lists import PairingFilter, Reader


def _dispatch_rate(name: str) -> MeasureFn:
    def measure(source: Source, node: str, on: date) -> float | None:
        column = source.tree.node(node).level.label
        start, end = source.rates_window(on)

        def key(row: Any) -> str | None:
            return node if row[column] == node else None

        now = min(end, source.now)
        figures = rates(source.engine, start=start, end=end, group_by=key, policy=source.policy, now=now)
        value = figures.get(node, {}).get(name)
        return None if value is None else float(value)

    return measure


def poverty_incidence(source: Source, node: str, on: date) -> float | None:
    total, _ = node_standards(source.engine, node, [], on=on)
    return None if total.poverty_incidence is None else round(total.poverty_incidence, 4)


def medical_met_share(source: Source, node: str, on: date) -> float | None:
    """Of the households checked by `on`, the share whose medical item is met (out-of-pocket ≤ 10%)."""
    total, _ = node_standards(source.engine, node, [], on=on)
    share = total.share(Item.MEDICAL)
    return None if share is None else round(share, 4)


def assistance_coverage(source: Source, node: str, on: date) -> float | None:
    return register_coverage(source.engine, None, node, on=on).rate


def pairing_compliance(source: Source, node: str, on: date) -> float | None:
    return compliance(source.engine, Reader(everything=True), PairingFilter(node=node), on=on).total.rate


MEASURES: dict[IndicatorMeasure, MeasureFn] = {
    IndicatorMeasure.RESERVE_TRAINING_KEPT: kept_share(LifeKind.RESERVE_TRAINING),
    IndicatorMeasure.TALKS_KEPT: kept_share(LifeKind.GROUP_TALK, LifeKind.ONE_TO_ONE_TALK),
    IndicatorMeasure.MEETINGS_KEPT: kept_share(LifeKind.PARTY_MEETING, LifeKind.THEMED_PARTY_DAY),
    IndicatorMeasure.DISPATCH_RESPONSE_RATE: _dispatch_rate("response_rate"),
    IndicatorMeasure.DISPATCH_ON_TIME_RATE: _dispatch_rate("on_time_rate"),
    IndicatorMeasure.DISPATCH_RESOLUTION_RATE: _dispatch_rate("resolution_rate"),
    IndicatorMeasure.DISPATCH_SATISFACTION_RATE: _dispatch_rate("satisfaction_rate"),
    IndicatorMeasure.POVERTY_INCIDENCE: poverty_incidence,
    IndicatorMeasure.MEDICAL_MET_SHARE: medical_met_share,
    IndicatorMeasure.ASSISTANCE_COVERAGE: assistance_coverage,
    IndicatorMeasure.PAIRING_COMPLIANCE: pairing_compliance,
    IndicatorMeasure.SECRETARY_IS_DIRECTOR_SHARE: secretary_is_director_share,
    IndicatorMeasure.RESERVE_RATIO: reserve_ratio,
}
