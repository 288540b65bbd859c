"""The roster of active administrators: one small aggregate, so that someone can always administer.

Every command that gives or takes the admin role of an open account (open, grant, revoke, close)
saves the roster in the same transaction as the account. Two concurrent step-downs both read the
roster at one version; the second save of that version conflicts, so they cannot together leave
nobody. The roster changes only when an administrator comes or goes: rarely.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

from domain.accounts.model import Account
from domain.accounts.roles import Grant, Role
from domain.shared.errors import ConflictError
from domain.shared.ids import GRIDGOV_NAMESPACE

ADMIN = Grant(Role.ADMIN)


def administrators_id() -> UUID:
    """There is one roster for the whole service."""
    return uuid5(GRIDGOV_NAMESPACE, "administrators")


def is_active_admin(account: Account) -> bool:
    return account.has(ADMIN) and not account.closed


class LastAdministratorError(ConflictError):
    """The command would leave no open account holding the admin role."""


class Administrators(Aggregate):
    """Who holds the admin role on an open account (在岗管理员名册)."""

    TOPIC = "gridgov.accounts:Administrators"

    class Event(Aggregate.Event):
        """Each change repeats the actor and reason of the account command that caused it."""

        actor: str
        reason: str

    class Counted(Event, Aggregate.Created):
        """The roster was started from the accounts as they were (清点管理员)."""

        TOPIC = "gridgov.accounts:Administrators.Counted"
        usernames: list[str]

    Created = Counted

    class AdministratorJoined(Event):
        """An open account gained the admin role (新增管理员)."""

        TOPIC = "gridgov.accounts:Administrators.AdministratorJoined"
        username: str

        def apply(self, aggregate: Any) -> None:
            aggregate.usernames = sorted({*aggregate.usernames, self.username})

    class AdministratorLeft(Event):
        """An administrator lost the admin role or their account was closed (管理员离任)."""

        TOPIC = "gridgov.accounts:Administrators.AdministratorLeft"
        username: str

        def apply(self, aggregate: Any) -> None:
            aggregate.usernames = [u for u in aggregate.usernames if u != self.username]

    def __init__(self, usernames: list[str]) -> None:
        """Applies Counted."""
        self.usernames = sorted(usernames)

    @classmethod
    def count(cls, *, usernames: list[str], actor: str, reason: str, at: datetime) -> Administrators:
        return cls._create(
            cls.Counted, id=administrators_id(), timestamp=at, usernames=sorted(usernames), actor=actor, reason=reason
        )

    def join(self, *, username: str, actor: str, reason: str, at: datetime) -> None:
        if username not in self.usernames:
            self.trigger_event(self.AdministratorJoined, timestamp=at, username=username, actor=actor, reason=reason)

    def leave(self, *, username: str, field: str, actor: str, reason: str, at: datetime) -> None:
        if username not in self.usernames:
            return
        if self.usernames == [username]:
            raise LastAdministratorError(
                f"{username} is the last active administrator: grant admin to another account first, "
                "so that someone can still administer",
                field=field,
            )
        self.trigger_event(self.AdministratorLeft, timestamp=at, username=username, actor=actor, reason=reason)
