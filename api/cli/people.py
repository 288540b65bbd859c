"""Loading an existing register of residents from a sheet, on the server."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from api.cli.session import OPERATOR, console, session


def import_people(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CSV or XLSX, one row per resident")],
    reason: Annotated[str, typer.Option(help="why: kept in every event")] = "register sheet import",
) -> None:
    """Import residents from a sheet; a file with any bad row imports nobody (each bad line is printed)."""
    from api.adapters.sheets import REGISTER_HEADERS, read_rows
    from domain.people.sheet import COLUMNS, OPTIONAL

    with session() as services:
        rows = read_rows(file.name, file.read_bytes(), COLUMNS, REGISTER_HEADERS, OPTIONAL)
        registered = services.app.import_register(rows, actor=OPERATOR, reason=reason)
    console.print(f"registered {len(registered)} residents")
