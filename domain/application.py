"""The command side: the only code that loads and saves aggregates. One save per command."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TypeVar, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from domain.accounts.model import Account, check_username
from domain.accounts.roles import Grant, Role
from domain.grid.duties import Duty
from domain.grid.levels import Level
from domain.grid.model import GridNode
from domain.grid.sheet import ExistingNode, ImportPlan, SheetRow, plan_import
from domain.shared.clock import Clock
from domain.shared.errors import AlreadyExistsError, ConflictError, InvalidInputError, NotFoundError
from domain.shared.ids import account_id, node_id

A = TypeVar("A", bound=Aggregate)


class GridGov(Application[UUID]):
    """Commands of the grid, accounts and (later) issues; events go to one ordered log."""

    # Fixed, so renaming the class never moves the stored data (table names derive from it).
    name = "gridgov"

    def __init__(self, clock: Clock, env: dict[str, str] | None = None) -> None:
        super().__init__(env=env)
        self.clock = clock

    # Grid tree.

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

    def node(self, code: str, *, field: str = "code") -> GridNode:
        return self._get(GridNode, node_id(code), f"no grid node with code {code!r}", field)

    def node_as_of(self, code: str, at: datetime) -> GridNode:
        """The node as it was at `at`: its events up to that moment, replayed."""
        return self._as_of(GridNode, node_id(code), at, f"grid node {code!r} did not exist at {at.isoformat()}")

    # Accounts.

    def open_account(
        self,
        *,
        username: str,
        display_name: str,
        password_hash: str,
        actor: str,
        reason: str,
        phone: str = "",
        grants: Sequence[Grant] = (),
    ) -> Account:
        account = Account.open(
            username=username,
            display_name=display_name,
            phone=phone,
            password_hash=password_hash,
            actor=actor,
            reason=reason,
            at=self.clock.now(),
        )
        for grant in grants:
            self._check_scope(grant)
            account.grant(grant=grant, actor=actor, reason=reason, at=self.clock.now())
        self._save_new(account, key=username, field="username")
        return account

    def grant_role(self, *, username: str, grant: Grant, actor: str, reason: str) -> Account:
        account = self.account(username)
        self._check_scope(grant)
        account.grant(grant=grant, actor=actor, reason=reason, at=self.clock.now())
        self.commit(account)
        return account

    def revoke_role(self, *, username: str, grant: Grant, actor: str, reason: str) -> Account:
        account = self.account(username)
        account.revoke(grant=grant, actor=actor, reason=reason, at=self.clock.now())
        self.commit(account)
        return account

    def change_password(self, *, username: str, password_hash: str, actor: str, reason: str) -> Account:
        account = self.account(username)
        account.change_password(password_hash=password_hash, actor=actor, reason=reason, at=self.clock.now())
        self.commit(account)
        return account

    def close_account(self, *, username: str, actor: str, reason: str) -> Account:
        account = self.account(username)
        account.close(actor=actor, reason=reason, at=self.clock.now())
        self.commit(account)
        return account

    def account(self, username: str) -> Account:
        check_username(username.casefold())
        return self._get(Account, account_id(username), f"no account {username!r}", "username")

    def has_account(self, username: str) -> bool:
        try:
            self.account(username)
        except NotFoundError:
            return False
        return True

    # Loading and saving.

    def _check_scope(self, grant: Grant) -> None:
        if grant.role.scope_kind == "grid":
            self.node(grant.scope, field="scope")

    def _existing(self, code: str) -> ExistingNode | None:
        try:
            node = self.node(code)
        except NotFoundError:
            return None
        return ExistingNode(node.name, Level(node.level), node.parent_code, node.retired)

    def _get(self, kind: type[A], aggregate_id: UUID, message: str, field: str) -> A:
        try:
            aggregate: Aggregate = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            raise NotFoundError(message, field=field) from None
        assert isinstance(aggregate, kind)
        return aggregate

    def _as_of(self, kind: type[A], aggregate_id: UUID, at: datetime, message: str) -> A:
        version = None
        for stored in self.events.get(aggregate_id):
            if cast(Aggregate.Event, stored).timestamp > at:
                break
            version = stored.originator_version
        if version is None:
            raise NotFoundError(message)
        aggregate: Aggregate = self.repository.get(aggregate_id, version=version)
        assert isinstance(aggregate, kind)
        return aggregate

    @staticmethod
    def _expect(aggregate: A, expected_version: int | None) -> A:
        if expected_version is not None and aggregate.version != expected_version:
            raise ConflictError(
                f"version {expected_version} is stale: it is now at version {aggregate.version}; reload and try again",
                field="If-Match",
            )
        return aggregate

    def _save_new(self, *aggregates: Aggregate | None, key: str, field: str = "code") -> None:
        try:
            self.save(*aggregates)
        except IntegrityError:
            raise AlreadyExistsError(f"{key!r} already exists", field=field) from None

    def commit(self, *aggregates: Aggregate | None) -> None:
        """Records the aggregates' new events in one transaction; a concurrent change is a conflict."""
        try:
            self.save(*aggregates)
        except IntegrityError:
            raise ConflictError("someone else changed this at the same time; reload and try again") from None


def _duty_grant(duty: Duty, code: str) -> Grant:
    return Grant(Role.GRID_LEADER if duty == Duty.LEADER else Role.GRID_WORKER, code)
