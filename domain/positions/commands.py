"""Position and organisation-life commands: appoint only after a completed, passing joint review in
the round current on the first day held (decided on the review aggregate), end a holding, record
organisation life, and judge its cadence as of a day.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

from domain.cadence.compliance import ObligationStatus
from domain.grid.levels import Level
from domain.grid.model import GridNode
from domain.issues.values import parse
from domain.positions.life import DEFAULT_LIFE, LifeKind, LifePolicy, OrganisationLife, compliance, life_log_id
from domain.positions.model import CommunityRoster, roster_id
from domain.reviews.commands import ReviewCommands
from domain.reviews.values import Post, ReviewStatus
from domain.shared.errors import IllegalTransitionError, InvalidInputError, NotFoundError


class PositionCommands(ReviewCommands):
    life_policy: LifePolicy = DEFAULT_LIFE

    def appoint(
        self, *, node: str, post: Post, person_id: UUID, valid_from: date, actor: str, reason: str = "任职"
    ) -> CommunityRoster:
        post = parse(Post, str(post), "post")
        community = self._community(node)
        self.person(person_id, field="person_id")
        round = self.review_policy.round_on(valid_from)
        review = None if round is None else self.review_of(person_id, round)
        if review is None or review.status is not ReviewStatus.PASSED:
            state = "not reviewed" if review is None else str(review.status)
            raise IllegalTransitionError(
                f"person {person_id} has no completed, passing joint review in round {round}: {state}",
                state=state,
                allowed=["start_review"] if review is None else [],
            )
        now = self.clock.now()
        roster = self._roster_or_open(community, actor)
        roster.appoint(
            holding_id=uuid4(), post=post, person_id=str(person_id), valid_from=valid_from, review_id=str(review.id),
            actor=actor, reason=reason, at=now,
        )  # fmt: skip
        self.commit(roster)
        return roster

    def end_holding(self, *, node: str, holding_id: str, valid_to: date, actor: str, reason: str) -> CommunityRoster:
        roster = self.roster(node)
        roster.end(holding_id=holding_id, valid_to=valid_to, actor=actor, reason=reason, at=self.clock.now())
        self.commit(roster)
        return roster

    def roster(self, node: str) -> CommunityRoster:
        return self._get(CommunityRoster, roster_id(node), f"no positions recorded on {node}", "node")

    def record_organisation_life(
        self, *, node: str, kind: LifeKind, held_on: date, actor: str, reason: str = "组织生活记录",
        planned_on: date | None = None, attendees: int = 0, attendee_ids: list[str] | None = None, note: str = "",
    ) -> OrganisationLife:  # fmt: skip
        kind = parse(LifeKind, str(kind), "kind")
        community = self._community(node)
        now = self.clock.now()
        if held_on > self.local_date(now):
            raise InvalidInputError("an activity is recorded on or after the day it was held", field="held_on")
        try:
            log = self._get(OrganisationLife, life_log_id(node), "", "node")
        except NotFoundError:
            log = OrganisationLife.open(node=node, path=self.path_from(community), actor=actor, reason=reason, at=now)
        log.record(
            record_id=uuid4(), kind=kind, held_on=held_on, planned_on=planned_on, attendees=attendees,
            attendee_ids=list(attendee_ids or []), note=note, actor=actor, reason=reason, at=now,
        )  # fmt: skip
        self.commit(log)
        return log

    def life_compliance(self, node: str, *, on: date, since: date | None = None) -> list[ObligationStatus]:
        """The community's organisation-life obligations on `on`, judged from `since` (default: 1 January)."""
        self._community(node)
        try:
            log = self._get(OrganisationLife, life_log_id(node), "", "node", shared=True)
            records = [(k, held, None if p is None else date.fromisoformat(p)) for k, held, p in log.records]
        except NotFoundError:
            records = []
        return compliance(self.life_policy, records, on=on, since=since or date(on.year, 1, 1))

    def _community(self, node: str) -> GridNode:
        community = self.node(node, field="node", shared=True)
        if community.level != Level.COMMUNITY:
            raise InvalidInputError(
                f"{node} is not a community: posts and organisation life are a community's", field="node"
            )
        return community

    def _roster_or_open(self, community: GridNode, actor: str) -> CommunityRoster:
        try:
            return self.roster(community.code)
        except NotFoundError:
            return CommunityRoster.open(
                node=community.code, path=self.path_from(community), actor=actor, reason="花名册", at=self.clock.now()
            )
