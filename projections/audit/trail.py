"""Builds the audit trail from every event, with the actor's roles and the node's path as they were.

The projection keeps the grid tree and everyone's grants in memory as of the event it is at;
after a restart it replays them up to its tracking position before going on.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from sqlalchemy import Connection, insert

from domain.accounts.model import Account
from domain.audit.kinds import EntityKind
from domain.grid.model import GRID_TOPICS, GridNode
from domain.grid.tree import GridTree
from projections.audit.summaries import summarise
from projections.audit.trail_table import trail
from projections.grid_tree import apply_event
from projections.log import read_log

_COMMON = {"originator_id", "originator_version", "timestamp", "originator_topic", "actor", "reason"}
_ACCOUNT_TOPICS = (Account.Opened.TOPIC, Account.RoleGranted.TOPIC, Account.RoleRevoked.TOPIC)
_WITHHELD = {"password_hash": "(argon2 hash withheld)", "secret_hash": "(API key hash withheld)"}


class AuditTrail:
    name = "audit_trail"
    topics: tuple[str, ...] = ()
    tables = (trail,)

    def __init__(self) -> None:
        self._tree = GridTree()
        self._grants: dict[str, set[str]] = {}
        self._usernames: dict[UUID, str] = {}

    def prepare(self, app: Application[UUID], position: int) -> None:
        """Rebuilds the in-memory tree and grants up to `position`, where the rows stop."""
        self._tree, self._grants, self._usernames = GridTree(), {}, {}
        if position:
            for _, event in read_log(app, topics=(*GRID_TOPICS, *_ACCOUNT_TOPICS), stop=position):
                self._follow(event)

    def handle(self, conn: Connection, position: int, event: Any) -> None:
        self.handle_batch(conn, [(position, event)])

    def handle_batch(self, conn: Connection, items: Sequence[tuple[int, Any]]) -> None:
        conn.execute(_INSERT, [self._row(position, event) for position, event in items])

    def _row(self, position: int, event: Any) -> dict[str, Any]:
        self._follow(event)
        qualified = type(event).__qualname__
        entity_kind = EntityKind(qualified.split(".")[0])  # an aggregate outside the vocabulary stops here
        fields = {k: _plain(v) for k, v in vars(event).items() if k not in _COMMON}
        # Every feature's events say where in the grid they happened (`node`); a grid node's own, by code.
        node = fields.get("node") or (fields.get("code") if entity_kind is EntityKind.GRID_NODE else None)
        if entity_kind is EntityKind.ACCOUNT and fields.get("role") in ("office", "grid_leader", "grid_worker"):
            node = fields.get("scope")
        zh, en = summarise(qualified, fields)
        return dict(
            position=position,
            at=event.timestamp,
            actor=event.actor,
            roles=",".join(sorted(self._grants.get(event.actor, set()))),
            kind=qualified,
            entity_kind=entity_kind.value,
            entity_id=self._entity_id(entity_kind, event, fields),
            node=node,
            node_path="/".join(v.code for v in self._tree.path(node)) if node and node in self._tree else None,
            reason=event.reason,
            summary_zh=zh,
            summary_en=en,
            payload={k: _WITHHELD.get(k, v) for k, v in fields.items()},
        )

    def _follow(self, event: Any) -> None:
        if isinstance(event, GridNode.Event):
            apply_event(self._tree, event)
        elif isinstance(event, Account.Opened):
            self._usernames[event.originator_id] = event.username
        elif isinstance(event, Account.RoleGranted | Account.RoleRevoked):
            held = self._grants.setdefault(self._usernames[event.originator_id], set())
            label = f"{event.role}:{event.scope}".rstrip(":")
            (held.add if isinstance(event, Account.RoleGranted) else held.discard)(label)

    def _entity_id(self, kind: EntityKind, event: Any, fields: dict[str, Any]) -> str:
        if kind is EntityKind.ACCOUNT:
            return self._usernames.get(event.originator_id, str(event.originator_id))
        if kind in (EntityKind.GRID_NODE, EntityKind.DEPARTMENT, EntityKind.CATEGORY):
            return str(fields["code"])
        singletons = {EntityKind.CALENDAR_SETTINGS: "calendar", EntityKind.ADMINISTRATORS: "administrators"}
        return singletons.get(kind, str(event.originator_id))


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    return value


_INSERT = insert(trail)  # values go as parameters, so the statement compiles once
