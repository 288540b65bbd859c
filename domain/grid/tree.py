"""The grid tree as a typed class over a networkx graph: the only networkx import.

Queries walk parent links (O(depth)); whole-graph algorithms stay off the request path
because at city scale they cost seconds (see docs/benchmarks.md).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from domain.grid.duties import Duty
from domain.grid.levels import Level
from domain.shared.errors import NotFoundError


@dataclass(frozen=True)
class NodeView:
    """A node as the tree knows it: what queries return."""

    code: str
    name: str
    level: Level
    parent_code: str | None
    retired: bool
    leader: str | None
    workers: tuple[str, ...]


@dataclass
class Subtree:
    """A node and everything below it, with counts of active nodes per level."""

    node: NodeView
    children: list[Subtree] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        tally: Counter[str] = Counter()
        for view in self.walk():
            if not view.retired:
                tally[view.level.label] += 1
        return dict(tally)

    def walk(self) -> Iterator[NodeView]:
        yield self.node
        for child in self.children:
            yield from child.walk()


class GridTree:
    """A forest of streets; each node is keyed by its city-wide code."""

    def __init__(self) -> None:
        self._graph: nx.DiGraph[str] = nx.DiGraph()

    def __len__(self) -> int:
        return int(self._graph.number_of_nodes())

    def __contains__(self, code: object) -> bool:
        return code in self._graph

    # Mutations: called only by the projection that follows the event log.

    def add(self, code: str, name: str, level: Level, parent_code: str | None) -> None:
        if parent_code is not None and parent_code not in self._graph:  # networkx would invent it
            raise NotFoundError(f"no grid node with code {parent_code!r}", field="code")
        # The parent is kept as an attribute too: path queries then walk plain dict lookups.
        self._graph.add_node(code, name=name, level=level, retired=False, leader=None, workers=(), parent=parent_code)
        if parent_code is not None:
            self._graph.add_edge(parent_code, code)

    def rename(self, code: str, name: str) -> None:
        self._changed(code)["name"] = name

    def move(self, code: str, new_parent: str) -> None:
        self._attrs(new_parent)
        attrs = self._changed(code)
        if attrs["parent"] is not None:
            self._graph.remove_edge(attrs["parent"], code)
        self._graph.add_edge(new_parent, code)
        attrs["parent"] = new_parent

    def retire(self, code: str) -> None:
        self._changed(code)["retired"] = True

    def assign(self, code: str, username: str, duty: Duty) -> None:
        attrs = self._changed(code)
        if duty == Duty.LEADER:
            attrs["leader"] = username
        else:
            attrs["workers"] = tuple(sorted({*attrs["workers"], username}))

    def unassign(self, code: str, username: str, duty: Duty) -> None:
        attrs = self._changed(code)
        if duty == Duty.LEADER:
            attrs["leader"] = None
        else:
            attrs["workers"] = tuple(w for w in attrs["workers"] if w != username)

    # Queries.

    def node(self, code: str) -> NodeView:
        """The node's view, built on first read and kept until the node next changes."""
        attrs = self._attrs(code)
        view: NodeView | None = attrs.get("view")
        if view is None:
            view = attrs["view"] = NodeView(
                code=code,
                name=attrs["name"],
                level=attrs["level"],
                parent_code=attrs["parent"],
                retired=attrs["retired"],
                leader=attrs["leader"],
                workers=attrs["workers"],
            )
        return view

    def parent(self, code: str) -> str | None:
        parent: str | None = self._attrs(code)["parent"]
        return parent

    def children(self, code: str, *, include_retired: bool = False) -> list[NodeView]:
        self._attrs(code)
        views = [self.node(child) for child in sorted(self._graph.succ[code])]
        return [v for v in views if include_retired or not v.retired]

    def streets(self, *, include_retired: bool = False) -> list[NodeView]:
        return self.nodes(level=Level.STREET, include_retired=include_retired)

    def nodes(self, *, level: Level | None = None, include_retired: bool = False) -> list[NodeView]:
        codes = sorted(c for c, attrs in self._graph.nodes(data=True) if level is None or attrs["level"] == level)
        views = [self.node(code) for code in codes]
        return [v for v in views if include_retired or not v.retired]

    def ancestors(self, code: str) -> Iterator[str]:
        """The codes above `code`, nearest first, up to its street."""
        parent = self.parent(code)
        while parent is not None:
            yield parent
            parent = self.parent(parent)

    def path(self, code: str) -> list[NodeView]:
        """From the street down to the node itself: one lookup per level."""
        views = [self.node(code)]
        while views[-1].parent_code is not None:
            views.append(self.node(views[-1].parent_code))
        return views[::-1]

    def is_within(self, code: str, ancestor: str) -> bool:
        """Whether `code` is `ancestor` itself or lies below it."""
        return code == ancestor or ancestor in self.ancestors(code)

    def subtree(self, code: str, *, depth: int | None = None, include_retired: bool = False) -> Subtree:
        root = Subtree(self.node(code))
        if depth is None or depth > 0:
            below = None if depth is None else depth - 1
            root.children = [
                self.subtree(child, depth=below, include_retired=include_retired)
                for child in sorted(self._graph.succ[code])
                if include_retired or not self.node(child).retired
            ]
        return root

    def responsible(self, code: str, duty: Duty) -> tuple[str, list[str]] | None:
        """The nearest node at or above `code` with someone on `duty`, and who they are."""
        for candidate in (code, *self.ancestors(code)):
            view = self.node(candidate)
            holders = (
                [view.leader]
                if duty == Duty.LEADER and view.leader
                else list(view.workers if duty == Duty.WORKER else [])
            )
            if holders:
                return candidate, holders
        return None

    def escalation_chain(self, code: str) -> list[NodeView]:
        """Who an unsolved case goes up to: the node, then each ancestor up to its street."""
        return [self.node(c) for c in (code, *self.ancestors(code))]

    def _changed(self, code: str) -> dict[str, Any]:
        """The node's attributes, about to change: its cached view is dropped."""
        attrs = self._attrs(code)
        attrs.pop("view", None)
        return attrs

    def _attrs(self, code: str) -> dict[str, Any]:
        try:
            return self._graph.nodes[code]
        except KeyError:
            raise NotFoundError(f"no grid node with code {code!r}", field="code") from None
