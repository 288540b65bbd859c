"""Account commands: open, grant, revoke, change password, close."""

from __future__ import annotations

from collections.abc import Sequence

from domain.accounts.model import Account
from domain.accounts.roles import Grant
from domain.store import Store


class AccountCommands(Store):
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
        self._save_new(account, key=username, field="username")
        return account

    def grant_role(self, *, username: str, grant: Grant, actor: str, reason: str) -> Account:
        account = self.account(username)
        self._check_scope(grant)
        account.grant(grant=grant, actor=actor, reason=reason, at=self.clock.now())
        self.commit(account)
        return account

    def revoke_role(self, *, username: str, grant: Grant, actor: str, reason: str) -> Account:
        account = self.account(username)
        account.revoke(grant=grant, actor=actor, reason=reason, at=self.clock.now())
        self.commit(account)
        return account

    def change_password(self, *, username: str, password_hash: str, actor: str, reason: str) -> Account:
        account = self.account(username)
        account.change_password(password_hash=password_hash, actor=actor, reason=reason, at=self.clock.now())
        self.commit(account)
        return account

    def close_account(self, *, username: str, actor: str, reason: str) -> Account:
        account = self.account(username)
        account.close(actor=actor, reason=reason, at=self.clock.now())
        self.commit(account)
        return account

    def _check_scope(self, grant: Grant) -> None:
        if grant.role.scope_kind == "grid":
            self.node(grant.scope, field="scope")
