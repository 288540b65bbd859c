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


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has fewer days."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")
