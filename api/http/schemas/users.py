"""Account requests and responses."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from api.http.schemas.common import Reason


class GrantIn(BaseModel):
    role: str = Field(description="admin, office, grid_leader, grid_worker, department or auditor")
    scope: str | None = Field(default=None, description="grid node code or department code")


class CreateAccount(BaseModel):
    username: str
    display_name: str
    password: str = Field(min_length=8)
    phone: str = ""
    grants: list[GrantIn] = []
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
