"""Asking the rectification permission table about one caller: the HTTP dependency (and any CLI) share it."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from domain.accounts.permissions import Target
from domain.accounts.principal import Principal
from domain.application import GridGov
from domain.grid.tree import GridTree
from domain.rectification.model import RectificationCase
from domain.rectification.permissions import authorize
from domain.rectification.status import ITEM_COMMANDS, RectificationCommand
from domain.rectification.values import TargetKind

C = RectificationCommand


@dataclass(frozen=True)
class RectificationPermits:
    principal: Principal
    tree: GridTree
    app: GridGov

    def identify(self, kind: TargetKind, target_id: str, node: str | None) -> str:
        """Refuses identification outside the caller's grid; returns the caller's username."""
        code = self.app.case_node(TargetKind(kind), target_id, node)
        authorize(C.IDENTIFY, self.principal, self.tree, Target(f"at {code}", code))
        return self.principal.username

    def case(self, command: RectificationCommand, case_id: UUID) -> RectificationCase:
        """Refuses `command` on the case unless the table allows it (403 naming why); returns the case."""
        case = self.app.rectification_case(case_id)
        authorize(command, self.principal, self.tree, Target(f"rectification case {case_id}", case.node))
        return case

    def item(self, command: RectificationCommand, case_id: UUID, item_id: str) -> str:
        """An item command: the table's roles in the case's grid, or the item's own owner (reviewer)."""
        case = self.app.rectification_case(case_id)
        helper = case.item(item_id)[ITEM_COMMANDS[command][0]]
        target = Target(f"item {item_id} of rectification case {case_id}", case.node, helper=helper)
        authorize(command, self.principal, self.tree, target)
        return self.principal.username

    @property
    def username(self) -> str:
        return self.principal.username
