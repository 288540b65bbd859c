"""A ledger item's light (红黄绿灯) on a given day: one function, used by the aggregate and the read model."""

from __future__ import annotations

from datetime import date, timedelta

from domain.rectification.values import ItemFlag


def flag(deadline: date, closed: bool, today: date, amber_days: int) -> ItemFlag:
    """Green when closed off or not yet near; amber within `amber_days` of the deadline; red once past it."""
    if closed:
        return ItemFlag.GREEN
    if today > deadline:
        return ItemFlag.RED
    if today >= deadline - timedelta(days=amber_days):
        return ItemFlag.AMBER
    return ItemFlag.GREEN
