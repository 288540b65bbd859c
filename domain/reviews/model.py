"""The joint qualification review (任职资格联审) of one candidate in one round, and the slot that
keeps a person to one review per round.

Each reviewing unit returns pass or fail with a written basis; the review completes when every
unit has answered, and any fail disqualifies. Each unit's answer deadline is computed by the
Application on the working calendar; reminders, misses and escalations are recorded once each.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

from domain.reviews import deadlines
from domain.reviews.policy import MAX_BASIS, MAX_UNITS
from domain.reviews.values import ReviewStatus, Verdict
from domain.shared.errors import IllegalTransitionError, InvalidInputError
from domain.shared.ids import GRIDGOV_NAMESPACE

DISTRICT = "district"


def slot_id(person_id: str, round_name: str) -> UUID:
    return uuid5(GRIDGOV_NAMESPACE, f"review-slot:{person_id}:{round_name}")


class ReviewSlot(Aggregate):
    """One person's review in one round (届次): its id derives from both, so a second review of
    the same person in the round collides on the store's unique key."""

    TOPIC = "gridgov.reviews:ReviewSlot"

    class Event(Aggregate.Event):
        actor: str
        reason: str

    class Taken(Event, Aggregate.Created):
        TOPIC = "gridgov.reviews:ReviewSlot.Taken"
        review: str

    Created = Taken

    def __init__(self, review: str) -> None:
        self.review = review


