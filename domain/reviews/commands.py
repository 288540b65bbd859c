"""Review commands: each loads one review (and the person's slot for the round), decides, saves.

Answer deadlines are counted on the working calendar from the start; the slot aggregate, saved in
the same transaction as the new review, refuses a second review of the person in the round.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from uuid import UUID, uuid4

from domain.catalogue.commands import CatalogueCommands
from domain.grid.levels import Level
from domain.issues.values import parse
from domain.people.commands import PeopleCommands
from domain.reviews.model import DISTRICT, JointReview, ReviewSlot, slot_id
from domain.reviews.policy import ReviewPolicy
from domain.reviews.values import Post, Verdict
from domain.shared.errors import AlreadyExistsError, InvalidInputError, NotFoundError


class ReviewCommands(PeopleCommands, CatalogueCommands):
    review_policy: ReviewPolicy = ReviewPolicy()

    def start_review(
        self, *, person_id: UUID, node: str, post: Post, actor: str, reason: str = "任职资格联审",
        round: str | None = None, units: list[str] | None = None,
    ) -> JointReview:  # fmt: skip
        """Sends a candidate for a post on a community to every reviewing unit, once per round."""
        post = parse(Post, str(post), "post")
        self.person(person_id, field="person_id")
        community = self.node(node, field="node", shared=True)
        community.require_active("review a candidate for")
        if community.level != Level.COMMUNITY:
            raise InvalidInputError(f"{node} is not a community: committee posts are on communities", field="node")
        now, policy = self.clock.now(), self.review_policy
        round = round or policy.round_on(self.local_date(now))
        if round is None or round not in policy.rounds:
            raise InvalidInputError(f"name an election round: {', '.join(policy.rounds)}", field="round")
        chosen = list(policy.units) if units is None else units
        review = JointReview.start(
            review_id=uuid4(), person_id=str(person_id), round=round, post=str(post), node=node,
            path=self.path_from(community), units=chosen,
            answer_due=self.calendar().add(now, policy.answer_limit), actor=actor, reason=reason, at=now,
        )  # fmt: skip
        slot = ReviewSlot._create(
            ReviewSlot.Taken, id=slot_id(str(person_id), round), timestamp=now, review=str(review.id),
            actor=actor, reason=reason,
        )  # fmt: skip
        try:
            self._save_new(review, slot, key=f"{person_id} in round {round}", field="person_id")
        except AlreadyExistsError:
            raise AlreadyExistsError(
                f"person {person_id} was already reviewed in round {round}: once per round", field="person_id"
            ) from None
        return review

    def answer_review(
        self, review_id: UUID, *, unit: str, verdict: Verdict, basis: str, actor: str, reason: str = "审查意见"
    ) -> JointReview:
        verdict = parse(Verdict, str(verdict), "verdict")
        return self._change_review(
            review_id,
            lambda r: r.answer(
                unit=unit, verdict=verdict, basis=basis, actor=actor, reason=reason, at=self.clock.now()
            ),
        )

    def check_review_deadlines(self, review_id: UUID, *, actor: str = "watcher") -> JointReview:
        """Records due reminders, misses and escalations; running it twice records nothing new."""

        def check(review: JointReview) -> None:
            parent = self.node(review.node, shared=True).parent_code
            review.check_deadlines(
                warn_before=self.review_policy.warn_before, escalate_to=parent or DISTRICT, actor=actor,
                at=self.clock.now(),
            )  # fmt: skip

        return self._change_review(review_id, check)

    def review(self, review_id: UUID, *, field: str = "id") -> JointReview:
        return self._get(JointReview, review_id, f"no joint review {review_id}", field)

    def review_as_of(self, review_id: UUID, at: datetime) -> JointReview:
        return self._as_of(JointReview, review_id, at, f"joint review {review_id} did not exist at {at.isoformat()}")

    def review_of(self, person_id: UUID, round: str) -> JointReview | None:
        """The person's review in the round, if any (decided on the slot, not on a read model)."""
        try:
            slot = self._get(ReviewSlot, slot_id(str(person_id), round), "no review", "person_id", shared=True)
        except NotFoundError:
            return None
        return self.review(UUID(slot.review))

    def _change_review(self, review_id: UUID, decide: Callable[[JointReview], None]) -> JointReview:
        return self.decide(self.review(review_id), decide)
