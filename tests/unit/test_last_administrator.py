"""Someone can always administer: the last active administrator can neither step down nor be closed."""

from __future__ import annotations

import copy
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.domain import Aggregate

from domain.accounts.model import Account
from domain.accounts.roles import Grant, Role
from domain.application import GridGov
from domain.shared.clock import ManualClock
from domain.shared.errors import ConflictError

WHO = {"actor": "seed", "reason": "setting up"}
ADMIN = Grant(Role.ADMIN)


@pytest.fixture
def app(clock: ManualClock) -> GridGov:
    return GridGov(clock, env={"PERSISTENCE_MODULE": "eventsourcing.popo"})


def _open(app: GridGov, username: str, *grants: Grant) -> None:
    app.open_account(
        username=username, display_name=username, password_hash="x", grants=list(grants), actor="seed", reason="r"
    )


def test_the_last_administrator_cannot_revoke_their_own_admin_role(app: GridGov) -> None:
    _open(app, "admin", ADMIN)
    with pytest.raises(ConflictError, match="last active administrator") as refused:
        app.revoke_role(username="admin", grant=ADMIN, actor="admin", reason="stepping down")
    assert refused.value.field == "role"
    assert app.account("admin").has(ADMIN)


def test_the_last_administrator_cannot_close_their_account(app: GridGov) -> None:
    _open(app, "admin", ADMIN)
    with pytest.raises(ConflictError, match="grant admin to another account first"):
        app.close_account(username="admin", actor="admin", reason="leaving")
    assert not app.account("admin").closed


def test_an_administrator_may_step_down_once_another_account_holds_the_role(app: GridGov) -> None:
    _open(app, "admin", ADMIN)
    _open(app, "deputy")
    app.grant_role(username="deputy", grant=ADMIN, actor="admin", reason="a second administrator")
    app.revoke_role(username="admin", grant=ADMIN, actor="admin", reason="stepping down")
    assert app.administrators() == ["deputy"]
    with pytest.raises(ConflictError):
        app.close_account(username="deputy", actor="deputy", reason="leaving")


def test_closing_an_administrator_leaves_the_others(app: GridGov) -> None:
    _open(app, "admin", ADMIN)
    _open(app, "deputy", ADMIN)
    _open(app, "worker")
    app.close_account(username="admin", actor="deputy", reason="left the office")
    app.close_account(username="worker", actor="deputy", reason="left the office")
    assert app.administrators() == ["deputy"]


def test_two_administrators_stepping_down_at_once_cannot_both_succeed(app: GridGov) -> None:
    """Each decision reads the roster at one version; the second save of that version conflicts."""
    _open(app, "admin", ADMIN)
    _open(app, "deputy", ADMIN)
    load = app.repository.get
    first_read: dict[UUID, Aggregate] = {}

    def stale_roster(aggregate_id: UUID, **kwargs: Any) -> Aggregate:
        """The roster as both requests read it, before either step-down was saved."""
        aggregate = load(aggregate_id, **kwargs)
        if isinstance(aggregate, Account):
            return aggregate
        return copy.deepcopy(first_read.setdefault(aggregate_id, copy.deepcopy(aggregate)))

    app.repository.get = stale_roster  # type: ignore[method-assign]
    app.revoke_role(username="admin", grant=ADMIN, actor="admin", reason="stepping down")
    with pytest.raises(ConflictError, match="reload and try again"):
        app.revoke_role(username="deputy", grant=ADMIN, actor="deputy", reason="stepping down too")
    app.repository.get = load  # type: ignore[method-assign]
    assert app.administrators() == ["deputy"]
    assert app.account("deputy").has(ADMIN)


def test_the_roster_starts_from_the_accounts_already_in_the_log(app: GridGov, clock: ManualClock) -> None:
    """A store written before the roster existed: its admins are counted from their account aggregates."""
    for username in ("old-admin", "old-closed"):
        account = Account.open(
            username=username, display_name=username, phone="", password_hash="x", at=clock.now(), **WHO
        )
        account.grant(grant=ADMIN, at=clock.now(), **WHO)
        if username == "old-closed":
            account.close(at=clock.now(), **WHO)
        app.save(account)
    with pytest.raises(ConflictError, match="old-admin is the last active administrator"):
        app.revoke_role(username="old-admin", grant=ADMIN, actor="old-admin", reason="stepping down")
    _open(app, "new-admin", ADMIN)
    assert app.administrators() == ["new-admin", "old-admin"]
