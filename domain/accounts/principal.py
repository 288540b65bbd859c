"""Who is calling, and the scope checks every router uses.

Grid roles see and act on their subtree; they may also read the nodes above it (their path),
but never a sibling's subtree. Auditors read everything and write nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.accounts.model import Account
from domain.accounts.roles import Grant, Role
from domain.grid.tree import GridTree
from domain.shared.errors import ForbiddenError

GRID_ROLES = (Role.OFFICE, Role.GRID_LEADER, Role.GRID_WORKER)


@dataclass(frozen=True)
class Principal:
    username: str
    display_name: str
    grants: tuple[Grant, ...]

    @classmethod
    def of(cls, account: Account) -> Principal:
        """The caller as the account is now: its active grants, so a revocation counts at once."""
        return cls(account.username, account.display_name, tuple(sorted(account.active_grants)))

    def has(self, *roles: Role) -> bool:
        return any(g.role in roles for g in self.grants)

    def scopes(self, *roles: Role) -> list[str]:
        return [g.scope for g in self.grants if g.role in roles]

    @property
    def sees_everything(self) -> bool:
        return self.has(Role.ADMIN, Role.AUDITOR)

    def covers(self, tree: GridTree, code: str, *roles: Role) -> bool:
        """Whether `code` lies in a subtree where the caller holds one of `roles`."""
        return any(scope in tree and tree.is_within(code, scope) for scope in self.scopes(*roles))

    def can_read_subtree(self, tree: GridTree, code: str) -> bool:
        return self.sees_everything or self.has(Role.DEPARTMENT) or self.covers(tree, code, *GRID_ROLES)

    def can_read_node(self, tree: GridTree, code: str) -> bool:
        """The subtree, plus the nodes on the way up from it (so a worker can see their path)."""
        if self.can_read_subtree(tree, code):
            return True
        return any(scope in tree and tree.is_within(scope, code) for scope in self.scopes(*GRID_ROLES))

    def sees_personal_data(self, tree: GridTree, code: str) -> bool:
        """Phone numbers of grid staff: for administrators, auditors and the office in charge."""
        return self.sees_everything or self.covers(tree, code, Role.OFFICE)

    def covers_issue(self, tree: GridTree, node: str, owner: str, *roles: Role) -> bool:
        """The issue's location, or the node it was escalated to, lies in the caller's scope."""
        return self.covers(tree, node, *roles) or (owner in tree and self.covers(tree, owner, *roles))

    def departments(self) -> list[str]:
        return self.scopes(Role.DEPARTMENT)

    def require(self, allowed: bool, doing: str) -> None:
        if not allowed:
            raise ForbiddenError(f"{self.username} may not {doing}")

    def require_admin(self, doing: str) -> None:
        self.require(self.has(Role.ADMIN), doing)

    def require_grid_write(self, tree: GridTree, code: str, doing: str, *roles: Role) -> None:
        """Admins anywhere; the given grid roles only inside their subtree; auditors never."""
        self.require(self.has(Role.ADMIN) or self.covers(tree, code, *roles), doing)
