"""The `gridgov` command as an operator uses it, in a real process on each backend."""

from __future__ import annotations

from api.settings import Settings
from tests.e2e.processes import run
from tests.support.sheets import GOOD_ROWS, csv_bytes


def test_an_operator_creates_an_account_and_prints_its_token(settings: Settings) -> None:
    created = run(
        settings, "users", "create", "ops", "--password", "operator-pass", "--role", "admin", "--name", "值班员"
    )
    assert created.returncode == 0, created.stderr
    token = run(settings, "users", "token", "ops")
    assert token.returncode == 0
    assert token.stdout.count(".") == 2
    listed = run(settings, "users", "list")
    assert "ops" in listed.stdout
    assert "admin" in listed.stdout


def test_bad_commands_say_why_and_exit_non_zero(settings: Settings) -> None:
    unknown = run(settings, "users", "token", "nobody")
    assert unknown.returncode == 1
    assert "no account 'nobody'" in unknown.stderr
    bad_role = run(settings, "users", "create", "x1", "--password", "longenough", "--role", "mayor")
    assert bad_role.returncode == 1
    assert "unknown role 'mayor'" in bad_role.stderr


def test_importing_a_bad_sheet_lists_its_lines_and_imports_nothing(settings: Settings) -> None:
    sheet = settings.data_dir / "grid.csv"
    sheet.write_bytes(csv_bytes(*GOOD_ROWS, "300001,北新桥街道,300001001,,300001001001,民安小区,300001001001009,9号楼"))
    refused = run(settings, "import", str(sheet))
    assert refused.returncode == 1
    assert "line 5, community_name" in refused.stderr
    sheet.write_bytes(csv_bytes(*GOOD_ROWS))
    imported = run(settings, "import", str(sheet))
    assert imported.returncode == 0, imported.stderr
    assert "created 8 nodes" in imported.stdout


def test_projections_status_and_rebuild_from_the_command_line(settings: Settings) -> None:
    assert run(settings, "users", "create", "ops", "--password", "operator-pass", "--role", "admin").returncode == 0
    status = run(settings, "projections", "status")
    assert status.returncode == 0, status.stderr
    assert "accounts" in status.stdout
    assert "audit_trail" in status.stdout
    rebuilt = run(settings, "projections", "rebuild", "accounts")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "accounts: rebuilt from" in rebuilt.stdout
    unknown = run(settings, "projections", "rebuild", "nonsense")
    assert unknown.returncode == 1
    snapshot = run(settings, "projections", "rebuild", "--until", "2030-01-01T00:00:00+00:00")
    assert snapshot.returncode == 0, snapshot.stderr
    assert list(settings.data_dir.glob("readmodels-as-of-*.db"))
    assert "ops" in run(settings, "users", "list").stdout
