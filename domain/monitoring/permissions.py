"""Who may run each monitoring command, and where: the permission table beside the transition table.

Every entry point asks `authorize` before it runs a command; the machinery is the shared one
(`domain/accounts/permissions.py`). Grid roles act on households in their subtree (`PLACE`) or on a
case whose building, or the node it was escalated to, lies there (`CASE`); departments record the
data comparison for a department they serve (`DEPARTMENT`); the county decision (审批) is the
district's, so only administrators are named for it. Auditors are in no row: they change nothing.
"""

from __future__ import annotations

from domain.accounts.permissions import Permission, Scope, Target, check, rows
from domain.accounts.principal import Principal
from domain.accounts.roles import Role
from domain.grid.tree import GridTree
from domain.monitoring.status import CaseCommand

_ADMIN = Role.ADMIN
_GRID = frozenset({_ADMIN, Role.OFFICE, Role.GRID_LEADER, Role.GRID_WORKER})  # 网格排查, 入户核实, 收入核查
_LEADERS = frozenset({_ADMIN, Role.OFFICE, Role.GRID_LEADER})  # 受理, 民主评议, 公示 (village / community)
_OFFICE = frozenset({_ADMIN, Role.OFFICE})  # 乡镇(街道)审核, 风险消除 and its reversal
_DEPARTMENTS = frozenset({_ADMIN, Role.DEPARTMENT})  # 部门信息比对
_DISTRICT = frozenset({_ADMIN})  # 县级审批: administrators hold the district level

C = CaseCommand
PERMISSIONS: dict[CaseCommand, Permission] = {
    C.OPEN: Permission(_GRID, Scope.PLACE),
    C.ACCEPT_APPLICATION: Permission(_LEADERS, Scope.CASE),
    C.HOME_CHECK: Permission(_GRID, Scope.CASE),
    C.DATA_COMPARISON: Permission(_DEPARTMENTS, Scope.DEPARTMENT),
    C.DEMOCRATIC_REVIEW: Permission(_LEADERS, Scope.CASE),
    C.PUBLIC_NOTICE: Permission(_LEADERS, Scope.CASE),
    C.TOWNSHIP_REVIEW: Permission(_OFFICE, Scope.CASE),
    C.APPROVAL: Permission(_DISTRICT, Scope.CASE),
    C.RECORD_INCOME: Permission(_GRID, Scope.CASE),
    C.RECORD_LABOUR: Permission(_LEADERS, Scope.CASE),
    C.CLEAR_RISK: Permission(_OFFICE, Scope.CASE),
    C.REVERT_CLEARANCE: Permission(_OFFICE, Scope.CASE),
    C.RECORD_STANDARD_CHECK: Permission(_GRID, Scope.PLACE),  # checks and re-checks (回头看/帮/查) at the door
}


def authorize(
    command: CaseCommand, principal: Principal, tree: GridTree, target: Target, department: str | None = None
) -> str | None:
    """Refuses the command unless the table allows it; returns the department acted for, if any."""
    return check(command, PERMISSIONS[command], principal, tree, target, department)


def matrix() -> list[tuple[str, str, str]]:
    """The table as rows (command, roles, scope)."""
    return rows({str(c): p for c, p in PERMISSIONS.items()})
