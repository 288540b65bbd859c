"""Asking the monitoring permission table about one caller: the HTTP dependency (and any CLI) share it."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from api.auth.permits import Acting
from domain.accounts.permissions import Target
from domain.accounts.principal import GRID_ROLES, Principal
from domain.accounts.roles import Role
from domain.application import GridGov
from domain.grid.tree import GridTree
from domain.monitoring.model import MonitoringCase
from domain.monitoring.permissions import authorize
from domain.monitoring.status import CaseCommand


@dataclass(frozen=True)
class MonitoringPermits:
    principal: Principal
    tree: GridTree
    app: GridGov

    def case(self, command: CaseCommand, case_id: UUID, department: str | None = None) -> Acting:
        """Refuses `command` on the case unless the table allows it (403 naming why)."""
        case = self.app.monitoring_case(case_id)
        target = Target(f"case {case_id}", case.node, case.owner)
        acting_for = authorize(command, self.principal, self.tree, target, department)
        return Acting(self.principal.username, acting_for or "")

    def household(self, command: CaseCommand, household_id: UUID) -> Acting:
        """Refuses a command aimed at a household (opening a case, a standards check) outside the caller's grid."""
        node, _ = self.app.household_place(household_id)
        authorize(command, self.principal, self.tree, Target(f"household {household_id}", node))
        return Acting(self.principal.username)

    def read_case(self, case: MonitoringCase) -> None:
        """Grid roles read cases in their subtree (or escalated to it); departments read cases to compare data."""
        p = self.principal
        allowed = (
            p.sees_everything or p.has(Role.DEPARTMENT) or p.covers_issue(self.tree, case.node, case.owner, *GRID_ROLES)
        )
        p.require(allowed, f"read monitoring case {case.id}")

    def read_household(self, household_id: UUID) -> str:
        """Standards of a household: grid roles in its subtree, administrators and auditors. Returns its node."""
        node, _ = self.app.household_place(household_id)
        allowed = self.principal.sees_everything or self.principal.covers(self.tree, node, *GRID_ROLES)
        self.principal.require(allowed, f"read the standards of household {household_id}")
        return node
