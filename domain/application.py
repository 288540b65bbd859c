"""The command side: one Application, composed of each feature's commands. One save per command."""

from __future__ import annotations

from domain.accounts.commands import AccountCommands
from domain.audit.commands import AuditCommands
from domain.clients.commands import ClientCommands
from domain.grid.commands import GridCommands
from domain.issues.commands import IssueCommands
from domain.monitoring.commands import MonitoringCommands
from domain.pairings.commands import PairingCommands
from domain.people.commands import PeopleCommands
from domain.positions.commands import PositionCommands
from domain.rectification.commands import RectificationCommands
from domain.reviews.commands import ReviewCommands


class GridGov(
    GridCommands,
    AccountCommands,
    IssueCommands,
    PairingCommands,
    PositionCommands,
    ReviewCommands,
    PeopleCommands,
    RectificationCommands,
    MonitoringCommands,
    AuditCommands,
    ClientCommands,
):
    """Commands of the grid, accounts, catalogue, issues and people; every event goes to one ordered log."""

    # Fixed, so renaming a class never moves the stored data (table names derive from it).
    name = "gridgov"
