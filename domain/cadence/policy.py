"""A cadence policy is data: obligations of the form "at least N of these per period"."""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.cadence.periods import Period
from domain.shared.errors import InvalidInputError


@dataclass(frozen=True)
class Obligation:
    """At least `at_least` logged activities of a kind in `satisfied_by` in every `per` period.

    `kind` names the obligation; `satisfied_by` lists the activity kinds that count towards it
    (by default only `kind` itself: a visit may also count as a contact, if the policy says so).
    It shows as due soon from `warn_days` days before the period's last day.
    """

    kind: str
    at_least: int
    per: Period
    warn_days: int = 0
    satisfied_by: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if self.at_least < 1:
            raise InvalidInputError("an obligation asks for at least 1", field="at_least")
        if self.warn_days < 0:
            raise InvalidInputError("warn_days is 0 or more", field="warn_days")
        if not self.satisfied_by:
            object.__setattr__(self, "satisfied_by", frozenset({self.kind}))

    def counts(self, activity: str) -> bool:
        return activity in self.satisfied_by


@dataclass(frozen=True)
class CadencePolicy:
    obligations: tuple[Obligation, ...]

    def __post_init__(self) -> None:
        kinds = [o.kind for o in self.obligations]
        if len(set(kinds)) != len(kinds):
            raise InvalidInputError("each obligation kind appears once in a policy", field="obligations")
