"""The machinery every feature's permission table runs on: a rule is the roles that may run a
command and the scope their grant must reach; `check` applies one rule to one caller.

Each feature keeps its own table beside its transition table (`domain/issues/permissions.py`,
`domain/people/permissions.py`, `domain/pairings/permissions.py`, `domain/monitoring/permissions.py`);
this module holds no rule of its own.

A rule may also let the target's own helper act whatever their roles (`Permission.helper`, with
`Target.helper` naming them): a pairing's helper is often a cadre or party member who holds no grid
role at all, yet logs contacts on, reads and asks to end their own pairing.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

from domain.accounts.principal import Principal
from domain.accounts.roles import Role
from domain.grid.tree import GridTree
from domain.shared.errors import ForbiddenError, InvalidInputError


class Scope(StrEnum):
    """Where a role's grant must reach for the command to be allowed."""

    PLACE = "place"  # the node the command is about lies in the caller's grid subtree
    ISSUE = "issue"  # the issue's node, or the node it was escalated to, lies in the caller's grid subtree
    CASE = "case"  # the same for a monitoring case: its household's building, or the node it was escalated to
    CALLED_DEPARTMENT = "called_department"  # the caller acts for a department called to the issue
    DEPARTMENT = "department"  # the caller acts for a department of theirs, whatever the target


_DEPARTMENTAL = (Scope.CALLED_DEPARTMENT, Scope.DEPARTMENT)


@dataclass(frozen=True)
class Permission:
    roles: frozenset[Role]
    scope: Scope
    helper: bool = False  # the target's own helper (`Target.helper`) may too, whatever their roles


@dataclass(frozen=True)
class Target:
    """What a command is aimed at, as far as permission goes."""

    label: str  # how a refusal names it: "issue 1f…", "at 1101…", "person 7a…", "pairing 3c…"
    node: str  # where it is in the grid
    owner: str | None = None  # the node an issue (or a monitoring case) was escalated to, if any
    called: Collection[str] | None = None  # departments called to an issue (None: not an issue)
    helper: str | None = None  # the username of the target's own helper (a pairing's), if any


def check(
    command: str, rule: Permission, principal: Principal, tree: GridTree, target: Target, department: str | None = None
) -> str | None:
    """Refuses unless the rule allows it; returns the department acted for, for department commands.

    Administrators pass every grid scope, and auditors every scope of a rule that names them (a read).
    Department staff act for their own department; one who serves several must name it. A rule that
    names administrators for a department scope lets them act for whichever department they name.
    """
    what = f"{command} {target.label}"
    if rule.helper and target.helper is not None and principal.username == target.helper:
        return None
    held = [r for r in rule.roles if principal.has(r)]
    if not held:
        raise ForbiddenError(f"{principal.username} may not {what}: {_who(rule)}", field="role")
    if rule.scope in _DEPARTMENTAL:
        return department if Role.ADMIN in held else _department(principal, rule, target, department, what)
    if principal.has(Role.ADMIN) or Role.AUDITOR in held:
        return None
    roles = [r for r in held if r not in (Role.ADMIN, Role.AUDITOR)]
    places = [target.node] if rule.scope is Scope.PLACE or not target.owner else [target.node, target.owner]
    if any(code in tree and principal.covers(tree, code, *roles) for code in places):
        return None
    raise ForbiddenError(
        f"{principal.username} may not {what}: {_where(tree, target.node)} lies outside the grid of your "
        f"{' or '.join(sorted(roles))} role ({', '.join(principal.scopes(*roles))})",
        field="node",
    )


def rows(table: dict[str, Permission]) -> list[tuple[str, str, str]]:
    """A table as rows (command, who, scope), for the docs and for anyone asking 'who may …'."""
    return [(str(c), _holders(p), str(p.scope)) for c, p in table.items()]


def _holders(rule: Permission) -> str:
    return ", ".join([*sorted(rule.roles), *(["the helper"] if rule.helper else [])])


def _department(principal: Principal, rule: Permission, target: Target, department: str | None, what: str) -> str:
    mine = principal.departments()
    if department is None:
        if len(mine) != 1:
            raise InvalidInputError(f"you serve {', '.join(mine)}: name the department you act for", field="department")
        department = mine[0]
    if department not in mine:
        raise ForbiddenError(f"{principal.username} may not {what} for department {department}", field="department")
    called = target.called if rule.scope is Scope.CALLED_DEPARTMENT else None
    if called is not None and department not in called:
        raise ForbiddenError(
            f"{principal.username} may not {what}: {department} was not called to it", field="department"
        )
    return department


def _who(rule: Permission) -> str:
    where = {
        Scope.PLACE: "in whose grid it lies",
        Scope.ISSUE: "of the issue's grid (or of the node it was escalated to)",
        Scope.CASE: "of the case's grid (or of the node it was escalated to)",
        Scope.CALLED_DEPARTMENT: "of a department called to it",
        Scope.DEPARTMENT: "acting for a department they serve",
    }[rule.scope]
    helper = " (or its own helper)" if rule.helper else ""
    return f"only {' or '.join(sorted(rule.roles))} {where}{helper} may"


def _where(tree: GridTree, code: str) -> str:
    """The node and where it sits now, so a refusal on a moved building says where it went."""
    if code not in tree:
        return code
    path = [view.code for view in tree.path(code)]
    return f"{code} (now under {' › '.join(path[:-1])})" if len(path) > 1 else code
