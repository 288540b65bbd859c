"""Accounts and roles, for operators on the server."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from api.auth.passwords import hash_password
from api.auth.tokens import issue_token
from api.cli.session import OPERATOR, console, fail, session
from domain.accounts.roles import Grant

app = typer.Typer(help="Accounts and roles.", no_args_is_help=True)


@app.command("create")
def create_user(
    username: str,
    password: Annotated[str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True)],
    display_name: Annotated[str, typer.Option("--name")] = "",
    phone: str = "",
    role: Annotated[list[str] | None, typer.Option(help="role, or role:scope; repeatable")] = None,
) -> None:
    """Open an account with roles (e.g. --role admin --role grid_worker:110101001001)."""
    with session() as services:
        grants = [Grant.of(*(r.split(":", 1) if ":" in r else (r, None))) for r in role or []]
        services.app.open_account(
            username=username,
            display_name=display_name or username,
            phone=phone,
            password_hash=hash_password(password, username),
            grants=grants,
            actor=OPERATOR,
            reason="created on the server",
        )
    console.print(f"account {username} opened")


@app.command("grant")
def grant(
    username: str, role: str, scope: Annotated[str, typer.Argument()] = "", reason: str = "granted on the server"
) -> None:
    """Grant a role (with a grid node or department code as scope where the role needs one)."""
    with session() as services:
        services.app.grant_role(username=username, grant=Grant.of(role, scope), actor=OPERATOR, reason=reason)
    console.print(f"{username}: {role} {scope} granted")


@app.command("revoke")
def revoke(
    username: str, role: str, scope: Annotated[str, typer.Argument()] = "", reason: str = "revoked on the server"
) -> None:
    """Revoke a role."""
    with session() as services:
        services.app.revoke_role(username=username, grant=Grant.of(role, scope), actor=OPERATOR, reason=reason)
    console.print(f"{username}: {role} {scope} revoked")


@app.command("token")
def token(username: str) -> None:
    """Print a bearer token for USERNAME (for operators and scripts on the server)."""
    with session() as services:
        account = services.app.account(username)
        if account.closed:
            raise fail(f"account {username} is closed")
        settings = services.settings
        typer.echo(
            issue_token(
                account.username,
                key=settings.signing_key(),
                now=services.app.clock.now(),
                minutes=settings.token_minutes,
            )
        )


@app.command("list")
def list_users() -> None:
    """List accounts with their roles."""
    from projections.accounts.view import list_accounts

    with session() as services:
        _, rows = list_accounts(services.engine, role=None, limit=10_000, offset=0)
    table = Table("username", "name", "roles", "closed")
    for r in rows:
        table.add_row(
            r["username"],
            r["display_name"],
            ", ".join(f"{g[0]}:{g[1]}".rstrip(":") for g in r["grants"]),
            "yes" if r["closed"] else "",
        )
    console.print(table)
