"""The grid node aggregate: one per node, the parent saved with each child it gains or loses.

The parent's version then guards the invariants that span two nodes: a node is never retired
while a concurrent command attaches a child to it, and never gains a child once retired.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from eventsourcing.domain import Aggregate

from domain.grid.duties import Duty
from domain.grid.levels import Level, check_code, check_name
from domain.shared.errors import IllegalTransitionError, InvalidInputError
from domain.shared.ids import node_id


class GridNode(Aggregate):
    """A street, community, compound or building, with its leader and workers."""

    TOPIC = "gridgov.grid:GridNode"

    class Event(Aggregate.Event):
        """Every grid fact says who did it, why, and on which node (its code)."""

        actor: str
        reason: str
        code: str

    class Created(Event, Aggregate.Created):
        """A node was created (网格划分), under a parent one level up unless it is a street."""

        TOPIC = "gridgov.grid:GridNode.Created"
        name: str
        level: int
        parent_code: str | None

    class Renamed(Event):
        """The node's display name changed; its code never does."""

        TOPIC = "gridgov.grid:GridNode.Renamed"
        old_name: str
        name: str

        def apply(self, aggregate: Any) -> None:
            aggregate.name = self.name

    class Moved(Event):
        """The node, with its whole subtree, was placed under another parent of the same level."""

        TOPIC = "gridgov.grid:GridNode.Moved"
        from_parent: str
        to_parent: str

        def apply(self, aggregate: Any) -> None:
            aggregate.parent_code = self.to_parent

    class Retired(Event):
        """The node was taken out of service; it keeps its history and takes no new children."""

        TOPIC = "gridgov.grid:GridNode.Retired"

        def apply(self, aggregate: Any) -> None:
            aggregate.retired = True

    class ChildAttached(Event):
        """A child node was created under, or moved to, this node."""

        TOPIC = "gridgov.grid:GridNode.ChildAttached"
        child_code: str

        def apply(self, aggregate: Any) -> None:
            aggregate.children = sorted({*aggregate.children, self.child_code})

    class ChildDetached(Event):
        """A child node was moved away from, or retired under, this node."""

        TOPIC = "gridgov.grid:GridNode.ChildDetached"
        child_code: str

        def apply(self, aggregate: Any) -> None:
            aggregate.children = [c for c in aggregate.children if c != self.child_code]

    class PersonAssigned(Event):
        """A person took up a duty on the node: grid leader (网格长) or grid worker (网格员)."""

        TOPIC = "gridgov.grid:GridNode.PersonAssigned"
        username: str
        duty: str

        def apply(self, aggregate: Any) -> None:
            if self.duty == Duty.LEADER:
                aggregate.leader = self.username
            else:
                aggregate.workers = sorted({*aggregate.workers, self.username})

    class PersonUnassigned(Event):
        """A person gave up a duty on the node."""

        TOPIC = "gridgov.grid:GridNode.PersonUnassigned"
        username: str
        duty: str

        def apply(self, aggregate: Any) -> None:
            if self.duty == Duty.LEADER:
                aggregate.leader = None
            else:
                aggregate.workers = [w for w in aggregate.workers if w != self.username]

    def __init__(self, code: str, name: str, level: int, parent_code: str | None) -> None:
        """Applies Created: the library calls this with the event's fields, on every replay."""
        self.code = code
        self.name = name
        self.level = level
        self.parent_code = parent_code
        self.children: list[str] = []
        self.retired = False
        self.leader: str | None = None
        self.workers: list[str] = []

    @classmethod
    def create(
        cls,
        *,
        code: str,
        name: str,
        parent: GridNode | None,
        actor: str,
        reason: str,
        at: datetime,
    ) -> GridNode:
        """Creates a street (no parent) or a child one level below `parent`, attaching it there."""
        check_code(code)
        name = check_name(name)
        if parent is None:
            level = Level.STREET
        else:
            parent.require_active("add a child to")
            if parent.level == Level.BUILDING:
                raise InvalidInputError(f"{parent.code} is a building: buildings have no children", field="parent_code")
            level = Level(parent.level + 1)
        node = cls._create(
            cls.Created,
            id=node_id(code),
            timestamp=at,
            code=code,
            name=name,
            level=int(level),
            parent_code=parent.code if parent else None,
            actor=actor,
            reason=reason,
        )
        if parent is not None:
            parent._fact(parent.ChildAttached, at, actor, reason, child_code=code)
        return node

    def require_active(self, doing: str) -> None:
        if self.retired:
            raise IllegalTransitionError(f"cannot {doing} {self.code}: it is retired", state="retired", allowed=[])

    def rename(self, *, name: str, actor: str, reason: str, at: datetime) -> None:
        self.require_active("rename")
        name = check_name(name)
        if name == self.name:
            raise InvalidInputError(f"{self.code} is already named {name!r}", field="name")
        self._fact(self.Renamed, at, actor, reason, old_name=self.name, name=name)

    def move(self, *, old_parent: GridNode | None, new_parent: GridNode, actor: str, reason: str, at: datetime) -> None:
        """Moves this node under `new_parent`; levels never change, so no cycle can form."""
        if old_parent is None:
            raise InvalidInputError("a street is a root and cannot be moved", field="code")
        self.require_active("move")
        new_parent.require_active("move a node under")
        if new_parent.level != self.level - 1:
            expected = Level(self.level - 1).label
            raise InvalidInputError(
                f"{self.code} is a {Level(self.level).label}: its parent must be a {expected}, "
                f"and {new_parent.code} is a {Level(new_parent.level).label}",
                field="new_parent",
            )
        if new_parent.code == self.parent_code:
            raise InvalidInputError(f"{self.code} is already under {new_parent.code}", field="new_parent")
        assert old_parent.code == self.parent_code, "caller must pass the current parent"
        self._fact(self.Moved, at, actor, reason, from_parent=old_parent.code, to_parent=new_parent.code)
        old_parent._fact(old_parent.ChildDetached, at, actor, reason, child_code=self.code)
        new_parent._fact(new_parent.ChildAttached, at, actor, reason, child_code=self.code)

    def retire(self, *, parent: GridNode | None, actor: str, reason: str, at: datetime) -> None:
        """Retires the node; refused while it still has active children (no orphans)."""
        self.require_active("retire")
        if self.children:
            raise IllegalTransitionError(
                f"cannot retire {self.code}: it still has {len(self.children)} active children "
                f"({', '.join(self.children[:5])}); move or retire them first",
                state="has_children",
                allowed=["move", "retire children"],
            )
        self._fact(self.Retired, at, actor, reason)
        if parent is not None:
            parent._fact(parent.ChildDetached, at, actor, reason, child_code=self.code)

    def assign(self, *, username: str, duty: Duty, actor: str, reason: str, at: datetime) -> None:
        self.require_active("assign people to")
        if duty == Duty.LEADER and self.leader is not None:
            what = "already leads" if self.leader == username else "is already the leader of"
            raise InvalidInputError(f"{self.leader} {what} {self.code}; unassign first", field="username")
        if duty == Duty.WORKER and username in self.workers:
            raise InvalidInputError(f"{username} is already a worker of {self.code}", field="username")
        self._fact(self.PersonAssigned, at, actor, reason, username=username, duty=str(duty))

    def unassign(self, *, username: str, duty: Duty, actor: str, reason: str, at: datetime) -> None:
        holders = [self.leader] if duty == Duty.LEADER else self.workers
        if username not in holders:
            raise InvalidInputError(f"{username} is not a {duty} of {self.code}", field="username")
        self._fact(self.PersonUnassigned, at, actor, reason, username=username, duty=str(duty))

    def _fact(self, event_class: type[GridNode.Event], at: datetime, actor: str, reason: str, **fields: Any) -> None:
        self.trigger_event(event_class, timestamp=at, actor=actor, reason=reason, code=self.code, **fields)


GRID_TOPICS: tuple[str, ...] = tuple(
    str(getattr(obj, "TOPIC"))  # noqa: B009
    for obj in vars(GridNode).values()
    if isinstance(obj, type) and issubclass(obj, GridNode.Event) and obj is not GridNode.Event
)
