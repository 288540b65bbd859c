"""Who may run each review and position command, and where (the shared machinery of
`domain/accounts/permissions.py`). Offices and administrators start reviews and appoint in their
grid; staff of a reviewing unit answer for their own unit; auditors read everything.
"""

from __future__ import annotations

from enum import StrEnum

from domain.accounts.permissions import Permission, Scope, Target, check, rows
from domain.accounts.principal import Principal
from domain.accounts.roles import Role
from domain.grid.tree import GridTree
from domain.reviews.values import ReviewCommand


class PositionCommand(StrEnum):
    APPOINT = "appoint"  # 任职 / 纳入后备
    END = "end_holding"  # 离任 / 退出后备
    RECORD_LIFE = "record_organisation_life"  # 组织生活记录
    READ = "read_positions"


_OFFICE = frozenset({Role.ADMIN, Role.OFFICE})
_READERS = frozenset({Role.ADMIN, Role.OFFICE, Role.AUDITOR, Role.GRID_LEADER})

PERMISSIONS: dict[str, Permission] = {
    ReviewCommand.START: Permission(_OFFICE, Scope.PLACE),
    ReviewCommand.ANSWER: Permission(frozenset({Role.ADMIN, Role.DEPARTMENT}), Scope.DEPARTMENT),
    ReviewCommand.READ: Permission(_READERS, Scope.PLACE),
    PositionCommand.APPOINT: Permission(_OFFICE, Scope.PLACE),
    PositionCommand.END: Permission(_OFFICE, Scope.PLACE),
    PositionCommand.RECORD_LIFE: Permission(_OFFICE, Scope.PLACE),
    PositionCommand.READ: Permission(_READERS, Scope.PLACE),
}


def authorize(
    command: str, principal: Principal, tree: GridTree, target: Target, department: str | None = None
) -> str | None:
    """Refuses unless the table allows it; returns the unit acted for, for answers."""
    return check(command, PERMISSIONS[command], principal, tree, target, department)


def matrix() -> list[tuple[str, str, str]]:
    return rows(PERMISSIONS)
