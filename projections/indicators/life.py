"""Measures over organisation-life records: the share of communities whose obligations of some kinds
stand met on a day, judged by the same cadence engine and policy as the community's own compliance."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import select

from domain.cadence.compliance import Standing
from domain.grid.levels import Level
from domain.positions.life import DEFAULT_LIFE, LifeKind, compliance
from projections.indicators.source import MeasureFn, Source, descendants_at
from projections.positions.tables import organisation_life

# An obligation is kept on a day when no window of the year closed short and it is not overdue now
# (on track, due soon or met); a year window, such as trainings, is judged when it closes.
_KEPT = frozenset({Standing.MET, Standing.ON_TRACK, Standing.DUE_SOON})


def kept_share(*kinds: LifeKind) -> MeasureFn:
    """Communities whose obligations of `kinds` are not overdue on `on` ÷ communities, this calendar year."""

    def measure(source: Source, node: str, on: date) -> float | None:
        view = source.tree.node(node)
        if view.level > Level.COMMUNITY:
            return None
        below = descendants_at(source.tree, node, Level.COMMUNITY)
        communities = [node] if view.level == Level.COMMUNITY else [v.code for v in below]
        if not communities:
            return None
        o = organisation_life.c
        query = select(o.community, o.kind, o.held_on, o.planned_on).where(
            o.community.in_(communities), o.held_on <= on
        )
        records: dict[str, list[tuple[str, date, date | None]]] = defaultdict(list)
        with source.engine.connect() as conn:
            for community, kind, held, planned in conn.execute(query):
                records[community].append((kind, held, planned))
        kept = 0
        for community in communities:
            statuses = compliance(DEFAULT_LIFE, records[community], on=on, since=date(on.year, 1, 1))
            kept += all(s.standing in _KEPT and not s.missed_windows for s in statuses if s.kind in kinds)
        return round(kept / len(communities), 4)

    return measure
