"""The in-memory grid tree, built from grid events and kept current by following the log.

Every process holds one; before answering, it catches up, so a tree change made through
another process is seen on the next request.
"""

from __future__ import annotations

import threading
from datetime import datetime
from typing import Any

from eventsourcing.application import Application

from domain.application_base import ApplicationBase
from domain.grid.duties import Duty
from domain.grid.levels import Level
from domain.grid.model import GRID_TOPICS, GridNode
from domain.grid.tree import GridTree
from projections.log import read_log


def apply_event(tree: GridTree, event: GridNode.Event) -> None:
    """Applies one grid fact to the tree; parent-side facts repeat child-side ones and are skipped."""
    if isinstance(event, GridNode.Created):
        tree.add(event.code, event.name, Level(event.level), event.parent_code)
    elif isinstance(event, GridNode.Renamed):
        tree.rename(event.code, event.name)
    elif isinstance(event, GridNode.Moved):
        tree.move(event.code, event.to_parent)
    elif isinstance(event, GridNode.Retired):
        tree.retire(event.code)
    elif isinstance(event, GridNode.PersonAssigned):
        tree.assign(event.code, event.username, Duty(event.duty))
    elif isinstance(event, GridNode.PersonUnassigned):
        tree.unassign(event.code, event.username, Duty(event.duty))


class TreeFollower:
    """Holds the current tree of one process and advances it along the log."""

    def __init__(self, app: ApplicationBase) -> None:
        self._app = app
        self._lock = threading.Lock()
        self.tree = GridTree()
        self.position = 0

    def catch_up(self) -> GridTree:
        with self._lock:
            end = self._app.log_head.current()  # positions commit in order; read once per request
            if end > self.position:
                for _, event in read_log(self._app, after=self.position, topics=GRID_TOPICS, stop=end):
                    apply_event(self.tree, event)
                self.position = end  # later scans start past the non-grid events too
        return self.tree


def tree_as_of(app: Application[Any], at: datetime) -> GridTree:
    """The tree as it was at `at`: the log replayed up to the first grid event recorded after `at`.

    Cutting the log (rather than filtering by timestamp) keeps the answer a real prefix of
    history even if two processes' clocks disagreed slightly.
    """
    tree = GridTree()
    for _, event in read_log(app, topics=GRID_TOPICS):
        if event.timestamp > at:
            break
        apply_event(tree, event)
    return tree
