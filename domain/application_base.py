"""The Application base every feature's commands extend: loading, time travel, optimistic saving."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application, ProcessingEvent, project_aggregate
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, Recording

from domain.accounts.administrators import Administrators, administrators_id
from domain.accounts.model import Account, check_username
from domain.audit.kinds import EntityKind
from domain.audit.model import AccessRecord
from domain.calendar.settings import CalendarSettings
from domain.catalogue.model import Category, Department
from domain.clients.model import ApiClient
from domain.grid.model import GridNode
from domain.group_commit import GroupCommit
from domain.issues.model import Issue
from domain.issues.policy import DispatchPolicy
from domain.monitoring.model import MonitoringCase
from domain.pairings.caseload import Caseload
from domain.pairings.model import Pairing
from domain.people.household import Household
from domain.people.model import IdentityClaim, Person
from domain.positions.life import OrganisationLife, life_log_id
from domain.positions.model import CommunityRoster, roster_id
from domain.rectification.model import RectificationCase
from domain.reviews.model import JointReview, ReviewSlot
from domain.shared.clock import Clock
from domain.shared.errors import AlreadyExistsError, ConflictError, NotFoundError
from domain.shared.ids import account_id, calendar_id, category_id, department_id, node_id
from domain.standards.model import HouseholdStandards
from domain.unit_of_work import LogHead

A = TypeVar("A", bound=Aggregate)


class ApplicationBase(Application[UUID]):
    """What every feature's commands share; each feature adds its commands in a subclass."""

    def __init__(self, clock: Clock, env: dict[str, str] | None = None, policy: DispatchPolicy | None = None) -> None:
        super().__init__(env=env)
        self.clock = clock
        self.policy = policy or DispatchPolicy()
        self.log_head = LogHead(self.recorder, self.repository)
        self._group_commit = GroupCommit(self._record)

    def node(self, code: str, *, field: str = "code", shared: bool = False) -> GridNode:
        return self._get(GridNode, node_id(code), f"no grid node with code {code!r}", field, shared=shared)

    def account(self, username: str, *, shared: bool = False) -> Account:
        check_username(username.casefold())
        return self._get(Account, account_id(username), f"no account {username!r}", "username", shared=shared)

    def path_from(self, node: GridNode) -> list[str]:
        """Codes from the street down to `node`, as the grid is now (kept in events that locate a fact)."""
        path = [node.code]
        while node.parent_code is not None:
            path.insert(0, node.parent_code)
            node = self.node(node.parent_code, shared=True)
        return path

    def has_account(self, username: str) -> bool:
        try:
            self.account(username)
        except NotFoundError:
            return False
        return True

    def state_as_of(self, kind: EntityKind, key: str, at: datetime) -> Aggregate:
        """Any aggregate as it was at `at`, named as the audit trail names it (kind and id)."""
        try:
            aggregate_class, aggregate_id = _identify(kind, key)
        except ValueError:
            raise NotFoundError(f"no {kind} {key!r}", field="id") from None
        return self._as_of(aggregate_class, aggregate_id, at, f"{kind} {key!r} did not exist at {at.isoformat()}")

    def _get(self, kind: type[A], aggregate_id: UUID, message: str, field: str, *, shared: bool = False) -> A:
        """The aggregate as it is now. `shared` hands out the cached object itself, not a copy: for
        reading only (a command's context), never for changing and saving."""
        self.log_head.current()  # the cache is brought up to the log's head once per unit of work
        try:
            aggregate: Aggregate = self.repository.get(aggregate_id, deepcopy_from_cache=not shared)
        except AggregateNotFoundError:
            raise NotFoundError(message, field=field) from None
        assert isinstance(aggregate, kind)
        return aggregate

    def _as_of(self, kind: type[A], aggregate_id: UUID, at: datetime, message: str) -> A:
        """Its events up to `at`, read once and replayed (the repository would read them again)."""
        until: list[Aggregate.Event] = []
        for stored in self.events.get(aggregate_id):
            if cast(Aggregate.Event, stored).timestamp > at:
                break
            until.append(cast(Aggregate.Event, stored))
        aggregate = project_aggregate(None, until)
        if aggregate is None:
            raise NotFoundError(message)
        assert isinstance(aggregate, kind)
        return aggregate

    @staticmethod
    def _expect(aggregate: A, expected_version: int | None) -> A:
        """A caller's view of `expected_version` is current unless a later event changed what it
        decides on: notes the system adds by itself (an issue's possible duplicates) leave it so."""
        current_since = getattr(aggregate, "current_since", aggregate.version)
        if expected_version is not None and not current_since <= expected_version <= aggregate.version:
            raise ConflictError(
                f"version {expected_version} is stale: it is now at version {aggregate.version}; reload and try again",
                field="expected_version",
            )
        return aggregate

    def save(self, *objs: Any, **kwargs: Any) -> list[Recording[UUID]]:
        """The library's save, written with whatever else this process is saving at the same moment
        (group commit), telling the log head what was written and what lost a race."""
        processing: ProcessingEvent[UUID] = ProcessingEvent()
        processing.collect_events(*objs, **kwargs)
        if not processing.events:
            return []
        try:
            recordings = self._group_commit.write(processing) if not kwargs else self._record(processing)
        except IntegrityError:
            self.log_head.forget(*processing.aggregates)
            raise
        self._take_snapshots(processing)
        self._notify(recordings)
        self.log_head.saved([r.notification.id for r in recordings])
        return recordings

    def _save_new(self, *aggregates: Aggregate | None, key: str, field: str = "code") -> None:
        try:
            self.save(*aggregates)
        except IntegrityError:
            raise AlreadyExistsError(f"{key!r} already exists", field=field) from None

    def decide(self, aggregate: A, decision: Callable[[A], None]) -> A:
        """Lets the aggregate decide on its current state, then records what it decided (if anything)."""
        decision(aggregate)
        if aggregate.pending_events:
            self.commit(aggregate)
        return aggregate

    def commit(self, *aggregates: Aggregate | None) -> None:
        """Records the aggregates' new events in one transaction; a concurrent change is a conflict."""
        try:
            self.save(*aggregates)
        except IntegrityError:
            raise ConflictError("someone else changed this at the same time; reload and try again") from None


