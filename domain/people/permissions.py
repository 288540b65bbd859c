"""Who may run each people command, and where: a person's or household's building must lie in the
caller's grid. Erasure is the administrator's alone; revealing a sealed field is a read that
offices, administrators and auditors may make, each time with a reason that is itself recorded.
"""

from __future__ import annotations

from enum import StrEnum

from domain.accounts.permissions import Permission, Scope, Target, check, rows
from domain.accounts.principal import Principal
from domain.accounts.roles import Role
from domain.grid.tree import GridTree


class PeopleCommand(StrEnum):
    """Every command on the register; the value is the last segment of its HTTP route."""

    REGISTER = "register"  # 登记
    IMPORT = "import"  # an existing register from a sheet: every building on it must lie in the caller's grid
    MOVE = "move"  # 迁入
    CORRECT_RESIDENCE = "correct-residence"
    CORRECT_DETAILS = "correct-details"
    TAG = "tag"
    END_TAG = "end-tag"
    RECORD_DEATH = "death"
    MERGE = "merge"
    UNDO_MERGE = "undo-merge"
    ERASE = "erase"
    REVEAL = "reveal"
    FORM_HOUSEHOLD = "form-household"
    JOIN_HOUSEHOLD = "join"
    LEAVE_HOUSEHOLD = "leave"
    CHANGE_HEAD = "change-head"
    SPLIT_HOUSEHOLD = "split"


_GRID = frozenset({Role.ADMIN, Role.OFFICE, Role.GRID_LEADER, Role.GRID_WORKER})  # who keeps the register
_OFFICE = frozenset({Role.ADMIN, Role.OFFICE})
P = PeopleCommand
PERMISSIONS: dict[PeopleCommand, Permission] = {
    P.REGISTER: Permission(_GRID, Scope.PLACE),
    P.IMPORT: Permission(_OFFICE, Scope.PLACE),
    P.MOVE: Permission(_GRID, Scope.PLACE),
    P.CORRECT_RESIDENCE: Permission(_GRID, Scope.PLACE),
    P.CORRECT_DETAILS: Permission(_GRID, Scope.PLACE),
    P.TAG: Permission(_GRID, Scope.PLACE),
    P.END_TAG: Permission(_GRID, Scope.PLACE),
    P.RECORD_DEATH: Permission(_GRID, Scope.PLACE),
    P.MERGE: Permission(_OFFICE, Scope.PLACE),
    P.UNDO_MERGE: Permission(_OFFICE, Scope.PLACE),
    P.ERASE: Permission(frozenset({Role.ADMIN}), Scope.PLACE),
    P.REVEAL: Permission(_OFFICE | {Role.AUDITOR}, Scope.PLACE),
    P.FORM_HOUSEHOLD: Permission(_GRID, Scope.PLACE),
    P.JOIN_HOUSEHOLD: Permission(_GRID, Scope.PLACE),
    P.LEAVE_HOUSEHOLD: Permission(_GRID, Scope.PLACE),
    P.CHANGE_HEAD: Permission(_GRID, Scope.PLACE),
    P.SPLIT_HOUSEHOLD: Permission(_GRID, Scope.PLACE),
}


def authorize(command: PeopleCommand, principal: Principal, tree: GridTree, target: Target) -> None:
    check(command, PERMISSIONS[command], principal, tree, target)


def matrix() -> list[tuple[str, str, str]]:
    return rows({str(c): p for c, p in PERMISSIONS.items()})
