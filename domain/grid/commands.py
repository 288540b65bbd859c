"""Grid tree commands: create, rename, move, retire, staff, import."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from domain.accounts.roles import Grant, Role
from domain.application_base import ApplicationBase
from domain.grid.duties import Duty
from domain.grid.levels import Level
from domain.grid.model import GridNode
from domain.grid.sheet import ExistingNode, ImportPlan, SheetRow, plan_import
from domain.shared.errors import InvalidInputError, NotFoundError
from domain.shared.ids import node_id


class GridCommands(ApplicationBase):
    def create_street(self, *, code: str, name: str, actor: str, reason: str) -> GridNode:
        node = GridNode.create(code=code, name=name, parent=None, actor=actor, reason=reason, at=self.clock.now())
        self._save_new(node, key=code)
        return node

    def add_node(self, *, parent_code: str, code: str, name: str, actor: str, reason: str) -> GridNode:
        parent = self.node(parent_code, field="parent_code")
        node = GridNode.create(code=code, name=name, parent=parent, actor=actor, reason=reason, at=self.clock.now())
        self._save_new(node, parent, key=code)
        return node

    def rename_node(
        self, *, code: str, name: str, actor: str, reason: str, expected_version: int | None = None
    ) -> GridNode:
        node = self._expect(self.node(code), expected_version)
        node.rename(name=name, actor=actor, reason=reason, at=self.clock.now())
        self.commit(node)
        return node

    def move_node(
        self, *, code: str, new_parent: str, actor: str, reason: str, expected_version: int | None = None
    ) -> GridNode:
        node = self._expect(self.node(code), expected_version)
        old = self.node(node.parent_code) if node.parent_code else None
        new = self.node(new_parent, field="new_parent")
        node.move(old_parent=old, new_parent=new, actor=actor, reason=reason, at=self.clock.now())
        self.commit(node, old, new)
        return node

    def retire_node(self, *, code: str, actor: str, reason: str, expected_version: int | None = None) -> GridNode:
        node = self._expect(self.node(code), expected_version)
        parent = self.node(node.parent_code) if node.parent_code else None
        node.retire(parent=parent, actor=actor, reason=reason, at=self.clock.now())
        self.commit(node, parent)
        return node

    def assign(self, *, code: str, username: str, duty: str, actor: str, reason: str) -> GridNode:
        """Puts a person on duty at a node and grants the matching role there, atomically."""
        node, account, role = self.node(code), self.account(username), Duty.parse(duty)
        node.assign(username=account.username, duty=role, actor=actor, reason=reason, at=self.clock.now())
        grant = _duty_grant(role, code)
        if not account.has(grant):
            account.grant(grant=grant, actor=actor, reason=reason, at=self.clock.now())
        self.commit(node, account)
        return node

    def unassign(self, *, code: str, username: str, duty: str, actor: str, reason: str) -> GridNode:
        """Takes a person off duty and revokes the role that came with it."""
        node, account, role = self.node(code), self.account(username), Duty.parse(duty)
        node.unassign(username=account.username, duty=role, actor=actor, reason=reason, at=self.clock.now())
        grant = _duty_grant(role, code)
        if account.has(grant):
            account.revoke(grant=grant, actor=actor, reason=reason, at=self.clock.now())
        self.commit(node, account)
        return node

    def plan_sheet(self, rows: Sequence[SheetRow]) -> ImportPlan:
        return plan_import(rows, self._existing)

    def import_sheet(self, rows: Sequence[SheetRow], *, actor: str, reason: str) -> ImportPlan:
        """Creates every node the sheet adds in one transaction, or nothing if any row is bad."""
        plan = self.plan_sheet(rows)
        if plan.errors:
            raise InvalidInputError(
                f"{len(plan.errors)} bad rows; nothing was imported",
                field="file",
                details=[{"line": e.line, "field": e.column, "reason": e.reason} for e in plan.errors],
            )
        at = self.clock.now()
        loaded: dict[str, GridNode] = {}
        for planned in plan.to_create:
            parent = None
            if planned.parent_code is not None:
                parent = loaded.get(planned.parent_code) or self.node(planned.parent_code)
                loaded[planned.parent_code] = parent
            loaded[planned.code] = GridNode.create(
                code=planned.code, name=planned.name, parent=parent, actor=actor, reason=reason, at=at
            )
        self.commit(*loaded.values())
        return plan

    def node_as_of(self, code: str, at: datetime) -> GridNode:
        """The node as it was at `at`: its events up to that moment, replayed."""
        return self._as_of(GridNode, node_id(code), at, f"grid node {code!r} did not exist at {at.isoformat()}")

    def _existing(self, code: str) -> ExistingNode | None:
        try:
            node = self.node(code)
        except NotFoundError:
            return None
        return ExistingNode(node.name, Level(node.level), node.parent_code, node.retired)


def _duty_grant(duty: Duty, code: str) -> Grant:
    return Grant(Role.GRID_LEADER if duty == Duty.LEADER else Role.GRID_WORKER, code)
