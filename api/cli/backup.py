"""Backups that verify themselves: `gridgov backup DIR` while the service serves, `gridgov restore DIR` into an
empty store (docs/operations.md)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from api.adapters.backup_files import Progress
from api.cli.session import console, err, fail


def backup(
    folder: Annotated[
        Path, typer.Argument(metavar="DIR", file_okay=False, help="a new or empty folder for this backup")
    ],
) -> None:
    """Copy the event store, the key store and the photo store while the service keeps serving, with a tree head
    signed over exactly the copied events. The master key and the tree-head private key are not copied: keep
    them apart."""
    from api.backup import take_backup
    from api.backup_manifest import BackupError
    from api.settings import Settings

    try:
        with _progress() as step:
            manifest = take_backup(Settings(), folder, step)
    except BackupError as error:
        raise fail(error.message) from None
    console.print(
        f"backed up {manifest.events} events (last position {manifest.last_position}, Merkle root "
        f"{manifest.merkle_root}), the key store and the photo store to {folder}; the tree head of size "
        f"{manifest.events} is signed. Keep the master key and the tree-head key apart from this folder",
        soft_wrap=True,  # a root copied from the terminal stays on one line
    )


def restore(
    folder: Annotated[
        Path, typer.Argument(metavar="DIR", exists=True, file_okay=False, help="a folder `gridgov backup` wrote")
    ],
    trusted_key: Annotated[
        str | None, typer.Option(help="the tree-head public key (hex) you kept: the backup must be signed by it")
    ] = None,
) -> None:
    """Restore a backup into an empty store, rebuild every read model, and prove the restored log gives the
    backup's signed Merkle root and every photo it names is there, intact; exit 1 naming what differs."""
    from api.backup_manifest import BackupError
    from api.restore import restore_backup
    from api.settings import Settings

    try:
        with _progress() as step:
            done = restore_backup(Settings(), folder, step, trusted_key)
    except BackupError as error:
        raise fail(error.message) from None
    if done.key_note:
        err.print(f"[yellow]note:[/yellow] {done.key_note}")
    console.print(
        f"restored {done.events} events and {done.photos} photos and rebuilt {done.read_models} read models; the "
        f"Merkle root {done.root} equals the signed tree head of size {done.events} ({done.heads} signed heads "
        f"restored), signed by key {done.public_key}",
        soft_wrap=True,
    )


@contextmanager
def _progress() -> Iterator[Progress]:
    """One bar whose label follows the step; a step whose size is unknown shows as a pulse."""
    from rich.progress import Progress as Bar

    with Bar(console=console, transient=True) as bar:
        task = bar.add_task("starting", total=None)

        def step(what: str, done: int, total: int | None) -> None:
            bar.update(task, description=what, completed=done, total=total)

        yield step
