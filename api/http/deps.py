"""Request dependencies: the services, the signed-in principal, and a current tree."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import OAuth2PasswordBearer

from api.auth.principal import Principal
from api.auth.tokens import TokenError, read_token
from api.bootstrap import Services
from domain.accounts.roles import Role
from domain.grid.tree import GridTree
from domain.shared.errors import NotFoundError

oauth2 = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


def services(request: Request) -> Services:
    svc: Services = request.app.state.services
    return svc


ServicesDep = Annotated[Services, Depends(services)]


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(401, detail, headers={"WWW-Authenticate": "Bearer"})


def principal(svc: ServicesDep, token: Annotated[str | None, Depends(oauth2)]) -> Principal:
    """Roles come from the account as it is now, so a revocation takes effect at once."""
    if not token:
        raise _unauthorized("a bearer token is required")
    try:
        username = read_token(token, key=svc.settings.signing_key(), now=svc.app.clock.now())
        account = svc.app.account(username)
    except (TokenError, NotFoundError):
        raise _unauthorized("the token is invalid or expired") from None
    if account.closed:
        raise _unauthorized("the account is closed")
    grants = tuple(sorted(account.active_grants))
    return Principal(account.username, account.display_name, grants)


PrincipalDep = Annotated[Principal, Depends(principal)]


def writer(caller: PrincipalDep) -> Principal:
    """Refuses read-only callers before anything else is looked at: auditors change nothing."""
    caller.require(any(g.role != Role.AUDITOR for g in caller.grants), "change anything: auditors are read-only")
    return caller


WRITES = [Depends(writer)]


def current_tree(svc: ServicesDep) -> GridTree:
    return svc.follower.catch_up()


TreeDep = Annotated[GridTree, Depends(current_tree)]
