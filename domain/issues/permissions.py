"""Who may run each issue command, and where: the permission table beside the transition table.

Every entry point (HTTP routes, the CLI, any façade) asks `authorize` before it runs a command,
so the rule lives here once. Auditors are absent from every row: they change nothing.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

from domain.accounts.principal import Principal
from domain.accounts.roles import Role
from domain.grid.tree import GridTree
from domain.issues.status import Command
from domain.shared.errors import ForbiddenError, InvalidInputError


class Scope(StrEnum):
    """Where a role's grant must reach for the command to be allowed."""

    PLACE = "place"  # the node reported at lies in the caller's grid subtree
    ISSUE = "issue"  # the issue's node, or the node it was escalated to, lies in the caller's grid subtree
    CALLED_DEPARTMENT = "called_department"  # the caller acts for a department called to the issue


@dataclass(frozen=True)
class Permission:
    roles: frozenset[Role]
    scope: Scope


_ADMIN = Role.ADMIN  # administrators pass every grid scope: they hold no scope and need none
_LEADERS = frozenset({_ADMIN, Role.OFFICE, Role.GRID_LEADER})  # register, whistle, close (街居吹哨)
_GRID = _LEADERS | {Role.GRID_WORKER}
_OFFICE = frozenset({_ADMIN, Role.OFFICE})  # the street's own decisions: rating, parking, extensions
_DEPARTMENT = frozenset({Role.DEPARTMENT})

C = Command
PERMISSIONS: dict[Command, Permission] = {
    C.REPORT: Permission(_GRID, Scope.PLACE),
    C.ACCEPT: Permission(_LEADERS, Scope.ISSUE),
    C.DECLINE: Permission(_LEADERS, Scope.ISSUE),
    C.HANDLE: Permission(_LEADERS, Scope.ISSUE),
    C.GRID_FEEDBACK: Permission(_GRID, Scope.ISSUE),
    C.WHISTLE: Permission(_LEADERS, Scope.ISSUE),
    C.CHECK_IN: Permission(_DEPARTMENT, Scope.CALLED_DEPARTMENT),
    C.PROGRESS: Permission(_DEPARTMENT, Scope.CALLED_DEPARTMENT),
    C.FEEDBACK: Permission(_DEPARTMENT, Scope.CALLED_DEPARTMENT),
    C.RETURN: Permission(_DEPARTMENT, Scope.CALLED_DEPARTMENT),
    C.REDISPATCH: Permission(_LEADERS, Scope.ISSUE),
    C.REQUEST_EXTENSION: Permission(_DEPARTMENT, Scope.CALLED_DEPARTMENT),
    C.GRANT_EXTENSION: Permission(_OFFICE, Scope.ISSUE),
    C.VERIFY: Permission(_GRID, Scope.ISSUE),
    C.CLOSE: Permission(_LEADERS, Scope.ISSUE),
    C.RATE: Permission(_OFFICE, Scope.ISSUE),
    C.REOPEN: Permission(_LEADERS, Scope.ISSUE),
    C.PARK: Permission(_OFFICE, Scope.ISSUE),
    C.UNPARK: Permission(_OFFICE, Scope.ISSUE),
    C.MERGE: Permission(_LEADERS, Scope.ISSUE),
}


@dataclass(frozen=True)
class Target:
    """What a command is aimed at, as far as permission goes."""

    issue_id: str | None  # None for a report, which has no issue yet
    node: str  # where the problem is
    owner: str | None = None  # the node the issue was escalated to, if any
    called: Collection[str] = ()  # departments called to the issue (any status)


def authorize(
    command: Command, principal: Principal, tree: GridTree, target: Target, department: str | None = None
) -> str | None:
    """Refuses the command unless the table allows it; returns the department acted for, if any.

    Department staff act for their own department; one who serves several must name it.
    """
    rule = PERMISSIONS[command]
    what = f"{command} {'issue ' + target.issue_id if target.issue_id else 'at ' + target.node}"
    held = [r for r in rule.roles if principal.has(r)]
    if not held:
        raise ForbiddenError(f"{principal.username} may not {what}: {_who(rule)}", field="role")
    if rule.scope is Scope.CALLED_DEPARTMENT:
        return _department(principal, target, department, what)
    if principal.has(_ADMIN):
        return None
    roles = [r for r in held if r is not _ADMIN]
    places = [target.node] if rule.scope is Scope.PLACE or not target.owner else [target.node, target.owner]
    if any(code in tree and principal.covers(tree, code, *roles) for code in places):
        return None
    raise ForbiddenError(
        f"{principal.username} may not {what}: {_where(tree, target.node)} lies outside the grid of your "
        f"{' or '.join(sorted(roles))} role ({', '.join(principal.scopes(*roles))})",
        field="node",
    )


def matrix() -> list[tuple[str, str, str]]:
    """The table as rows (command, roles, scope), for the docs and for anyone asking 'who may …'."""
    return [(str(c), ", ".join(sorted(p.roles)), str(p.scope)) for c, p in PERMISSIONS.items()]


def _department(principal: Principal, target: Target, department: str | None, what: str) -> str:
    mine = principal.departments()
    if department is None:
        if len(mine) != 1:
            raise InvalidInputError(f"you serve {', '.join(mine)}: name the department you act for", field="department")
        department = mine[0]
    if department not in mine:
        raise ForbiddenError(f"{principal.username} may not {what} for department {department}", field="department")
    if target.issue_id is not None and department not in target.called:
        raise ForbiddenError(
            f"{principal.username} may not {what}: {department} was not called to it", field="department"
        )
    return department


def _who(rule: Permission) -> str:
    where = {
        Scope.PLACE: "in their grid",
        Scope.ISSUE: "of the issue's grid (or of the node it was escalated to)",
        Scope.CALLED_DEPARTMENT: "of a department called to it",
    }[rule.scope]
    return f"only {' or '.join(sorted(rule.roles))} {where} may"


def _where(tree: GridTree, code: str) -> str:
    """The node and where it sits now, so a refusal on a moved building says where it went."""
    if code not in tree:
        return code
    path = [view.code for view in tree.path(code)]
    return f"{code} (now under {' › '.join(path[:-1])})" if len(path) > 1 else code
