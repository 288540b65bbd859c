"""The `gridgov` command: serve, demo data, grid import and account administration."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from api.auth.passwords import hash_password
from api.auth.tokens import issue_token
from api.bootstrap import Services, bootstrap
from api.settings import Settings
from domain.accounts.roles import Grant
from domain.shared.errors import DomainError

cli = typer.Typer(help="gridgov: event-sourced grid governance.", no_args_is_help=True)
users = typer.Typer(help="Accounts and roles.", no_args_is_help=True)
cli.add_typer(users, name="users")
projections = typer.Typer(help="Read models: their positions, and rebuilding them from the log.", no_args_is_help=True)
cli.add_typer(projections, name="projections")
console = Console()
err = Console(stderr=True)

OPERATOR = "operator"  # the actor recorded for commands typed on the server


def _services() -> Services:
    return bootstrap(Settings())


def _fail(message: str) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}")
    return typer.Exit(code=1)


@contextmanager
def _session() -> Iterator[Services]:
    """Services for one command; a refused command prints why and exits 1."""
    services = _services()
    try:
        yield services
    except DomainError as error:
        for detail in error.details:
            if "line" in detail:
                err.print(f"line {detail['line']}, {detail['field']}: {detail['reason']}")
        raise _fail(error.message) from None
    finally:
        services.close()


@cli.command()
def serve(
    demo: Annotated[bool, typer.Option(help="load the demo district first if the store is empty")] = False,
    host: str = "127.0.0.1",
    port: int = 8000,
    worker: Annotated[bool, typer.Option(help="also follow the log, watch deadlines, sign heads")] = True,
) -> None:
    """Serve the HTTP API (OpenAPI at /docs); with --no-worker, leave that to `gridgov worker`."""
    import uvicorn

    from api.http.app import create_app

    if demo:
        _load_demo()
    uvicorn.run(create_app(_services, background=worker), host=host, port=port)


@cli.command("worker")
def run_worker() -> None:
    """Follow the log into the read models, watch deadlines and sign tree heads, until stopped."""
    import signal
    import threading

    from api.follow import Worker

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with _session() as services:
        console.print("worker following the log")
        try:
            Worker(services).run(stop)
        except KeyboardInterrupt:
            stop.set()


@cli.command()
def watch(once: Annotated[bool, typer.Option(help="one pass, then exit")] = False) -> None:
    """Record approaching and missed deadlines and escalate overdue issues, until stopped."""
    import time

    from api.watch import tick

    with _session() as services:
        while True:
            recorded = tick(services)
            if once:
                console.print(f"recorded {recorded} deadline events")
                return
            time.sleep(services.settings.poll_seconds)


@cli.command()
def verify() -> None:
    """Recompute every leaf hash and signed root from the stored events; exit 1 naming the first bad position."""
    from projections.audit.verify import verify_log

    with _session() as services:
        services.runner.catch_up()
        report = verify_log(services.app, services.engine)
    for finding in report.findings:
        err.print(f"position {finding.position}: {finding.problem}")
    if not report.ok:
        first = report.findings[0]
        raise _fail(f"history was altered: first finding at position {first.position} ({first.problem})")
    console.print(f"ok: {report.events_checked} events and {report.heads_checked} signed tree heads verified")


@cli.command("verify-proof")
def verify_proof(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="a bundle from GET /audit/proofs/N")],
    trusted_key: Annotated[
        str | None, typer.Option(help="the public key (hex) you kept from /audit/tree-heads")
    ] = None,
) -> None:
    """Check a proof bundle offline, with no database (see verifier/)."""
    import json

    from verifier.bundle import check_bundle

    problems = check_bundle(json.loads(file.read_text()), trusted_key)
    for problem in problems:
        err.print(f"FAILED: {problem}")
    if problems:
        raise typer.Exit(code=1)
    console.print("OK: the event is included in the signed log")


@cli.command("proof")
def proof(position: int) -> None:
    """Print the inclusion proof bundle of the event at POSITION (JSON), publishing a tree head if needed."""
    import json

    from projections.audit.proofs import inclusion_bundle

    with _session() as services:
        services.publish_head()
        typer.echo(json.dumps(inclusion_bundle(services.app, services.engine, position), indent=2))


@cli.command("migrate-store")
def migrate(
    to: Annotated[str, typer.Option("--to", help="postgresql://user@host:5432/db (an empty database)")],
) -> None:
    """Copy this SQLite event log into PostgreSQL with its positions, and verify the copy by its Merkle root."""
    from rich.progress import Progress

    from api.migrate import migrate_store

    source = Settings()
    target = source.model_copy(update={"database_url": to, "readmodel_url": ""})
    try:
        with Progress(console=console) as progress:
            task = progress.add_task("copying events", total=None)
            done = migrate_store(source, target, lambda n, total: progress.update(task, completed=n, total=total))
    except DomainError as error:
        raise _fail(error.message) from None
    console.print(
        f"copied and verified {done.events} events (root {done.root}); "
        f"{done.tree_heads} signed tree heads carried over; now run with GRIDGOV_DATABASE_URL={to}"
    )


@cli.command()
def demo() -> None:
    """Load the demo district (streets, communities, compounds, buildings, accounts)."""
    _load_demo()


def _load_demo() -> None:
    from api.demo import load_demo

    with _session() as services:
        load_demo(services, console)


@cli.command("import")
def import_grid(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CSV or XLSX, one row per building")],
    reason: Annotated[str, typer.Option(help="why: kept in every event")] = "grid sheet import",
) -> None:
    """Import a street's grid from a sheet; a file with any bad row imports nothing."""
    from api.sheets import read_sheet

    with _session() as services:
        plan = services.app.import_sheet(read_sheet(file.name, file.read_bytes()), actor=OPERATOR, reason=reason)
    console.print(f"created {len(plan.to_create)} nodes, {plan.unchanged} already present")


