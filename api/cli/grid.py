"""Loading a street's grid from a sheet."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from api.cli.session import OPERATOR, console, session


def import_grid(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CSV or XLSX, one row per building")],
    reason: Annotated[str, typer.Option(help="why: kept in every event")] = "grid sheet import",
) -> None:
    """Import a street's grid from a sheet; a file with any bad row imports nothing."""
    from api.adapters.sheets import read_sheet

    with session() as services:
        plan = services.app.import_sheet(read_sheet(file.name, file.read_bytes()), actor=OPERATOR, reason=reason)
    console.print(f"created {len(plan.to_create)} nodes, {plan.unchanged} already present")
