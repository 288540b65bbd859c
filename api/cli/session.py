"""What every command shares: the consoles, the services of one command, and how a refusal ends."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console

from api.bootstrap import Services, bootstrap
from api.settings import Settings
from domain.shared.errors import DomainError

console = Console()
err = Console(stderr=True)

OPERATOR = "operator"  # the actor recorded for commands typed on the server


def services() -> Services:
    return bootstrap(Settings())


def fail(message: str) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}")
    return typer.Exit(code=1)


@contextmanager
def session() -> Iterator[Services]:
    """Services for one command; a refused command prints why and exits 1."""
    try:
        built = services()
    except DomainError as error:  # e.g. a stored event that no longer decodes, named by its position
        raise fail(error.message) from None
    try:
        yield built
    except DomainError as error:
        for detail in error.details:
            if "line" in detail:
                err.print(f"line {detail['line']}, {detail['field']}: {detail['reason']}")
        raise fail(error.message) from None
    finally:
        built.close()