@users.command("create")
def create_user(
    username: str,
    password: Annotated[str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True)],
    display_name: Annotated[str, typer.Option("--name")] = "",
    phone: str = "",
    role: Annotated[list[str] | None, typer.Option(help="role, or role:scope; repeatable")] = None,
) -> None:
    """Open an account with roles (e.g. --role admin --role grid_worker:110101001001)."""
    with _session() as services:
        grants = [Grant.of(*(r.split(":", 1) if ":" in r else (r, None))) for r in role or []]
        services.app.open_account(
            username=username,
            display_name=display_name or username,
            phone=phone,
            password_hash=hash_password(password),
            grants=grants,
            actor=OPERATOR,
            reason="created on the server",
        )
    console.print(f"account {username} opened")


@users.command("grant")
def grant(
    username: str, role: str, scope: Annotated[str, typer.Argument()] = "", reason: str = "granted on the server"
) -> None:
    """Grant a role (with a grid node or department code as scope where the role needs one)."""
    with _session() as services:
        services.app.grant_role(username=username, grant=Grant.of(role, scope), actor=OPERATOR, reason=reason)
    console.print(f"{username}: {role} {scope} granted")


@users.command("revoke")
def revoke(
    username: str, role: str, scope: Annotated[str, typer.Argument()] = "", reason: str = "revoked on the server"
) -> None:
    """Revoke a role."""
    with _session() as services:
        services.app.revoke_role(username=username, grant=Grant.of(role, scope), actor=OPERATOR, reason=reason)
    console.print(f"{username}: {role} {scope} revoked")


@users.command("token")
def token(username: str) -> None:
    """Print a bearer token for USERNAME (for operators and scripts on the server)."""
    with _session() as services:
        account = services.app.account(username)
        if account.closed:
            raise _fail(f"account {username} is closed")
        settings = services.settings
        typer.echo(
            issue_token(
                account.username,
                key=settings.signing_key(),
                now=services.app.clock.now(),
                minutes=settings.token_minutes,
            )
        )


@users.command("list")
def list_users() -> None:
    """List accounts with their roles."""
    from projections.accounts.view import list_accounts

    with _session() as services:
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


@projections.command("status")
def projections_status() -> None:
    """Each read model's log position and how many events it has still to apply."""
    from projections.rebuild import status

    with _session() as services:
        rows = status(services.runner)
    table = Table("read model", "position", "log position", "lag")
    for row in rows:
        table.add_row(row.name, str(row.position), str(row.log_position), str(row.lag))
    console.print(table)


@projections.command("rebuild")
def projections_rebuild(
    name: Annotated[str | None, typer.Argument(help="one read model; all if omitted")] = None,
    until: Annotated[
        datetime | None, typer.Option(help="instead: build the read models as of this time into a separate file")
    ] = None,
) -> None:
    """Rebuild from the log into fresh tables and switch over only when complete."""
    from rich.progress import Progress

    from projections.rebuild import rebuild

    with _session() as services, Progress(console=console) as progress:
        task = progress.add_task("rebuilding", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        if until is not None:
            path = _snapshot(services, until if until.tzinfo else until.replace(tzinfo=UTC), advance)
            console.print(f"read models as of {until.isoformat()} written to {path}")
            return
        applied = rebuild(services.runner, name, progress=advance)
    for model, count in applied.items():
        console.print(f"{model}: rebuilt from {count} events and switched over")


def _snapshot(services: Services, moment: datetime, advance: Callable[[int, int], None]) -> Path:
    """The read models as of `moment`, in a SQLite file of their own for auditors to query."""
    from api.bootstrap import readmodel_engine
    from projections.audit.trail_queries import position_at
    from projections.runner import Runner

    services.runner.catch_up()
    position = position_at(services.engine, moment) or 0
    path = services.settings.data_dir / f"readmodels-as-of-{moment.strftime('%Y%m%dT%H%M%SZ')}.db"
    path.unlink(missing_ok=True)
    engine = readmodel_engine(f"sqlite:///{path}")
    runner = Runner(services.app, engine, services.runner.models)
    runner.create_tables()
    runner.catch_up(until=position)
    advance(position, position)
    engine.dispose()
    return path


def main() -> None:
    cli()
