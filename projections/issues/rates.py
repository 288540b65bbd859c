"""Evaluation rates per department and per grid node over a period (综合评价).

Each rate is a share from 0 to 1 over the dispatches made in the period (a returned one counts
towards response only); a rate with nothing to count is None, and the composite score, also
0 to 1, weighs only the rates that exist. The definitions are stated on `RateRow` in the API
schema and in docs/dispatch.md. A dispatch counts as late as soon as the queue shows it
overdue, so the on-time rate and the queue's overdue bucket agree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select

from domain.issues.dispatch import DispatchStatus
from domain.issues.policy import DispatchPolicy
from domain.issues.status import Status
from projections.issues.tables import dispatches


def rates(
    engine: Engine,
    *,
    start: datetime,
    end: datetime,
    group_by: Callable[[Any], str | None],
    policy: DispatchPolicy,
    now: datetime,
) -> dict[str, dict[str, float | int | None]]:
    query = select(dispatches).where(dispatches.c.dispatched_at >= start, dispatches.c.dispatched_at <= end)
    groups: dict[str, list[Any]] = defaultdict(list)
    with engine.connect() as conn:
        for row in conn.execute(query):
            key = group_by(row._mapping)
            if key is not None:
                groups[key].append(row._mapping)
    return {key: _figures(rows, policy, now) for key, rows in sorted(groups.items())}


def _late(row: Any, now: datetime) -> bool:
    """A deadline was missed: checked in or fed back after it, or still waiting past it."""
    checked_in, fed_back = row["checked_in_at"], row["fed_back_at"]
    missed_check_in = (checked_in or now) > row["check_in_due"]
    missed_handling = not row["closed"] and (fed_back or now) > row["handle_due"]
    parked = row["issue_status"] == Status.PARKED  # the queue stops a parked issue's clock
    return not parked and (missed_check_in or missed_handling)


def _figures(rows: Iterable[Any], policy: DispatchPolicy, now: datetime) -> dict[str, float | int | None]:
    rows = list(rows)
    handled = [r for r in rows if r["status"] not in _GONE]  # "not ours" counts as a response
    fed_back = [r for r in handled if r["fed_back_at"] is not None]
    responded = [r for r in rows if r["checked_in_at"] is not None and r["checked_in_at"] <= r["check_in_due"]]
    late = [r for r in handled if _late(r, now)]
    decided = len(late) + sum(1 for r in fed_back if not _late(r, now))  # met or missed; the rest still running
    on_time = [r for r in fed_back if not _late(r, now)]
    resolved = [r for r in handled if r["closed"]]
    reworked = [r for r in handled if r["reworks"] > 0]
    rated = [r for r in handled if r["rating"] is not None]
    worth = {"satisfied": 1.0, "basically_satisfied": policy.basically_satisfied}
    score = sum(worth.get(r["rating"], 0.0) for r in rated)
    figures: dict[str, float | int | None] = {
        "dispatched": len(rows),
        "response_rate": _ratio(len(responded), len(rows)),
        "on_time_rate": _ratio(len(on_time), decided),
        "resolution_rate": _ratio(len(resolved), len(handled)),
        "rework_rate": _ratio(len(reworked), len(handled)),
        "satisfaction_rate": _ratio(score, len(rated)),
    }
    parts = {name: figures[f"{name}_rate"] for name in policy.weights if figures.get(f"{name}_rate") is not None}
    weight = sum(policy.weights[name] for name in parts)
    figures["composite"] = (
        round(sum(policy.weights[n] * float(v or 0) for n, v in parts.items()) / weight, 4) if weight else None
    )
    return figures


_GONE = (DispatchStatus.RETURNED, DispatchStatus.WITHDRAWN)


def _ratio(part: float, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None
