"""Asking the review and position permission table about one caller: HTTP (and any CLI) share it."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from api.auth.permits import Acting
from domain.accounts.permissions import Target
from domain.accounts.principal import Principal
from domain.accounts.roles import Role
from domain.application import GridGov
from domain.grid.tree import GridTree
from domain.reviews.model import JointReview
from domain.reviews.permissions import authorize
from domain.reviews.values import ReviewCommand
from domain.shared.errors import ForbiddenError


@dataclass(frozen=True)
class ReviewPermits:
    principal: Principal
    tree: GridTree
    app: GridGov

    def place(self, command: str, node: str) -> Acting:
        """Refuses a command on a community outside the caller's grid (403 naming why)."""
        authorize(command, self.principal, self.tree, Target(f"at {node}", node))
        return Acting(self.principal.username)

    def answer(self, review_id: UUID, unit: str | None) -> Acting:
        """A reviewing unit's staff answer for their own unit, and only on reviews it sits on."""
        review = self.app.review(review_id)
        acting_for = authorize(
            ReviewCommand.ANSWER, self.principal, self.tree, Target(f"review {review_id}", review.node), unit
        )
        if acting_for is None:
            raise ForbiddenError(f"{self.principal.username}: name the reviewing unit answered for", field="unit")
        return Acting(self.principal.username, acting_for)

    def read_review(self, review: JointReview) -> None:
        """Grid readers in its grid, administrators, auditors, and the units that sit on it."""
        if self.principal.has(Role.DEPARTMENT) and set(self.principal.departments()) & set(review.units):
            return
        authorize(ReviewCommand.READ, self.principal, self.tree, Target(f"review {review.id}", review.node))

    def list_scope(self) -> tuple[bool, list[str]]:
        """Everything (administrators, auditors), or the caller's grid subtrees."""
        p = self.principal
        return p.sees_everything, p.scopes(Role.OFFICE, Role.GRID_LEADER)
