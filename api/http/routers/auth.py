"""Signing in: the OAuth2 password flow, and who am I."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request

from api.auth.signin import SignInRefusedError, SignInThrottledError, sign_in
from api.http.deps import PrincipalDep, ServicesDep
from api.http.schemas.users import AccountOut, GrantOut, TokenOut
from domain.accounts.sign_in import PASSWORD_MAX

MAX_USERNAME = 64

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])


@router.post(
    "/token",
    responses={
        401: {"description": "wrong username or password"},
        429: {"description": "too many wrong passwords for the account or from the address; see Retry-After"},
    },
)
def token(
    request: Request,
    svc: ServicesDep,
    username: Annotated[str, Form(min_length=1, max_length=MAX_USERNAME)],
    password: Annotated[str, Form(min_length=1, max_length=PASSWORD_MAX)],
    grant_type: Annotated[str | None, Form(pattern="^password$")] = None,
) -> TokenOut:
    """The OAuth2 password flow (Swagger's Authorize button uses it); other form fields are ignored."""
    try:
        return TokenOut(access_token=sign_in(svc, username, password, address_of(request)))
    except SignInRefusedError:
        raise HTTPException(401, "wrong username or password", headers={"WWW-Authenticate": "Bearer"}) from None
    except SignInThrottledError as error:
        raise HTTPException(429, str(error), headers={"Retry-After": str(error.retry_after)}) from None


@router.post("/sign-out", status_code=204, responses={204: {"description": "every earlier token is revoked"}})
def sign_out(svc: ServicesDep, principal: PrincipalDep) -> None:
    """Revokes every token issued to the caller up to now (the console's session too)."""
    svc.app.sign_out(username=principal.username)


def address_of(request: Request) -> str:
    """The peer's address (behind a proxy, uvicorn's --proxy-headers puts the client's here)."""
    return request.client.host if request.client else "unknown"


@router.get("/me")
def me(svc: ServicesDep, principal: PrincipalDep) -> AccountOut:
    account = svc.app.account(principal.username)
    return AccountOut(
        username=account.username,
        display_name=account.display_name,
        phone=account.phone,
        grants=[GrantOut(role=g.role, scope=g.scope) for g in account.active_grants],
        closed=account.closed,
    )
