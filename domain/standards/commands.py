"""Household standards commands, and the household port both this feature and monitoring use.

Households belong to the person registry (`PeopleCommands.household`): this feature asks it for a
household's grid node through the `Households` port and keeps nothing of the registry's own.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Protocol, cast
from uuid import UUID

from domain.catalogue.commands import CatalogueCommands
from domain.shared.errors import InvalidInputError, NotFoundError
from domain.standards.items import CheckKind, Item, ItemStatus
from domain.standards.model import HouseholdStandards, Standing, standards_id, standing


class Households(Protocol):
    """The part of the person registry this feature needs: a household and its building."""

    def household(self, household_id: UUID, *, field: str = "id") -> Any: ...  # `.node`: its building


class StandardsCommands(CatalogueCommands):
    def record_standard_check(
        self,
        household_id: UUID,
        *,
        item: Item,
        status: ItemStatus,
        checked_on: date,
        actor: str,
        reason: str,
        kind: CheckKind = CheckKind.REGULAR,
        measure: float | None = None,
        evidence: str = "",
        attachments: list[str] | None = None,
    ) -> HouseholdStandards:
        """Records one item's check, dated `checked_on` (valid time); the ledger opens on the first."""
        node, path = self.household_place(household_id)
        now = self.clock.now()
        if checked_on > self.local_date(now):
            raise InvalidInputError("a check cannot be dated after the day it is recorded", field="checked_on")
        try:
            ledger = self.household_standards(household_id)
        except NotFoundError:
            ledger = HouseholdStandards.open(
                household_id=household_id, node=node, actor=actor, reason="standards ledger opened", at=now
            )
        ledger.check(
            item=Item(item),
            status=ItemStatus(status),
            measure=measure,
            checked_on=checked_on,
            kind=CheckKind(kind),
            evidence=evidence,
            attachments=list(attachments or []),
            node=node,
            path=path,
            actor=actor,
            reason=reason,
            at=now,
        )
        self.commit(ledger)
        return ledger

    def household_standards(self, household_id: UUID) -> HouseholdStandards:
        return self._get(
            HouseholdStandards, standards_id(household_id), f"no standards checked for household {household_id}", "id"
        )

    def standing(self, household_id: UUID, at: datetime | None = None) -> Standing:
        """The standing on the local date of `at` (now if None), from the checks recorded by then."""
        at = at or self.clock.now()
        try:
            checks = self._as_of(HouseholdStandards, standards_id(household_id), at, "no checks yet").checks
        except NotFoundError:
            checks = []
        return standing(checks, self.local_date(at))

    def household_place(self, household_id: UUID) -> tuple[str, list[str]]:
        """The household's building and the codes from its street down to it, as the grid is now."""
        household = cast(Households, self).household(household_id, field="household_id")
        code = str(household.node)
        return code, self.path_from(self.node(code, field="household_id", shared=True))
