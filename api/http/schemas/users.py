"""Account requests and responses."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from api.http.schemas.common import Code, Name, Reason
from domain.accounts.roles import Role


class GrantIn(BaseModel):
    role: Role = Field(description="admin, office, grid_leader, grid_worker, department or auditor")
    scope: Code | None = Field(default=None, description="grid node code or department code")


class CreateAccount(BaseModel):
    username: str = Field(min_length=2, max_length=40, description="2-40 lower-case letters, digits, '.', '_', '-'")
    display_name: Name
    # argon2 takes any length; the bound keeps a request from making the server hash megabytes
    password: str = Field(
        min_length=10, max_length=128, description="10–128 characters, not the username, not a common one"
    )
    phone: str = Field(default="", max_length=20)
    grants: list[GrantIn] = Field(default=[], max_length=100)
    reason: Reason


class ChangeGrant(GrantIn):
    reason: Reason


class GrantOut(BaseModel):
    role: str
    scope: str


class AccountOut(BaseModel):
    username: str
    display_name: str
    phone: str
    grants: list[GrantOut]
    closed: bool


class AccountRow(AccountOut):
    opened_at: datetime
    changed_at: datetime


class AccountPage(BaseModel):
    total: int
    items: list[AccountRow]


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"