class JointReview(Aggregate):
    """A candidate's joint review for a post on a community."""

    TOPIC = "gridgov.reviews:JointReview"

    class Event(Aggregate.Event):
        """Every fact says who and why, and where: the community the candidate is reviewed for."""

        actor: str
        reason: str
        node: str

        def mutate(self, aggregate: Any) -> Any:
            review = super().mutate(aggregate)
            assert review is not None
            deadlines.follow(review.deadlines, self)
            return review

    class ReviewStarted(Event, Aggregate.Created):
        """A candidate was sent to the reviewing units (发起任职资格联审)."""

        TOPIC = "gridgov.reviews:JointReview.ReviewStarted"
        person_id: str
        round: str
        post: str
        path: list[str]
        units: list[str]
        answer_due: datetime

    Created = ReviewStarted

    class VerdictReturned(Event):
        """A reviewing unit returned its verdict with the written basis (审查意见)."""

        TOPIC = "gridgov.reviews:JointReview.VerdictReturned"
        unit: str
        verdict: str
        basis: str

        def apply(self, review: Any) -> None:
            review.verdicts[self.unit] = {"verdict": self.verdict, "basis": self.basis, "at": self.timestamp}

    class ReviewCompleted(Event):
        """Every unit answered (联审完成): passed, or disqualified by any fail."""

        TOPIC = "gridgov.reviews:JointReview.ReviewCompleted"
        outcome: str

        def apply(self, review: Any) -> None:
            review.status = ReviewStatus(self.outcome)
            review.completed_at = self.timestamp

    class ReviewerReminded(Event):
        """A unit's answer is due soon (提醒)."""

        TOPIC = "gridgov.reviews:JointReview.ReviewerReminded"
        unit: str
        due: datetime

        def apply(self, review: Any) -> None:
            review.flagged.add(deadlines.flag(False, "answer", self.unit, self.due))

    class ReviewerOverdue(Event):
        """A unit did not answer by its deadline (超期)."""

        TOPIC = "gridgov.reviews:JointReview.ReviewerOverdue"
        unit: str
        due: datetime

        def apply(self, review: Any) -> None:
            review.flagged.add(deadlines.flag(True, "answer", self.unit, self.due))
            review.overdue.append(self.unit)

    class Escalated(Event):
        """An overdue unit was reported one level up (上报督办): to the street, or the district."""

        TOPIC = "gridgov.reviews:JointReview.Escalated"
        unit: str
        to_node: str

        def apply(self, review: Any) -> None:
            review.escalations.append({"unit": self.unit, "to": self.to_node, "at": self.timestamp})

    def __init__(
        self, person_id: str, round: str, post: str, node: str, path: list[str], units: list[str], answer_due: datetime,
        actor: str, timestamp: datetime,
    ) -> None:  # fmt: skip
        self.person_id = person_id
        self.round = round
        self.post = post
        self.node = node
        self.path = path
        self.units = list(units)
        self.answer_due = answer_due
        self.started_by = actor
        self.started_at = timestamp
        self.status = ReviewStatus.IN_REVIEW
        self.completed_at: datetime | None = None
        self.verdicts: dict[str, dict[str, Any]] = {}
        self.deadlines: dict[str, datetime] = {}
        self.flagged: set[str] = set()
        self.overdue: list[str] = []
        self.escalations: list[dict[str, Any]] = []

    @classmethod
    def start(
        cls, *, review_id: UUID, person_id: str, round: str, post: str, node: str, path: list[str],
        units: list[str], answer_due: datetime, actor: str, reason: str, at: datetime,
    ) -> JointReview:  # fmt: skip
        if not units:
            raise InvalidInputError("name at least one reviewing unit", field="units")
        if len(units) > MAX_UNITS or len(set(units)) != len(units):
            raise InvalidInputError(f"name each reviewing unit once, at most {MAX_UNITS}", field="units")
        return cls._create(
            cls.ReviewStarted, id=review_id, timestamp=at, person_id=person_id, round=round, post=post, node=node,
            path=path, units=list(units), answer_due=answer_due, actor=actor, reason=reason,
        )  # fmt: skip

    @property
    def passed(self) -> bool:
        return self.status is ReviewStatus.PASSED

    def answer(self, *, unit: str, verdict: Verdict, basis: str, actor: str, reason: str, at: datetime) -> None:
        """A unit's verdict; the last answer completes the review (any fail disqualifies)."""
        if self.status is not ReviewStatus.IN_REVIEW:
            raise IllegalTransitionError(
                f"the review is {self.status}: it takes no more verdicts", state=str(self.status), allowed=[]
            )
        if unit not in self.units:
            raise InvalidInputError(
                f"{unit} is not a reviewing unit of this review: {', '.join(self.units)}", field="unit"
            )
        if unit in self.verdicts:
            raise IllegalTransitionError(f"{unit} has already answered", state=str(self.status), allowed=[])
        if not basis.strip() or len(basis) > MAX_BASIS:
            raise InvalidInputError(f"write the basis of the verdict, 1 … {MAX_BASIS} characters", field="basis")
        self._fact(
            self.VerdictReturned, at, actor, reason, unit=unit, verdict=str(Verdict(verdict)), basis=basis.strip()
        )
        if len(self.verdicts) == len(self.units):
            failed = any(v["verdict"] == Verdict.FAIL for v in self.verdicts.values())
            outcome = ReviewStatus.DISQUALIFIED if failed else ReviewStatus.PASSED
            self._fact(self.ReviewCompleted, at, actor, "every reviewing unit answered", outcome=str(outcome))

    def check_deadlines(self, *, warn_before: timedelta, escalate_to: str, actor: str, at: datetime) -> None:
        """Reminds each unit once before its deadline; an overdue unit is recorded and escalated once."""
        if self.status is not ReviewStatus.IN_REVIEW:
            return
        for finding in deadlines.findings(self.deadlines, self.flagged, at=at, warn_before=warn_before):
            unit = finding.department or ""
            why = f"{unit} answer due {finding.due.isoformat()} {'passed' if finding.missed else 'is near'}"
            if not finding.missed:
                self._fact(self.ReviewerReminded, at, actor, why, unit=unit, due=finding.due)
                continue
            self._fact(self.ReviewerOverdue, at, actor, why, unit=unit, due=finding.due)
            self._fact(self.Escalated, at, actor, why, unit=unit, to_node=escalate_to)

    def _fact(self, event_class: type[JointReview.Event], at: datetime, actor: str, reason: str, **fields: Any) -> None:
        self.trigger_event(event_class, timestamp=at, actor=actor, reason=reason, node=self.node, **fields)


REVIEW_TOPICS: tuple[str, ...] = tuple(
    dict.fromkeys(
        str(getattr(obj, "TOPIC"))  # noqa: B009
        for obj in vars(JointReview).values()
        if isinstance(obj, type) and issubclass(obj, JointReview.Event) and obj is not JointReview.Event
    )
)
