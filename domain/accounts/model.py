"""The account aggregate: one per username, holding a password hash and role grants."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from eventsourcing.domain import Aggregate

from domain.accounts.roles import Grant, Role
from domain.accounts.sign_in import MAX_FAILURES, WINDOW
from domain.shared.errors import IllegalTransitionError, InvalidInputError
from domain.shared.ids import account_id

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")


def check_username(username: str) -> str:
    if not _USERNAME.match(username):
        raise InvalidInputError("username must be 2-40 lower-case letters, digits, '.', '_' or '-'", field="username")
    return username


class Account(Aggregate):
    """A person who signs in; what they may do comes only from their grants."""

    TOPIC = "gridgov.accounts:Account"

    class Event(Aggregate.Event):
        """Every account fact says who did it and why."""

        actor: str
        reason: str

    class Opened(Event, Aggregate.Created):
        """An account was opened (开通账号)."""

        TOPIC = "gridgov.accounts:Account.Opened"
        username: str
        display_name: str
        phone: str
        password_hash: str

    # The library derives a `Created` class unless one is named; ours is called Opened.
    Created = Opened

    class PasswordChanged(Event):
        """The password was replaced; only its hash is ever stored."""

        TOPIC = "gridgov.accounts:Account.PasswordChanged"
        password_hash: str

        def apply(self, aggregate: Any) -> None:
            aggregate.password_hash = self.password_hash

    class RoleGranted(Event):
        """A role was granted on a scope (a grid node code or a department code)."""

        TOPIC = "gridgov.accounts:Account.RoleGranted"
        role: str
        scope: str

        def apply(self, aggregate: Any) -> None:
            aggregate.grants = sorted({*aggregate.grants, (self.role, self.scope)})

    class RoleRevoked(Event):
        """A role was taken away from a scope."""

        TOPIC = "gridgov.accounts:Account.RoleRevoked"
        role: str
        scope: str

        def apply(self, aggregate: Any) -> None:
            aggregate.grants = [g for g in aggregate.grants if tuple(g) != (self.role, self.scope)]

    class Closed(Event):
        """The account was closed: it can no longer sign in or act."""

        TOPIC = "gridgov.accounts:Account.Closed"

        def apply(self, aggregate: Any) -> None:
            aggregate.closed = True

    class SignInFailed(Event):
        """A wrong password was given for this account (登录失败); `address` is a keyed hash, never the address."""

        TOPIC = "gridgov.accounts:Account.SignInFailed"
        address: str

        def apply(self, aggregate: Any) -> None:
            aggregate.failures = [*aggregate.recent_failures(self.timestamp), self.timestamp]

    class LockedOut(Event):
        """Too many wrong passwords: sign-in is refused until `until`, even with the right one (锁定)."""

        TOPIC = "gridgov.accounts:Account.LockedOut"
        until: datetime

        def apply(self, aggregate: Any) -> None:
            aggregate.locked_until = self.until

    class SignedOut(Event):
        """The account signed out: every token issued to it before this moment is refused (退出登录)."""

        TOPIC = "gridgov.accounts:Account.SignedOut"

        def apply(self, aggregate: Any) -> None:
            aggregate.signed_out_at = self.timestamp

    def __init__(self, username: str, display_name: str, phone: str, password_hash: str) -> None:
        """Applies Opened: the library calls this with the event's fields, on every replay."""
        self.username = username
        self.display_name = display_name
        self.phone = phone
        self.password_hash = password_hash
        self.grants: list[tuple[str, str]] = []
        self.closed = False
        self.failures: list[datetime] = []
        self.locked_until: datetime | None = None
        self.signed_out_at: datetime | None = None

    @classmethod
    def open(
        cls,
        *,
        username: str,
        display_name: str,
        phone: str,
        password_hash: str,
        actor: str,
        reason: str,
        at: datetime,
    ) -> Account:
        check_username(username)
        if not display_name.strip():
            raise InvalidInputError("display name must not be empty", field="display_name")
        if phone and not re.fullmatch(r"\+?[0-9 -]{5,20}", phone):
            raise InvalidInputError("phone must be 5-20 digits", field="phone")
        return cls._create(
            cls.Opened,
            id=account_id(username),
            timestamp=at,
            username=username,
            display_name=display_name.strip(),
            phone=phone,
            password_hash=password_hash,
            actor=actor,
            reason=reason,
        )

    @property
    def active_grants(self) -> list[Grant]:
        return [Grant(Role(role), scope) for role, scope in self.grants]

    def has(self, grant: Grant) -> bool:
        return (str(grant.role), grant.scope) in {tuple(g) for g in self.grants}

    def change_password(self, *, password_hash: str, actor: str, reason: str, at: datetime) -> None:
        self._require_open()
        self.trigger_event(self.PasswordChanged, timestamp=at, actor=actor, reason=reason, password_hash=password_hash)

    def grant(self, *, grant: Grant, actor: str, reason: str, at: datetime) -> None:
        self._require_open()
        if self.has(grant):
            raise InvalidInputError(
                f"{self.username} already has {grant.role} on {grant.scope or 'everything'}",
                field="role",
            )
        self.trigger_event(
            self.RoleGranted,
            timestamp=at,
            actor=actor,
            reason=reason,
            role=str(grant.role),
            scope=grant.scope,
        )

    def revoke(self, *, grant: Grant, actor: str, reason: str, at: datetime) -> None:
        if not self.has(grant):
            raise InvalidInputError(
                f"{self.username} has no {grant.role} on {grant.scope or 'everything'}", field="role"
            )
        self.trigger_event(
            self.RoleRevoked,
            timestamp=at,
            actor=actor,
            reason=reason,
            role=str(grant.role),
            scope=grant.scope,
        )

    def close(self, *, actor: str, reason: str, at: datetime) -> None:
        self._require_open()
        self.trigger_event(self.Closed, timestamp=at, actor=actor, reason=reason)

    def recent_failures(self, at: datetime) -> list[datetime]:
        return [moment for moment in self.failures if at - moment < WINDOW]

    def locked_at(self, at: datetime) -> datetime | None:
        """Until when sign-in is locked out at `at`, or None when it is not."""
        return self.locked_until if self.locked_until is not None and self.locked_until > at else None

    def fail_sign_in(self, *, address: str, at: datetime) -> None:
        """Records a wrong password; the MAX_FAILURES-th within WINDOW locks the account for WINDOW."""
        self.trigger_event(
            self.SignInFailed, timestamp=at, actor=self.username, reason="wrong password", address=address
        )
        if len(self.recent_failures(at)) >= MAX_FAILURES:
            reason = f"{MAX_FAILURES} wrong passwords within {int(WINDOW.total_seconds())} s"
            self.trigger_event(self.LockedOut, timestamp=at, actor=self.username, reason=reason, until=at + WINDOW)

    def sign_out(self, *, at: datetime) -> None:
        self.trigger_event(self.SignedOut, timestamp=at, actor=self.username, reason="signed out")

    def issued_before_sign_out(self, issued: datetime) -> bool:
        return self.signed_out_at is not None and issued <= self.signed_out_at

    def _require_open(self) -> None:
        if self.closed:
            raise IllegalTransitionError(f"account {self.username} is closed", state="closed", allowed=[])
