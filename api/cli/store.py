"""The store and its read models: moving to PostgreSQL, positions and lag, rebuilding."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from api.bootstrap import Services
from api.cli.session import console, fail, session
from api.settings import Settings
from domain.shared.errors import DomainError

projections = typer.Typer(help="Read models: their positions, and rebuilding them from the log.", no_args_is_help=True)


def migrate(
    to: Annotated[str, typer.Option("--to", help="postgresql://user@host:5432/db (an empty database)")],
) -> None:
    """Copy this SQLite event log into PostgreSQL with its positions, and verify the copy by its Merkle root; the
    photos go too, each checked against its hash."""
    from rich.progress import Progress

    from api.adapters.migrate import migrate_store

    source = Settings()
    target = source.model_copy(update={"database_url": to, "readmodel_url": ""})
    try:
        with Progress(console=console) as progress:
            task = progress.add_task("copying events", total=None)
            done = migrate_store(source, target, lambda n, total: progress.update(task, completed=n, total=total))
    except DomainError as error:
        raise fail(error.message) from None
    console.print(
        f"copied and verified {done.events} events (root {done.root}) and {done.photos} photos; "
        f"{done.tree_heads} signed tree heads carried over; now run with GRIDGOV_DATABASE_URL={to}"
    )


@projections.command("status")
def projections_status() -> None:
    """Each read model's log position and how many events it has still to apply."""
    from projections.rebuild import status

    with session() as services:
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

    with session() as services, Progress(console=console) as progress:
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


def rectify_missed_command(
    on: Annotated[datetime | None, typer.Option(help="judge as of this day (default today)")] = None,
) -> None:
    """Open a rectification case wherever an indicator that opens cases missed (once per deadline)."""
    from projections.indicators.rectify import rectify_missed

    with session() as services:
        app = services.app
        day = on.date() if on else app.local_date(app.clock.now())
        opened = rectify_missed(app, services.indicator_source(), day)
    console.print(f"opened {len(opened)} rectification cases for missed indicators")
