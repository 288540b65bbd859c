"""Who may run each pairing command, and where: the permission table beside the transition table.

The same shape and machinery as the issue table (`domain/accounts/permissions.py`): roles and the
grid scope their grant must reach, here `PLACE`, the subject's building as it is now. A rule marked
`helper` lets the pairing's current helper act on their own pairing whatever their roles (the
caller passes `Target.helper`). Auditors read, and change nothing.
"""

from __future__ import annotations

from domain.accounts.permissions import Permission, Scope, Target, check, rows
from domain.accounts.principal import Principal
from domain.accounts.roles import Role
from domain.grid.tree import GridTree
from domain.pairings.values import PairingCommand

_ADMIN = Role.ADMIN  # administrators pass every grid scope
_APPROVERS = frozenset({_ADMIN, Role.OFFICE, Role.GRID_LEADER})  # pair, hand over, approve the end (网格长)
_GRID = _APPROVERS | {Role.GRID_WORKER}  # grid workers log contacts for the helpers they support
_OFFICE = frozenset({_ADMIN, Role.OFFICE})

C = PairingCommand
PERMISSIONS: dict[PairingCommand, Permission] = {
    C.CREATE: Permission(_APPROVERS, Scope.PLACE),
    C.LOG_CONTACT: Permission(_GRID, Scope.PLACE, helper=True),
    C.CHANGE_HELPER: Permission(_APPROVERS, Scope.PLACE),
    C.REQUEST_END: Permission(_OFFICE, Scope.PLACE, helper=True),
    C.APPROVE_END: Permission(_APPROVERS, Scope.PLACE),
    C.DECLINE_END: Permission(_APPROVERS, Scope.PLACE),
    C.READ: Permission(_GRID | {Role.AUDITOR}, Scope.PLACE, helper=True),
}


def authorize(command: PairingCommand, principal: Principal, tree: GridTree, target: Target) -> None:
    """Refuses the command (403 naming who may, and where) unless the table allows it."""
    check(command, PERMISSIONS[command], principal, tree, target)


def matrix() -> list[tuple[str, str, str]]:
    """The table as rows (command, who, scope)."""
    return rows({str(c): p for c, p in PERMISSIONS.items()})
