"""Signing in: the OAuth2 password flow, and who am I."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException
from fastapi.security import OAuth2PasswordRequestForm

from api.auth.passwords import verify_password
from api.auth.tokens import issue_token
from api.http.deps import PrincipalDep, ServicesDep
from api.http.schemas.users import AccountOut, GrantOut, TokenOut
from domain.shared.errors import DomainError

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])


@router.post("/token")
def token(svc: ServicesDep, form: Annotated[OAuth2PasswordRequestForm, Depends()]) -> TokenOut:
    try:
        account = svc.app.account(form.username)
    except DomainError:
        account = None
    if account is None or account.closed or not verify_password(account.password_hash, form.password):
        raise HTTPException(401, "wrong username or password", headers={"WWW-Authenticate": "Bearer"})
    key, minutes = svc.settings.signing_key(), svc.settings.token_minutes
    return TokenOut(access_token=issue_token(account.username, key=key, now=svc.app.clock.now(), minutes=minutes))


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
