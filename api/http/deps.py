"""Request dependencies: the services, the signed-in principal, and a current tree."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import OAuth2PasswordBearer

from api.auth.sessions import COOKIE, CSRF_HEADER, SAFE_METHODS, csrf_matches
from api.auth.tokens import TokenError, read_token
from api.bootstrap import Services
from api.http.schemas.common import AsOf
from domain.accounts.principal import Principal
from domain.accounts.roles import Role
from domain.grid.tree import GridTree
from domain.shared.errors import InvalidInputError, NotFoundError

oauth2 = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


def services(request: Request) -> Services:
    svc: Services = request.app.state.services
    return svc


ServicesDep = Annotated[Services, Depends(services)]


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(401, detail, headers={"WWW-Authenticate": "Bearer"})


def principal(request: Request, svc: ServicesDep, token: Annotated[str | None, Depends(oauth2)]) -> Principal:
    """A bearer token, or the console's session cookie; a change sent with the cookie must carry the
    session's CSRF token too (`api/auth/sessions.py`)."""
    if not token:
        token = request.cookies.get(COOKIE)
        if not token:
            raise _unauthorized("a bearer token is required: sign in at POST /api/v1/auth/token")
        given = request.headers.get(CSRF_HEADER)
        if request.method not in SAFE_METHODS and not csrf_matches(token, given, key=svc.settings.signing_key()):
            raise HTTPException(403, f"a change made with the session cookie needs the {CSRF_HEADER} header")
    who = caller(svc, token)
    request.state.account = who.username  # for the request's log line
    return who


def caller(svc: Services, token: str) -> Principal:
    """Roles come from the account as it is now, so a revocation takes effect at once."""
    try:
        claims = read_token(token, key=svc.settings.signing_key(), now=svc.app.clock.now())
        account = svc.app.account(claims.username, shared=True)  # read only: no copy
    except (TokenError, NotFoundError):
        raise _unauthorized("the token is invalid or expired: sign in again at POST /api/v1/auth/token") from None
    if account.closed:
        raise _unauthorized("the account is closed")
    if account.issued_before_sign_out(claims.issued):
        raise _unauthorized("the token was revoked by signing out: sign in again at POST /api/v1/auth/token")
    return Principal.of(account)


PrincipalDep = Annotated[Principal, Depends(principal)]


def writer(caller: PrincipalDep) -> Principal:
    """Refuses read-only callers before anything else is looked at: auditors change nothing."""
    caller.require(any(g.role != Role.AUDITOR for g in caller.grants), "change anything: auditors are read-only")
    return caller


WRITES = [Depends(writer)]


def current_tree(svc: ServicesDep) -> GridTree:
    return svc.follower.catch_up()


TreeDep = Annotated[GridTree, Depends(current_tree)]


def as_of_param(svc: ServicesDep, as_of: AsOf = None) -> datetime | None:
    """The `as_of` query parameter, refused if it lies ahead of the service's clock: the future
    has no answer yet, and answering with now would show deadlines as missed that are not."""
    if as_of is not None and as_of > svc.app.clock.now():
        raise InvalidInputError("as_of is in the future; omit it for now", field="as_of")
    return as_of


AsOfDep = Annotated[datetime | None, Depends(as_of_param)]
