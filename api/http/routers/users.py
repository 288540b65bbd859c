"""Accounts and role grants: administrators only (every change is an audit fact)."""

from __future__ import annotations

from fastapi import APIRouter, status

from api.auth.passwords import hash_password
from api.http.deps import WRITES, PrincipalDep, ServicesDep
from api.http.fresh import fresh
from api.http.schemas.common import Limit, Offset
from api.http.schemas.users import (
    AccountOut,
    AccountPage,
    AccountRow,
    ChangeGrant,
    CreateAccount,
    GrantOut,
)
from domain.accounts.model import Account
from domain.accounts.roles import Grant, Role
from projections.accounts.view import list_accounts

router = APIRouter(prefix="/api/v1/users", tags=["users"])


@router.post("", status_code=status.HTTP_201_CREATED, dependencies=WRITES)
def create_account(body: CreateAccount, svc: ServicesDep, principal: PrincipalDep) -> AccountOut:
    principal.require_admin("create accounts")
    account = svc.app.open_account(
        username=body.username,
        display_name=body.display_name,
        phone=body.phone,
        password_hash=hash_password(body.password, body.username),
        actor=principal.username,
        reason=body.reason,
        grants=[Grant.of(g.role, g.scope) for g in body.grants],
    )
    return _out(account)


@router.get("", dependencies=[fresh("accounts")])
def get_accounts(
    svc: ServicesDep,
    principal: PrincipalDep,
    role: Role | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> AccountPage:
    principal.require_admin("list accounts")
    total, rows = list_accounts(svc.engine, role=role, limit=limit, offset=offset)
    items = [
        AccountRow(
            username=r["username"],
            display_name=r["display_name"],
            phone=r["phone"],
            grants=[GrantOut(role=g[0], scope=g[1]) for g in r["grants"]],
            closed=r["closed"],
            opened_at=r["opened_at"],
            changed_at=r["changed_at"],
        )
        for r in rows
    ]
    return AccountPage(total=total, items=items)


@router.post("/{username}/grants", dependencies=WRITES)
def grant_role(username: str, body: ChangeGrant, svc: ServicesDep, principal: PrincipalDep) -> AccountOut:
    principal.require_admin("grant roles")
    account = svc.app.grant_role(
        username=username, grant=Grant.of(body.role, body.scope), actor=principal.username, reason=body.reason
    )
    return _out(account)


@router.post("/{username}/revoke", dependencies=WRITES)
def revoke_role(username: str, body: ChangeGrant, svc: ServicesDep, principal: PrincipalDep) -> AccountOut:
    principal.require_admin("revoke roles")
    account = svc.app.revoke_role(
        username=username, grant=Grant.of(body.role, body.scope), actor=principal.username, reason=body.reason
    )
    return _out(account)


def _out(account: Account) -> AccountOut:
    return AccountOut(
        username=account.username,
        display_name=account.display_name,
        phone=account.phone,
        grants=[GrantOut(role=g.role, scope=g.scope) for g in account.active_grants],
        closed=account.closed,
    )
