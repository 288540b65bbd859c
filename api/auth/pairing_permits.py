"""Asking the domain's pairing permission table about one caller (`domain/pairings/permissions.py`)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from domain.accounts.permissions import Target
from domain.accounts.principal import GRID_ROLES, Principal
from domain.application import GridGov
from domain.grid.tree import GridTree
from domain.pairings.model import Pairing
from domain.pairings.permissions import authorize
from domain.pairings.values import PairingCommand, SubjectKind
from projections.pairings.lists import Reader


@dataclass(frozen=True)
class PairingPermits:
    principal: Principal
    tree: GridTree
    app: GridGov

    @property
    def username(self) -> str:
        return self.principal.username

    def pairing(self, command: PairingCommand, pairing_id: UUID) -> Pairing:
        """The pairing, once the table allows `command` on it (403 naming why); scoped where its subject lives now."""
        pairing = self.app.pairing(pairing_id)
        node, _ = self.app.pairing_place(pairing)
        authorize(command, self.principal, self.tree, Target(f"pairing {pairing_id}", node, helper=pairing.helper))
        return pairing

    def create(self, subject_kind: SubjectKind, subject_id: UUID) -> None:
        """Refuses a new pairing unless the caller may pair where the subject lives."""
        node, _ = self.app.subject_place(subject_kind, subject_id)
        authorize(PairingCommand.CREATE, self.principal, self.tree, Target(f"a pairing at {node}", node))

    def reader(self) -> Reader:
        """Whose pairings the caller's lists show: their grid, and the ones they help in."""
        return Reader(self.principal.sees_everything, self.principal.scopes(*GRID_ROLES), self.principal.username)

    def require_node(self, node: str | None) -> None:
        """A grid role asks about its own subtree only; a helper's lists hold their own pairings anyway."""
        who = self.principal
        if node is None or who.sees_everything or not who.has(*GRID_ROLES):
            return
        if node not in self.tree:
            self.app.node(node, field="node")  # 404 naming the field
        who.require(who.covers(self.tree, node, *GRID_ROLES), f"read pairings under {node}")
