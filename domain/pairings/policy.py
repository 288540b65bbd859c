"""Each pairing kind's rules as data: its cadence, whom it may pair, how many households per helper.

The cadence is the community plan's (item 14: "帮教责任人每周至少联系1次, 每月开展1次走访谈话,
每季度与帮教对象共同参加一次党内生活, 不转化不脱钩"); the township plan names no cadence for 帮扶
or 结对, so they take the same one until a street sets its own. The cap of 5 households per helper
is the county handbooks' figure ("a second helper at most 5 households", DOMAIN.md). The warning
days are ours: two days before a week ends, a week before a month, a fortnight before a quarter.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from domain.cadence.compliance import ObligationStatus, assess
from domain.cadence.periods import Period
from domain.cadence.policy import CadencePolicy, Obligation
from domain.pairings.values import ContactKind, PairingKind, SubjectKind

_ANY_MEETING = frozenset(ContactKind)  # a visit or an activity together is a contact too

DEFAULT_CADENCE = CadencePolicy(
    (
        Obligation(ContactKind.CONTACT, 1, Period.WEEK, warn_days=2, satisfied_by=_ANY_MEETING),
        Obligation(ContactKind.VISIT_TALK, 1, Period.MONTH, warn_days=7),
        Obligation(ContactKind.JOINT_ACTIVITY, 1, Period.QUARTER, warn_days=14),
    )
)


@dataclass(frozen=True)
class KindPolicy:
    cadence: CadencePolicy
    subjects: frozenset[SubjectKind]
    max_households: int  # active pairings of this kind with households, per helper


POLICIES: dict[PairingKind, KindPolicy] = {
    PairingKind.ASSISTANCE: KindPolicy(DEFAULT_CADENCE, frozenset(SubjectKind), max_households=5),
    PairingKind.GUIDANCE: KindPolicy(DEFAULT_CADENCE, frozenset({SubjectKind.PERSON}), max_households=5),
    PairingKind.PAIRING: KindPolicy(DEFAULT_CADENCE, frozenset(SubjectKind), max_households=5),
}

MAX_NOTE = 2000  # characters of a contact's note
MAX_EVIDENCE = 8  # attachment hashes per contact
MAX_GOAL = 500  # characters of a pairing's goal


def standing_on(
    kind: PairingKind,
    *,
    starts_on: date,
    contacts: Iterable[tuple[str, date]],
    on: date,
    ended_on: date | None = None,
) -> list[ObligationStatus]:
    """A pairing's obligations on day `on`, by its kind's cadence: what the aggregate and the read side both ask."""
    return assess(POLICIES[kind].cadence, start=starts_on, done=contacts, on=on, until=ended_on)
