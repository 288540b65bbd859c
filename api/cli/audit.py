"""For auditors on the server: verify the whole log, print a proof, check a proof offline."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from api.cli.session import console, err, fail, session


def verify() -> None:
    """Recompute every leaf hash and signed root from the stored events; exit 1 naming the first bad position."""
    from projections.audit.verify import verify_log

    with session() as services:
        services.runner.catch_up()
        report = verify_log(services.app, services.engine)
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
    """Check a proof bundle offline, with no database (see verifier/)."""
    import json

    from verifier.bundle import check_bundle

    problems = check_bundle(json.loads(file.read_text()), trusted_key)
    for problem in problems:
        err.print(f"FAILED: {problem}")
    if problems:
        raise typer.Exit(code=1)
    console.print("OK: the event is included in the signed log")


def proof(position: int) -> None:
    """Print the inclusion proof bundle of the event at POSITION (JSON), publishing a tree head if needed."""
    import json

    from projections.audit.proofs import inclusion_bundle

    with session() as services:
        services.publish_head()
        typer.echo(json.dumps(inclusion_bundle(services.app, services.engine, position), indent=2))
