"""Who holds which post on one community, over time (valid from / to), and its organisation life.

One roster per community (its id derives from the community's code): appointments on the same
community conflict, those on different ones never do. A holding runs from `valid_from` up to, not
including, `valid_to` (None: still held). The secretary and the director have one holder at a time
each; a person may hold both (一肩挑). Whether the person passed the round's joint review is
decided by the Application on the review aggregate and passed in as the review's id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

from domain.reviews.values import Post
from domain.shared.errors import IllegalTransitionError, InvalidInputError, NotFoundError
from domain.shared.ids import GRIDGOV_NAMESPACE

SINGLE_HOLDER = frozenset({Post.SECRETARY, Post.DIRECTOR})


def roster_id(community: str) -> UUID:
    return uuid5(GRIDGOV_NAMESPACE, f"roster:{community}")


@dataclass(frozen=True)
class Holding:
    id: str
    post: Post
    person_id: str
    valid_from: date
    valid_to: date | None
    review_id: str

    def holds_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


class CommunityRoster(Aggregate):
    """The posts of one community's party organisation and residents' committee (两委班子与后备库)."""

    TOPIC = "gridgov.positions:CommunityRoster"

    class Event(Aggregate.Event):
        actor: str
        reason: str
        node: str

    class RosterOpened(Event, Aggregate.Created):
        """The community's roster was opened, with its first appointment."""

        TOPIC = "gridgov.positions:CommunityRoster.RosterOpened"
        path: list[str]

    Created = RosterOpened

    class Appointed(Event):
        """A person took a post from a day (任职 / 纳入后备), after passing the round's joint review."""

        TOPIC = "gridgov.positions:CommunityRoster.Appointed"
        holding_id: str
        post: str
        person_id: str
        valid_from: str
        review_id: str
        path: list[str]

        def apply(self, roster: Any) -> None:
            roster.holdings[self.holding_id] = Holding(
                self.holding_id, Post(self.post), self.person_id, date.fromisoformat(self.valid_from), None,
                self.review_id,
            )  # fmt: skip

    class HoldingEnded(Event):
        """A holding ended on a day (离任 / 退出后备): the day is the first no longer held."""

        TOPIC = "gridgov.positions:CommunityRoster.HoldingEnded"
        holding_id: str
        valid_to: str
        path: list[str]

        def apply(self, roster: Any) -> None:
            old = roster.holdings[self.holding_id]
            roster.holdings[self.holding_id] = Holding(
                old.id, old.post, old.person_id, old.valid_from, date.fromisoformat(self.valid_to), old.review_id
            )

    def __init__(self, node: str, path: list[str]) -> None:
        self.node = node
        self.path = path
        self.holdings: dict[str, Holding] = {}

    @classmethod
    def open(cls, *, node: str, path: list[str], actor: str, reason: str, at: datetime) -> CommunityRoster:
        return cls._create(cls.RosterOpened, id=roster_id(node), timestamp=at, node=node, path=path, actor=actor,
                           reason=reason)  # fmt: skip

    def held_on(self, day: date) -> list[Holding]:
        return [h for h in self.holdings.values() if h.holds_on(day)]

    def appoint(
        self, *, holding_id: UUID, post: Post, person_id: str, valid_from: date, review_id: str, actor: str,
        reason: str, at: datetime,
    ) -> None:  # fmt: skip
        post = Post(post)
        for h in self.holdings.values():
            if h.valid_to is not None and h.valid_to <= valid_from:
                continue
            if h.person_id == person_id and h.post is post:
                raise IllegalTransitionError(
                    f"the person already holds {post} here from {h.valid_from.isoformat()}", state="held", allowed=[]
                )
            if post in SINGLE_HOLDER and h.post is post:
                raise IllegalTransitionError(
                    f"{post} is held by {h.person_id} from {h.valid_from.isoformat()}: end that holding first",
                    state="held",
                    allowed=[],
                )
        self._fact(
            self.Appointed, at, actor, reason, holding_id=str(holding_id), post=str(post), person_id=person_id,
            valid_from=valid_from.isoformat(), review_id=review_id,
        )  # fmt: skip

    def end(self, *, holding_id: str, valid_to: date, actor: str, reason: str, at: datetime) -> None:
        holding = self.holdings.get(holding_id)
        if holding is None:
            raise NotFoundError(f"no holding {holding_id} on {self.node}", field="holding_id")
        if holding.valid_to is not None:
            raise IllegalTransitionError(
                f"the holding already ended on {holding.valid_to.isoformat()}", state="ended", allowed=[]
            )
        if valid_to <= holding.valid_from:
            raise InvalidInputError(
                f"a holding ends after it begins ({holding.valid_from.isoformat()})", field="valid_to"
            )
        self._fact(self.HoldingEnded, at, actor, reason, holding_id=holding_id, valid_to=valid_to.isoformat())

    def _fact(self, event_class: type[CommunityRoster.Event], at: datetime, actor: str, reason: str, **f: Any) -> None:
        self.trigger_event(event_class, timestamp=at, actor=actor, reason=reason, node=self.node, path=self.path, **f)


ROSTER_TOPICS: tuple[str, ...] = (
    CommunityRoster.RosterOpened.TOPIC,
    CommunityRoster.Appointed.TOPIC,
    CommunityRoster.HoldingEnded.TOPIC,
)
