"""Who may run each issue command, and where: the permission table beside the transition table.

Every entry point (HTTP routes, the CLI, any façade) asks `authorize` before it runs a command,
so the rule lives here once; a page that offers actions asks `commands_for` which to offer, from the
same table and the issue's own transition tables. Auditors are absent from every row: they change nothing.
"""

from __future__ import annotations

from domain.accounts.permissions import Permission, Scope, Target, check, rows
from domain.accounts.principal import Principal
from domain.accounts.roles import Role
from domain.grid.tree import GridTree
from domain.issues.dispatch import DISPATCH_ALLOWED
from domain.issues.model import Issue
from domain.issues.status import Command
from domain.shared.errors import DomainError

_ADMIN = Role.ADMIN  # administrators pass every grid scope: they hold no scope and need none
_LEADERS = frozenset({_ADMIN, Role.OFFICE, Role.GRID_LEADER})  # register, whistle, close (街居吹哨)
_GRID = _LEADERS | {Role.GRID_WORKER}
_OFFICE = frozenset({_ADMIN, Role.OFFICE})  # the street's own decisions: rating, parking, extensions
_DEPARTMENT = frozenset({Role.DEPARTMENT})

C = Command
PERMISSIONS: dict[Command, Permission] = {
    C.REPORT: Permission(_GRID, Scope.PLACE),
    C.CONFIRM: Permission(_GRID, Scope.ISSUE),  # the worker of that place checks a citizen report on site
    C.DISMISS: Permission(_GRID, Scope.ISSUE),
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


# Who may open a resident's sealed phone and name to call back: whoever may check their report on site.
CONTACT = Permission(_GRID, Scope.ISSUE)


def authorize_contact(principal: Principal, tree: GridTree, issue: Issue) -> None:
    check("read the contact of", CONTACT, principal, tree, target_of(issue))


def authorize(
    command: Command, principal: Principal, tree: GridTree, target: Target, department: str | None = None
) -> str | None:
    """Refuses the command unless the table allows it; returns the department acted for, if any."""
    return check(command, PERMISSIONS[command], principal, tree, target, department)


def target_of(issue: Issue) -> Target:
    return Target(f"issue {issue.id}", issue.node, issue.owner, tuple(issue.dispatches))


def commands_for(principal: Principal, tree: GridTree, issue: Issue, department: str | None = None) -> list[Command]:
    """The commands `principal` may run on the issue now: those its state allows that this table
    lets them run. A department command counts for `department` (the caller's one department if
    None), and only when that department's dispatch is in a state the command acts on."""
    target = target_of(issue)
    allowed = []
    for command in issue.open_commands():
        try:
            acting_for = authorize(command, principal, tree, target, department)
        except DomainError:
            continue
        if acting_for and command in DISPATCH_ALLOWED and acting_for not in issue.departments_for(command):
            continue
        allowed.append(command)
    return allowed


def matrix() -> list[tuple[str, str, str]]:
    """The table as rows (command, roles, scope)."""
    return rows({str(c): p for c, p in PERMISSIONS.items()})
