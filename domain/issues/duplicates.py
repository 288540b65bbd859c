"""Possible duplicates: what a report shares with the open issues it may repeat, and the port the
read side answers (the issue rows; `projections/issues/duplicates.py`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class DuplicateQuery:
    """What a possible duplicate shares with a report: its subclass, its place, and a window of
    report times (`until` and `excluding` when a report already made is checked)."""

    node: str
    path: tuple[str, ...]
    category: str
    since: datetime
    until: datetime | None = None
    excluding: str = ""


class DuplicateFinder(Protocol):
    """Finds open issues that may report the same problem (a port: the read side answers it)."""

    def __call__(self, query: DuplicateQuery) -> list[str]: ...


def no_duplicates(query: DuplicateQuery) -> list[str]:
    return []
