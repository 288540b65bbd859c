"""Account commands: open, grant, revoke, change password, close."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from eventsourcing.persistence import IntegrityError

from domain.accounts.administrators import ADMIN, Administrators, administrators_id, is_active_admin
from domain.accounts.model import Account
from domain.accounts.roles import Grant
from domain.application_base import ApplicationBase
from domain.shared.errors import AlreadyExistsError, ConflictError, NotFoundError

_BATCH = 1000


class AccountCommands(ApplicationBase):
    def open_account(
        self,
        *,
        username: str,
        display_name: str,
        password_hash: str,
        actor: str,
        reason: str,
        phone: str = "",
        grants: Sequence[Grant] = (),
    ) -> Account:
        account = Account.open(
            username=username,
            display_name=display_name,
            phone=phone,
            password_hash=password_hash,
            actor=actor,
            reason=reason,
            at=self.clock.now(),
        )
        for grant in grants:
            self._check_scope(grant)
            account.grant(grant=grant, actor=actor, reason=reason, at=self.clock.now())
        roster = self._roster_after(account, was_admin=False, field="grants", actor=actor, reason=reason)
        if roster is None:
            self._save_new(account, key=username, field="username")
            return account
        try:
            self.save(account, roster)
        except IntegrityError:
            if self.has_account(username):
                raise AlreadyExistsError(f"{username!r} already exists", field="username") from None
            raise ConflictError("the administrators changed at the same time; try again") from None
        return account

    def grant_role(self, *, username: str, grant: Grant, actor: str, reason: str) -> Account:
        account = self.account(username)
        was_admin = is_active_admin(account)
        self._check_scope(grant)
        account.grant(grant=grant, actor=actor, reason=reason, at=self.clock.now())
        self.commit(account, self._roster_after(account, was_admin, field="role", actor=actor, reason=reason))
        return account

    def revoke_role(self, *, username: str, grant: Grant, actor: str, reason: str) -> Account:
        account = self.account(username)
        was_admin = is_active_admin(account)
        account.revoke(grant=grant, actor=actor, reason=reason, at=self.clock.now())
        self.commit(account, self._roster_after(account, was_admin, field="role", actor=actor, reason=reason))
        return account

    def change_password(self, *, username: str, password_hash: str, actor: str, reason: str) -> Account:
        account = self.account(username)
        account.change_password(password_hash=password_hash, actor=actor, reason=reason, at=self.clock.now())
        self.commit(account)
        return account

    def close_account(self, *, username: str, actor: str, reason: str) -> Account:
        account = self.account(username)
        was_admin = is_active_admin(account)
        account.close(actor=actor, reason=reason, at=self.clock.now())
        self.commit(account, self._roster_after(account, was_admin, field="username", actor=actor, reason=reason))
        return account

    def fail_sign_in(self, *, username: str, address: str) -> Account:
        """Records a wrong password (and a lock-out when it is one too many); a concurrent failure for
        the same account is retried, so no failure goes uncounted."""
        for _ in range(5):
            account = self.account(username)
            account.fail_sign_in(address=address, at=self.clock.now())
            try:
                self.commit(account)
                return account
            except ConflictError:
                continue
        raise ConflictError(f"too many sign-ins at once for {username}", field="username")

    def sign_out(self, *, username: str) -> Account:
        return self.decide(self.account(username), lambda account: account.sign_out(at=self.clock.now()))

    def administrators(self) -> list[str]:
        """Usernames of the open accounts that hold the admin role."""
        try:
            return list(self._roster().usernames)
        except NotFoundError:
            return self._count_administrators()

    def _check_scope(self, grant: Grant) -> None:
        if grant.role.scope_kind == "grid":
            self.node(grant.scope, field="scope")

    def _roster_after(
        self, account: Account, was_admin: bool, *, field: str, actor: str, reason: str
    ) -> Administrators | None:
        """The roster with the account's change recorded, or None if it did not gain or lose the role.

        Refuses (LastAdministratorError) a change that would leave nobody able to administer.
        """
        admin_now = is_active_admin(account)
        if admin_now == was_admin:
            return None
        at = self.clock.now()
        try:
            roster = self._roster()
        except NotFoundError:
            roster = Administrators.count(usernames=self._count_administrators(), actor=actor, reason=reason, at=at)
        if admin_now:
            roster.join(username=account.username, actor=actor, reason=reason, at=at)
        else:
            roster.leave(username=account.username, field=field, actor=actor, reason=reason, at=at)
        return roster

    def _roster(self) -> Administrators:
        return self._get(Administrators, administrators_id(), "no roster of administrators yet", "role")

    def _count_administrators(self) -> list[str]:
        """The administrators as their account aggregates hold them: for a log older than the roster."""
        candidates: set[UUID] = set()
        after = 0
        while True:
            batch = self.recorder.select_notifications(
                after, _BATCH, topics=[Account.RoleGranted.TOPIC], inclusive_of_start=False
            )
            for notification in batch:
                event = self.mapper.to_domain_event(notification)
                if isinstance(event, Account.RoleGranted) and event.role == ADMIN.role:
                    candidates.add(event.originator_id)
            if len(batch) < _BATCH:
                break
            after = batch[-1].id
        accounts = [self._get(Account, i, "no account", "username") for i in candidates]
        return sorted(a.username for a in accounts if is_active_admin(a))
