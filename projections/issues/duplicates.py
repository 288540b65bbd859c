"""The duplicate finder the report command is given: the issue rows, brought up to date first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from projections.issues.lists import possible_duplicates
from projections.runner import Runner


@dataclass(frozen=True)
class DuplicatesFromRows:
    runner: Runner

    def __call__(self, *, node: str, path: list[str], category: str, since: datetime) -> list[str]:
        self.runner.catch_up(only=("issues",))
        return possible_duplicates(self.runner.engine, node=node, path=path, category=category, since=since)