# How the audit trail names each kind of aggregate, and how a name becomes its id.
_KINDS: dict[EntityKind, tuple[type[Aggregate], Callable[[str], UUID]]] = {
    EntityKind.GRID_NODE: (GridNode, node_id),
    EntityKind.ACCOUNT: (Account, account_id),
    EntityKind.DEPARTMENT: (Department, department_id),
    EntityKind.CATEGORY: (Category, category_id),
    EntityKind.CALENDAR_SETTINGS: (CalendarSettings, lambda _: calendar_id()),
    EntityKind.ISSUE: (Issue, UUID),
    EntityKind.ACCESS_RECORD: (AccessRecord, UUID),
    EntityKind.ADMINISTRATORS: (Administrators, lambda _: administrators_id()),
    EntityKind.PERSON: (Person, UUID),
    EntityKind.HOUSEHOLD: (Household, UUID),
    EntityKind.IDENTITY_CLAIM: (IdentityClaim, UUID),
    EntityKind.PAIRING: (Pairing, UUID),
    EntityKind.CASELOAD: (Caseload, UUID),
    EntityKind.MONITORING_CASE: (MonitoringCase, UUID),
    EntityKind.HOUSEHOLD_STANDARDS: (HouseholdStandards, UUID),
    EntityKind.RECTIFICATION_CASE: (RectificationCase, UUID),
    EntityKind.JOINT_REVIEW: (JointReview, UUID),
    EntityKind.REVIEW_SLOT: (ReviewSlot, UUID),
    EntityKind.COMMUNITY_ROSTER: (CommunityRoster, roster_id),
    EntityKind.ORGANISATION_LIFE: (OrganisationLife, life_log_id),
    EntityKind.API_CLIENT: (ApiClient, UUID),
}


def _identify(kind: EntityKind, key: str) -> tuple[type[Aggregate], UUID]:
    aggregate_class, to_id = _KINDS[kind]
    return aggregate_class, to_id(key)
