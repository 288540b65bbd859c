"""Organisation life of a community's party organisation (组织生活), on the cadence engine.

Reserve-pool trainings at least twice a year (每年集中培训不少于2次), a group talk every half year
(每半年集体谈话), a one-to-one talk every quarter (每季度个别谈话), and the party-life meetings:
三会一课 (a branch committee meeting every month is the most frequent of them) and the themed party
day (主题党日, monthly). A meeting counts only if it was planned at the start of its month (by the
`plan_by_day`-th) and held by the month's middle (the `held_by_day`-th): "月初计划、月中完成".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

from domain.cadence.compliance import ObligationStatus, assess
from domain.cadence.periods import Period
from domain.cadence.policy import CadencePolicy, Obligation
from domain.shared.errors import InvalidInputError
from domain.shared.ids import GRIDGOV_NAMESPACE

MAX_NOTE = 1000
MAX_ATTENDEES = 500  # ids listed on one record
MAX_COUNT = 100_000


class LifeKind(StrEnum):
    RESERVE_TRAINING = "reserve_training"  # 后备干部集中培训
    GROUP_TALK = "group_talk"  # 集体谈话
    ONE_TO_ONE_TALK = "one_to_one_talk"  # 个别谈话
    PARTY_MEETING = "party_meeting"  # 三会一课
    THEMED_PARTY_DAY = "themed_party_day"  # 主题党日


MEETINGS = frozenset({LifeKind.PARTY_MEETING, LifeKind.THEMED_PARTY_DAY})


LIFE_CADENCE = CadencePolicy(
    (
        Obligation(LifeKind.RESERVE_TRAINING, 2, Period.YEAR, warn_days=30),
        Obligation(LifeKind.GROUP_TALK, 1, Period.HALF_YEAR, warn_days=14),
        Obligation(LifeKind.ONE_TO_ONE_TALK, 1, Period.QUARTER, warn_days=14),
        Obligation(LifeKind.PARTY_MEETING, 1, Period.MONTH, warn_days=5),
        Obligation(LifeKind.THEMED_PARTY_DAY, 1, Period.MONTH, warn_days=5),
    )
)


@dataclass(frozen=True)
class LifePolicy:
    cadence: CadencePolicy = LIFE_CADENCE
    plan_by_day: int = 5  # planned on or before the 5th of the month (月初)
    held_by_day: int = 15  # held on or before the 15th (月中)

    def counts(self, kind: str, held_on: date, planned_on: date | None) -> bool:
        """Whether a record counts towards its obligation: meetings only when planned and held on time."""
        if kind not in MEETINGS:
            return True
        return (
            planned_on is not None
            and (planned_on.year, planned_on.month) == (held_on.year, held_on.month)
            and planned_on.day <= self.plan_by_day
            and held_on.day <= self.held_by_day
        )


DEFAULT_LIFE = LifePolicy()


def compliance(
    policy: LifePolicy, records: Iterable[tuple[str, date, date | None]], *, on: date, since: date
) -> list[ObligationStatus]:
    """Each obligation's standing on `on`, judged from `since`, over records (kind, held_on, planned_on)."""
    done = [(kind, held) for kind, held, planned in records if policy.counts(kind, held, planned)]
    return assess(policy.cadence, start=since, done=done, on=on)


def life_log_id(community: str) -> UUID:
    return uuid5(GRIDGOV_NAMESPACE, f"organisation-life:{community}")


class OrganisationLife(Aggregate):
    """The dated records of a community's organisation life (组织生活台账)."""

    TOPIC = "gridgov.positions:OrganisationLife"

    class Event(Aggregate.Event):
        actor: str
        reason: str
        node: str
        path: list[str]

    class LogOpened(Event, Aggregate.Created):
        TOPIC = "gridgov.positions:OrganisationLife.LogOpened"

    Created = LogOpened

    class ActivityRecorded(Event):
        """A training, talk or meeting was held (with its plan date, for meetings)."""

        TOPIC = "gridgov.positions:OrganisationLife.ActivityRecorded"
        record_id: str
        kind: str
        held_on: str
        planned_on: str | None
        attendees: int
        attendee_ids: list[str]
        note: str

        def apply(self, log: Any) -> None:
            log.records.append((self.kind, date.fromisoformat(self.held_on), self.planned_on))

    def __init__(self, node: str, path: list[str]) -> None:
        self.node = node
        self.path = path
        self.records: list[tuple[str, date, str | None]] = []

    @classmethod
    def open(cls, *, node: str, path: list[str], actor: str, reason: str, at: datetime) -> OrganisationLife:
        return cls._create(cls.LogOpened, id=life_log_id(node), timestamp=at, node=node, path=path, actor=actor,
                           reason=reason)  # fmt: skip

    def record(
        self, *, record_id: UUID, kind: LifeKind, held_on: date, planned_on: date | None, attendees: int,
        attendee_ids: list[str], note: str, actor: str, reason: str, at: datetime,
    ) -> None:  # fmt: skip
        kind = LifeKind(kind)
        if len(note) > MAX_NOTE:
            raise InvalidInputError(f"a note is at most {MAX_NOTE} characters", field="note")
        if len(attendee_ids) > MAX_ATTENDEES:
            raise InvalidInputError(f"list at most {MAX_ATTENDEES} attendees; give the count", field="attendee_ids")
        count = max(attendees, len(attendee_ids))
        if not 1 <= count <= MAX_COUNT:
            raise InvalidInputError(f"give the attendees: a count 1 … {MAX_COUNT}, or their ids", field="attendees")
        if planned_on is not None and planned_on > held_on:
            raise InvalidInputError("a meeting is planned on or before the day it is held", field="planned_on")
        if kind in MEETINGS and planned_on is None:
            raise InvalidInputError("a party-life meeting records the day it was planned", field="planned_on")
        self.trigger_event(
            self.ActivityRecorded, timestamp=at, actor=actor, reason=reason, node=self.node, path=self.path,
            record_id=str(record_id), kind=str(kind), held_on=held_on.isoformat(),
            planned_on=None if planned_on is None else planned_on.isoformat(), attendees=count,
            attendee_ids=list(attendee_ids), note=note.strip(),
        )  # fmt: skip


LIFE_TOPICS: tuple[str, ...] = (OrganisationLife.LogOpened.TOPIC, OrganisationLife.ActivityRecorded.TOPIC)
