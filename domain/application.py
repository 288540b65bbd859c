"""The command side: one Application, composed of each feature's commands. One save per command."""

from __future__ import annotations

from domain.accounts.commands import AccountCommands
from domain.audit.commands import AuditCommands
from domain.grid.commands import GridCommands
from domain.issues.commands import IssueCommands


class GridGov(GridCommands, AccountCommands, IssueCommands, AuditCommands):
    """Commands of the grid, accounts, catalogue and issues; every event goes to one ordered log."""

    # Fixed, so renaming a class never moves the stored data (table names derive from it).
    name = "gridgov"
