"""Compliance and coverage as of a date, judged by the domain's cadence engine over the logged contacts.

As of day D: pairings begun by D, contacts dated on or before D (whenever they were recorded, up
to now), the helper of each pairing on D, and a pairing that ended on or before D judged up to
its end only. A rate is the share of closed periods that had their contacts (met ÷ closed).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Engine

from domain.cadence.compliance import ObligationStatus, Standing, worst
from domain.pairings.policy import standing_on
from domain.pairings.values import PairingKind, SubjectKind
from projections.pairings.lists import History, PairingFilter, Reader, histories

ENDED = "ended"  # the standing of a pairing ended on or before the day asked about


@dataclass(frozen=True)
class PairingCompliance:
    pairing_id: str
    kind: str
    subject_kind: str
    subject_id: str
    helper: str  # on the day asked about
    node: str
    path: list[str]
    standing: str  # a Standing, or ENDED
    obligations: list[ObligationStatus]

    @property
    def met_windows(self) -> int:
        return sum(o.met_windows for o in self.obligations)

    @property
    def closed_windows(self) -> int:
        return sum(o.closed_windows for o in self.obligations)


@dataclass
class Tally:
    """Pairings by standing, and the closed periods met, for a helper, a node, or everything."""

    key: str
    pairings: int = 0
    standings: Counter[str] = field(default_factory=Counter)
    met_windows: int = 0
    closed_windows: int = 0

    def add(self, one: PairingCompliance) -> None:
        self.pairings += 1
        self.standings[one.standing] += 1
        self.met_windows += one.met_windows
        self.closed_windows += one.closed_windows

    @property
    def rate(self) -> float | None:
        return round(self.met_windows / self.closed_windows, 4) if self.closed_windows else None


@dataclass
class Compliance:
    on: date
    total: Tally
    by_helper: list[Tally]
    by_node: list[Tally]
    pairings: list[PairingCompliance]


def judge(history: History, on: date) -> PairingCompliance:
    """One pairing's standing on `on`, by its kind's cadence policy."""
    row = history.row
    until = date.fromisoformat(row["ended_on"]) if row["ended_on"] else None
    statuses = standing_on(
        PairingKind(row["kind"]),
        starts_on=date.fromisoformat(row["starts_on"]),
        contacts=history.contacts,
        on=on,
        ended_on=until,
    )
    standing = ENDED if until is not None and until <= on else str(worst(statuses))
    path = [p for p in (row["street"], row["community"], row["compound"], row["building"]) if p]
    return PairingCompliance(
        row["id"],
        row["kind"],
        row["subject_kind"],
        row["subject_id"],
        history.helper_on(on.isoformat()),
        row["node"],
        path,
        standing,
        statuses,
    )


def compliance(engine: Engine, reader: Reader, where: PairingFilter, *, on: date) -> Compliance:
    judged = [judge(h, on) for h in histories(engine, reader, where, on=on)]
    total, helpers, nodes = Tally("all"), _Tallies(), _Tallies()
    for one in judged:
        total.add(one)
        helpers.get(one.helper).add(one)
        nodes.get(_group(one.path, where.node)).add(one)
    order = {s: i for i, s in enumerate([Standing.OVERDUE, Standing.DUE_SOON, Standing.ON_TRACK, Standing.MET, ENDED])}
    judged.sort(key=lambda one: (order[one.standing], one.pairing_id))
    return Compliance(on, total, helpers.sorted(), nodes.sorted(), judged)


@dataclass
class Coverage:
    """Subjects with a pairing running on the day, of the subjects the pairings know (per subject kind)."""

    on: date
    known: dict[str, int]
    covered: dict[str, int]
    uncovered: dict[str, list[str]]  # the first few subject ids without a running pairing, per kind

    def rate(self, kind: str) -> float | None:
        return round(self.covered[kind] / self.known[kind], 4) if self.known.get(kind) else None


UNCOVERED_SHOWN = 50


def coverage(engine: Engine, reader: Reader, where: PairingFilter, *, on: date) -> Coverage:
    """帮扶责任人全覆盖: the share of subjects with a pairing (of the kind asked, if any) running on `on`.

    The register of households is not consulted: a subject counts once some pairing names it.
    """
    known: dict[str, set[str]] = defaultdict(set)
    covered: dict[str, set[str]] = defaultdict(set)
    for one in (judge(h, on) for h in histories(engine, reader, where, on=on)):
        known[one.subject_kind].add(one.subject_id)
        if one.standing != ENDED:
            covered[one.subject_kind].add(one.subject_id)
    kinds = [str(k) for k in SubjectKind]
    return Coverage(
        on,
        {k: len(known[k]) for k in kinds},
        {k: len(covered[k]) for k in kinds},
        {k: sorted(known[k] - covered[k])[:UNCOVERED_SHOWN] for k in kinds},
    )


class _Tallies(dict[str, Tally]):
    def get(self, key: str) -> Tally:  # type: ignore[override]
        if key not in self:
            self[key] = Tally(key)
        return self[key]

    def sorted(self) -> list[Tally]:
        return [self[k] for k in sorted(self)]


def _group(path: Iterable[str], node: str | None) -> str:
    """The node one level below the one asked about (a street's communities …), or the street."""
    codes = list(path)
    if node is None or node not in codes:
        return codes[0] if codes else ""
    index = codes.index(node)
    return codes[index + 1] if index + 1 < len(codes) else node
