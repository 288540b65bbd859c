"""Checking a username and password, shared by the API's token endpoint and the console's sign-in.

The rules (how many failures, how long a lock-out) are domain/accounts/sign_in.py; every wrong
password and every lock-out is an event on the account, so the trail shows them and every process
sees the same count.
"""

from __future__ import annotations

import math
from datetime import datetime

from api.auth.passwords import verify_password
from api.auth.tokens import issue_token
from api.bootstrap import Services
from domain.shared.errors import DomainError


class SignInRefusedError(Exception):
    """Wrong username or password, or a closed account: the caller is never told which."""


class SignInThrottledError(Exception):
    """Too many wrong passwords for the account or from the address: try again after `retry_after` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many failed sign-ins: try again in {retry_after} s")
        self.retry_after = retry_after


def sign_in(svc: Services, username: str, password: str, address: str) -> str:
    """A signed token for the account; SignInThrottledError while locked out (even with the right
    password), SignInRefusedError otherwise."""
    now = svc.app.clock.now()
    tag = svc.throttle.tag(address)
    if (until := svc.throttle.locked_until(tag, now)) is not None:
        raise SignInThrottledError(_seconds(until, now))
    try:
        account = svc.app.account(username)
    except DomainError:
        svc.throttle.fail(tag, now)
        raise SignInRefusedError from None
    if (until := account.locked_at(now)) is not None:
        raise SignInThrottledError(_seconds(until, now))
    if account.closed or not verify_password(account.password_hash, password):
        svc.throttle.fail(tag, now)
        if not account.closed:
            svc.app.fail_sign_in(username=account.username, address=tag)
        raise SignInRefusedError
    key, minutes = svc.settings.signing_key(), svc.settings.token_minutes
    return issue_token(account.username, key=key, now=now, minutes=minutes)


def _seconds(until: datetime, now: datetime) -> int:
    return max(1, math.ceil((until - now).total_seconds()))
