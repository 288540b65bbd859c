"""The `gridgov` command: one module per command group, assembled here."""

from __future__ import annotations

import typer

from api.cli import audit, backup, grid, issues, people, service, store, users

cli = typer.Typer(help="gridgov: event-sourced grid governance.", no_args_is_help=True)
for command in (service.serve, service.run_worker, service.watch, service.demo):
    cli.command(name=command.__name__.removeprefix("run_"))(command)
cli.command("import")(grid.import_grid)
cli.command("import-people")(people.import_people)
cli.command()(issues.issue)
cli.command()(issues.permissions)
cli.command()(audit.verify)
cli.command("verify-proof")(audit.verify_proof)
cli.command()(audit.proof)
cli.command("migrate-store")(store.migrate)
cli.command("rectify-missed")(store.rectify_missed_command)
cli.command()(backup.backup)
cli.command()(backup.restore)
cli.add_typer(users.app, name="users")
cli.add_typer(store.projections, name="projections")


def main() -> None:
    cli()
