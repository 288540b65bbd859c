"""Asking the domain's permission table about one caller: the HTTP dependency and the CLI share it."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from domain.accounts.permissions import Target
from domain.accounts.principal import Principal
from domain.application import GridGov
from domain.grid.tree import GridTree
from domain.issues.permissions import authorize, authorize_contact, target_of
from domain.issues.status import Command
from domain.people.permissions import PeopleCommand
from domain.people.permissions import authorize as authorize_people


@dataclass(frozen=True)
class Acting:
    """Who runs a command, and for which department (department commands only)."""

    username: str
    department: str = ""


@dataclass(frozen=True)
class Permits:
    principal: Principal
    tree: GridTree
    app: GridGov

    def issue(self, command: Command, issue_id: UUID, department: str | None = None) -> Acting:
        """Refuses `command` on the issue unless the table allows it (403 naming why)."""
        acting_for = authorize(command, self.principal, self.tree, target_of(self.app.issue(issue_id)), department)
        return Acting(self.principal.username, acting_for or "")

    def contact(self, issue_id: UUID) -> Acting:
        """Refuses to open a resident's phone and name unless the caller may check the report on site."""
        authorize_contact(self.principal, self.tree, self.app.issue(issue_id))
        return Acting(self.principal.username)

    def people(self, command: PeopleCommand, node: str, label: str) -> Acting:
        """Refuses a register command unless the person's (or household's) building is in the caller's grid."""
        authorize_people(command, self.principal, self.tree, Target(label, node))
        return Acting(self.principal.username)

    def place(self, command: Command, node: str) -> Acting:
        """Refuses a command aimed at a grid node (a report) outside the caller's grid."""
        authorize(command, self.principal, self.tree, Target(f"at {node}", node))
        return Acting(self.principal.username)
