"""For auditors on the server: verify the whole log, print a proof, check a proof offline."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from api.cli.session import console, err, fail, session


def verify() -> None:
    """Recompute every leaf hash and signed root from the stored events; exit 1 naming the first bad position."""
    from api.bootstrap import bootstrap
    from api.settings import Settings
    from projections.audit.verify import verify_log

    # Stored bytes only: nothing is decoded, so an event garbled in the database is named, not a crash.
    services = bootstrap(Settings(), catch_up=False)
    try:
        services.hash_log()
        report = verify_log(services.app, services.engine)
    finally:
        services.close()
    for finding in report.findings:
        err.print(f"position {finding.position}: {finding.problem}")
    if not report.ok:
        first = report.findings[0]
        raise fail(f"history was altered: first finding at position {first.position} ({first.problem})")
    console.print(f"ok: {report.events_checked} events and {report.heads_checked} signed tree heads verified")


def verify_proof(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="a bundle from GET /audit/proofs/N")],
    trusted_key: Annotated[
        str | None, typer.Option(help="the public key (hex) you kept from /audit/tree-heads")
    ] = None,
) -> None:
    """Check a proof bundle offline, with no database (see verifier/).

    Exit 0: included, signed by the trusted key; 1: a check failed; 2: every check passed, but
    without --trusted-key the signature was checked only against the key inside the bundle.
    """
    import json

    from verifier.bundle import OK, UNTRUSTED_EXIT, check_bundle, untrusted

    problems = check_bundle(json.loads(file.read_text()), trusted_key)
    for problem in problems:
        err.print(f"FAILED: {problem}")
    if problems:
        raise typer.Exit(code=1)
    if trusted_key is None:
        typer.echo(untrusted("pass --trusted-key HEX you kept from /audit/tree-heads"))
        raise typer.Exit(code=UNTRUSTED_EXIT)
    typer.echo(OK)


def proof(position: int) -> None:
    """Print the inclusion proof bundle of the event at POSITION (JSON), publishing a tree head if needed."""
    import json

    from projections.audit.proofs import inclusion_bundle

    with session() as services:
        services.publish_head()
        typer.echo(json.dumps(inclusion_bundle(services.app, services.engine, position), indent=2))
