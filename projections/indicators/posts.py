"""Measures over the positions read model (who holds which post on which community, valid from / to)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import or_, select

from domain.grid.levels import Level
from domain.reviews.values import Post
from projections.indicators.source import Source, descendants_at
from projections.positions.tables import positions


def _holders(source: Source, node: str, on: date) -> tuple[list[str], dict[str, dict[Post, set[str]]]]:
    """The active communities at or below `node`, and who holds each post on each of them on `on`."""
    view = source.tree.node(node)
    if view.level > Level.COMMUNITY:
        return [], {}
    communities = (
        [node]
        if view.level == Level.COMMUNITY
        else [v.code for v in descendants_at(source.tree, node, Level.COMMUNITY)]
    )
    p = positions.c
    query = select(p.community, p.post, p.person_id).where(
        p.community.in_(communities), p.valid_from <= on, or_(p.valid_to.is_(None), p.valid_to > on)
    )
    held: dict[str, dict[Post, set[str]]] = defaultdict(lambda: defaultdict(set))
    with source.engine.connect() as conn:
        for community, post, person in conn.execute(query):
            held[community][Post(post)].add(person)
    return communities, held


def secretary_is_director_share(source: Source, node: str, on: date) -> float | None:
    """一肩挑: communities whose party secretary also holds the director post on `on` ÷ communities."""
    communities, held = _holders(source, node, on)
    both = sum(1 for c in communities if held[c][Post.SECRETARY] & held[c][Post.DIRECTOR]) if communities else 0
    return round(both / len(communities), 4) if communities else None


def reserve_ratio(source: Source, node: str, on: date) -> float | None:
    """后备库: reserves ÷ party secretaries on `on`, over the communities at or below `node`."""
    communities, held = _holders(source, node, on)
    secretaries = sum(len(held[c][Post.SECRETARY]) for c in communities)
    reserves = sum(len(held[c][Post.RESERVE]) for c in communities)
    return round(reserves / secretaries, 4) if secretaries else None
