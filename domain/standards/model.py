"""A household's standards ledger: every check of an item, dated by when it was true (valid time).

One aggregate per household (`standards_id`): the checks of one household are one consistency
boundary, apart from the person registry and from any monitoring case. A household's standing on a
date is judged from the latest check of each item dated on or before it, by the rules and the income
line of that date's year (`items.judge`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

from domain.shared.errors import InvalidInputError
from domain.shared.ids import GRIDGOV_NAMESPACE
from domain.standards.items import GROUPS, MEASURED, CheckKind, Group, Item, ItemStatus, Judgement, judge
from domain.standards.lines import line_for

MAX_EVIDENCE = 2000  # characters of evidence text per check
MAX_ATTACHMENTS = 20
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def standards_id(household_id: UUID) -> UUID:
    return uuid5(GRIDGOV_NAMESPACE, f"household-standards:{household_id}")


@dataclass(frozen=True)
class Check:
    item: Item
    status: ItemStatus
    measure: float | None
    checked_on: date
    kind: CheckKind
    checker: str
    evidence: str
    attachments: tuple[str, ...]
    recorded_at: datetime


class HouseholdStandards(Aggregate):
    """The 一超两不愁三保障三有 ledger of one household (户档案: 达标情况)."""

    TOPIC = "gridgov.standards:HouseholdStandards"

    class Event(Aggregate.Event):
        """Every fact says who, why, and where: the household's grid node when it was recorded."""

        actor: str
        reason: str
        node: str

    class Opened(Event, Aggregate.Created):
        """The household's standards ledger was opened (建档), with its first check to follow."""

        TOPIC = "gridgov.standards:HouseholdStandards.Opened"
        household_id: str

    Created = Opened

    class ItemChecked(Event):
        """An item was checked at the household (核查), or re-checked (回头看 / 回头帮 / 回头查)."""

        TOPIC = "gridgov.standards:HouseholdStandards.ItemChecked"
        household_id: str
        path: list[str]
        item: str
        status: str
        measure: float | None
        checked_on: str  # ISO date: the day it was found true
        kind: str
        evidence: str
        attachments: list[str]  # sha256 of each attachment, hex

        def apply(self, ledger: Any) -> None:
            ledger.node = self.node
            ledger.checks.append(
                Check(
                    Item(self.item),
                    ItemStatus(self.status),
                    self.measure,
                    date.fromisoformat(self.checked_on),
                    CheckKind(self.kind),
                    self.actor,
                    self.evidence,
                    tuple(self.attachments),
                    self.timestamp,
                )
            )

    def __init__(self, household_id: str, node: str) -> None:
        self.household_id = household_id
        self.node = node
        self.checks: list[Check] = []

    @classmethod
    def open(cls, *, household_id: UUID, node: str, actor: str, reason: str, at: datetime) -> HouseholdStandards:
        return cls._create(
            cls.Opened,
            id=standards_id(household_id),
            timestamp=at,
            household_id=str(household_id),
            node=node,
            actor=actor,
            reason=reason,
        )

    def check(
        self,
        *,
        item: Item,
        status: ItemStatus,
        measure: float | None,
        checked_on: date,
        kind: CheckKind,
        evidence: str,
        attachments: list[str],
        node: str,
        path: list[str],
        actor: str,
        reason: str,
        at: datetime,
    ) -> None:
        if item in MEASURED and measure is None:
            raise InvalidInputError(f"{item} needs its figure: {MEASURED[item][1]}", field="measure")
        if measure is not None and (measure < 0 or (item is Item.MEDICAL and measure > 100)):
            raise InvalidInputError(f"{item}: {MEASURED.get(item, (None, 'a figure'))[1]}", field="measure")
        if len(evidence) > MAX_EVIDENCE:
            raise InvalidInputError(f"evidence is at most {MAX_EVIDENCE} characters", field="evidence")
        if len(attachments) > MAX_ATTACHMENTS or any(not _SHA256.match(a) for a in attachments):
            raise InvalidInputError(
                f"attachments are at most {MAX_ATTACHMENTS} sha256 hashes, 64 lowercase hex each", field="attachments"
            )
        self.trigger_event(
            self.ItemChecked,
            timestamp=at,
            actor=actor,
            reason=reason,
            node=node,
            household_id=self.household_id,
            path=path,
            item=str(item),
            status=str(status),
            measure=measure,
            checked_on=checked_on.isoformat(),
            kind=str(kind),
            evidence=evidence.strip(),
            attachments=attachments,
        )


@dataclass(frozen=True)
class Standing:
    """A household's standing on a date: each item judged, each group, and the whole checklist."""

    on: date
    national_line: int
    items: dict[Item, Judgement]
    latest: dict[Item, Check]

    @property
    def groups(self) -> dict[Group, Judgement]:
        return {group: _all(self.items[i] for i in members) for group, members in GROUPS.items()}

    @property
    def overall(self) -> Judgement:
        return _all(self.items.values())


def standing(checks: list[Check], on: date) -> Standing:
    """The latest check of each item dated on or before `on` (the later recorded, on a tie)."""
    latest: dict[Item, Check] = {}
    for check in sorted(checks, key=lambda c: (c.checked_on, c.recorded_at)):
        if check.checked_on <= on:
            latest[check.item] = check
    items = {
        item: judge(item, latest[item].status, latest[item].measure, on.year) if item in latest else Judgement.UNCHECKED
        for item in Item
    }
    return Standing(on, line_for(on.year).national, items, latest)


def _all(judgements: Any) -> Judgement:
    found = list(judgements)
    if any(j is Judgement.NOT_MET for j in found):
        return Judgement.NOT_MET
    return Judgement.UNCHECKED if any(j is Judgement.UNCHECKED for j in found) else Judgement.MET
