"""Who may run each rectification command, and where: the permission table beside the transition table.

The machinery is the shared one (`domain/accounts/permissions.py`); the scope is the grid node the
case is run at (the target node, or for a department or a problem the office node that runs it).
Offices and administrators identify, approve plans and run acceptance; a ledger item's owner records
its progress and evidence (`helper`: the owner, named in `Target.helper`), and only its reviewer
approves the close-off (销号). Auditors read and change nothing.
"""

from __future__ import annotations

from domain.accounts.permissions import Permission, Scope, Target, check, rows
from domain.accounts.principal import Principal
from domain.accounts.roles import Role
from domain.grid.tree import GridTree
from domain.rectification.status import RectificationCommand

_OFFICE = frozenset({Role.ADMIN, Role.OFFICE})
_GRID = frozenset({Role.ADMIN, Role.OFFICE, Role.GRID_LEADER, Role.GRID_WORKER})
_READERS = _GRID | {Role.AUDITOR}
_NOBODY_BUT_THE_ONE_NAMED: frozenset[Role] = frozenset()

C = RectificationCommand
PERMISSIONS: dict[RectificationCommand, Permission] = {
    C.IDENTIFY: Permission(_OFFICE, Scope.PLACE),
    C.APPROVE_PLAN: Permission(_OFFICE, Scope.PLACE),
    C.START_WORK: Permission(_OFFICE, Scope.PLACE),
    C.SUBMIT_SELF_EVALUATION: Permission(_OFFICE, Scope.PLACE),
    C.CONCLUDE_SELF_EVALUATION: Permission(_OFFICE, Scope.PLACE),
    C.CONCLUDE_PRELIMINARY_ACCEPTANCE: Permission(_OFFICE, Scope.PLACE),
    C.CONCLUDE_ASSESSMENT_ACCEPTANCE: Permission(_OFFICE, Scope.PLACE),
    C.ADD_ITEM: Permission(_OFFICE, Scope.PLACE),
    C.RECORD_PROGRESS: Permission(_OFFICE, Scope.PLACE, helper=True),  # helper: the item's owner
    C.SUBMIT_EVIDENCE: Permission(_OFFICE, Scope.PLACE, helper=True),  # helper: the item's owner
    C.APPROVE_CLOSE_OFF: Permission(_NOBODY_BUT_THE_ONE_NAMED, Scope.PLACE, helper=True),  # the item's reviewer only
    C.REOPEN_ITEM: Permission(_OFFICE, Scope.PLACE, helper=True),  # helper: the item's reviewer
    C.RECORD_SCORE: Permission(_OFFICE, Scope.PLACE),
    C.RECORD_VOTES: Permission(_OFFICE, Scope.PLACE),
    C.PUBLISH_NOTICE: Permission(_OFFICE, Scope.PLACE),
    C.GIVE_FEEDBACK: Permission(_GRID, Scope.PLACE),
    C.REINSPECT: Permission(_OFFICE, Scope.PLACE),
    C.READ: Permission(_READERS, Scope.PLACE),
}


def authorize(command: RectificationCommand, principal: Principal, tree: GridTree, target: Target) -> None:
    """Refuses the command unless the table allows it (403 naming the role or the node)."""
    check(command, PERMISSIONS[command], principal, tree, target)


def matrix() -> list[tuple[str, str, str]]:
    """The table as rows (command, roles, scope)."""
    return rows({str(c): p for c, p in PERMISSIONS.items()})
