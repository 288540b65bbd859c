"""Builds the account list from account events."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, insert, select, update

from domain.accounts.model import Account
from projections.accounts.table import accounts


class AccountList:
    name = "accounts"
    topics = (
        Account.Opened.TOPIC,
        Account.RoleGranted.TOPIC,
        Account.RoleRevoked.TOPIC,
        Account.Closed.TOPIC,
    )
    tables = (accounts,)

    def handle(self, conn: Connection, position: int, event: Any) -> None:
        key = str(event.originator_id)
        if isinstance(event, Account.Opened):
            conn.execute(
                insert(accounts).values(
                    id=key,
                    username=event.username,
                    display_name=event.display_name,
                    phone=event.phone,
                    grants=[],
                    closed=False,
                    opened_at=event.timestamp,
                    changed_at=event.timestamp,
                    position=position,
                )
            )
            return
        changes: dict[str, Any] = {"changed_at": event.timestamp, "position": position}
        if isinstance(event, Account.RoleGranted | Account.RoleRevoked):
            grants = conn.execute(select(accounts.c.grants).where(accounts.c.id == key)).scalar_one()
            pair = [event.role, event.scope]
            kept = [list(g) for g in grants if list(g) != pair]
            changes["grants"] = sorted([*kept, pair]) if isinstance(event, Account.RoleGranted) else kept
        elif isinstance(event, Account.Closed):
            changes["closed"] = True
        conn.execute(update(accounts).where(accounts.c.id == key).values(**changes))
