"""Backups that verify themselves, on each backend.

A real `gridgov backup` process runs while a real `gridgov serve` process takes a burst of reports;
`gridgov restore` brings it back into an empty store, `gridgov verify` passes, every report
acknowledged before the backup started is there, and the read models equal a rebuild from the
restored log, and a photo uploaded before the backup is served with the same bytes. A backup with one
byte changed, signed by a key you do not trust, without its master key, or with a photo whose bytes no
longer hash to its name is refused before anything is written; a photo the restored events name but the
backup lacks is named after the load. Restore and verify run in this process (the command line itself,
through typer's runner): a process start costs more than either on a small store.
"""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, Executable, create_engine, delete, inspect, select, update
from typer.testing import CliRunner, Result

from api.adapters.photos import photo_store, photos
from api.auth.tokens import issue_token
from api.backup import take_backup
from api.backup_manifest import BackupError
from api.bootstrap import bootstrap, readmodel_engine
from api.cli import cli
from api.http.app import create_app
from api.restore import restore_backup
from api.settings import Settings
from domain.issues.model import Issue
from domain.shared.clock import ManualClock
from projections.audit.heads import all_heads
from projections.runner import ReadModel, Runner
from tests.e2e.processes import GRIDGOV, environment, free_port, run
from tests.support import postgres
from tests.support.households import household
from tests.support.images import png
from tests.support.world import B1, BUILDING_WORK, RUBBISH, seed

REPORTED = Issue.Reported.TOPIC
PACE = 0.03


def gridgov(settings: Settings, *args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env=environment(settings))


def _said(text: str) -> str:
    """What a command printed, with the console's line wrapping undone."""
    return " ".join(text.split())


def _quiet(what: str, done: int, total: int | None) -> None:
    """Progress goes nowhere: the in-process tests look at what a restore refuses, not at its bar."""


@pytest.fixture
def store(settings: Settings) -> Settings:
    """The seeded district with one registered resident (so the key store has a key) and one signed head."""
    services = bootstrap(settings, clock=ManualClock(datetime.now(UTC)))
    try:
        seed(services.app)
        household(services.app, B1, 7)
        services.publish_head()
    finally:
        services.close()
    return settings


@pytest.fixture
def empty_target(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Settings]:
    """A fresh data folder and, on PostgreSQL, a database just created: nothing in it at all."""
    folder = tmp_path / "restored"
    folder.mkdir()
    if backend == "sqlite":
        yield Settings(data_dir=folder, database_url=f"sqlite:///{folder / 'events.db'}")
        return
    with postgres.fresh_database(request.getfixturevalue("pg_admin_url")) as url:
        yield Settings(data_dir=folder, database_url=url)


class _Writer(threading.Thread):
    """Reports issues over HTTP without end, PACE seconds apart, keeping the id of every 2xx answer.

    The pause keeps the log, and so the restore and the rebuild it is compared with, small on a fast machine."""

    def __init__(self, base: str, token: str) -> None:
        super().__init__(daemon=True)
        self.base, self.token = base, token
        self.acknowledged: list[str] = []
        self.refused: list[str] = []
        self.stop = threading.Event()

    def run(self) -> None:
        headers = {"Authorization": f"Bearer {self.token}"}
        with httpx.Client(base_url=self.base, headers=headers, timeout=30) as http:
            n = 0
            while not self.stop.is_set() and not self.refused:
                body = {"node": B1, "category": BUILDING_WORK, "description": f"违建 {n}"}
                try:
                    answer = http.post("/api/v1/issues", json=body, headers={"Idempotency-Key": f"burst-{n}"})
                except httpx.HTTPError as error:
                    self.refused.append(repr(error))
                    return
                if answer.is_success:
                    self.acknowledged.append(str(answer.json()["id"]))
                else:
                    self.refused.append(answer.text)
                n += 1
                self.stop.wait(PACE)

    def has(self, count: int) -> bool:
        """At least `count` reports acknowledged; True as well once it stopped on a refusal, to fail fast."""
        return len(self.acknowledged) >= count or bool(self.refused)


@contextmanager
def _serving(settings: Settings) -> Iterator[str]:
    port = free_port()
    command = [GRIDGOV, "serve", "--no-worker", "--port", str(port)]
    process = subprocess.Popen(command, env=environment(settings), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(lambda: _healthy(base), "the service to start")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def _report_with_a_photo(base: str, token: str) -> tuple[str, bytes]:
    """As the console does: the photo uploaded first, then a report that attaches it by its hash."""
    image, headers = png(), {"Authorization": f"Bearer {token}"}
    files = {"file": ("门口.png", image, "image/png")}
    uploaded = httpx.post(f"{base}/api/v1/photos", files=files, headers=headers, timeout=30)
    assert uploaded.status_code == 201, uploaded.text
    digest = uploaded.json()["sha256"]
    body = {"node": B1, "category": BUILDING_WORK, "description": "违建, 见照片"}
    attached = [{"sha256": digest, "name": "门口.png"}]
    reported = httpx.post(f"{base}/api/v1/issues", json={**body, "attachments": attached}, headers=headers, timeout=30)
    assert reported.is_success, reported.text
    return digest, image


def _healthy(base: str) -> bool:
    try:
        return httpx.get(f"{base}/healthz", timeout=1).status_code == 200
    except httpx.TransportError:
        return False


def _wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 60
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited a minute for {what}")
        time.sleep(0.1)


def _rows(engine: Engine, models: list[ReadModel]) -> dict[str, list[dict[str, Any]]]:
    with engine.connect() as conn:
        return {
            table.name: [dict(r._mapping) for r in conn.execute(select(table).order_by(*table.primary_key.columns))]
            for model in models
            for table in model.tables
        }


def test_a_backup_taken_during_a_burst_of_reports_restores_verified_into_an_empty_store(
    store: Settings, empty_target: Settings, spare_engine: Engine, tmp_path: Path
) -> None:
    folder = tmp_path / "backup"
    token = issue_token("worker1", key=store.signing_key(), now=datetime.now(UTC), minutes=60)
    with _serving(store) as base:
        digest, image = _report_with_a_photo(base, token)
        writer = _Writer(base, token)
        writer.start()
        try:
            _wait_for(lambda: writer.has(3), "the first reports")
            before = set(writer.acknowledged)  # answered 2xx before the backup started
            taken = run(store, "backup", str(folder))
            after = len(writer.acknowledged) + 1
            _wait_for(lambda: writer.has(after), "a report after the backup")
        finally:
            writer.stop.set()
            writer.join(timeout=30)
    assert taken.returncode == 0, taken.stderr
    assert writer.refused == []

    kept_apart = (store.data_dir / "master.key").read_bytes()  # an operator puts the master key back first
    (empty_target.data_dir / "master.key").write_bytes(kept_apart)
    restored = gridgov(empty_target, "restore", str(folder))
    assert restored.exit_code == 0, restored.output
    assert "and 1 photos" in _said(restored.stdout)
    assert "equals the signed tree head" in _said(restored.stdout)
    verified = gridgov(empty_target, "verify")
    assert verified.exit_code == 0, verified.output
    assert "2 signed tree heads verified" in _said(verified.stdout)  # the one the service signed, the backup's own

    checker = bootstrap(empty_target, catch_up=False)
    try:
        log = checker.app.recorder.select_notifications(1, 100_000, topics=[REPORTED])
        assert before <= {str(n.originator_id) for n in log}
        restored_rows = _rows(checker.engine, checker.runner.models)
        assert [person["name"] for person in restored_rows["rm_people"]] == ["测试户主7"]  # its key came back
        fresh = Runner(checker.app, spare_engine, checker.runner.models)
        fresh.create_tables()
        fresh.catch_up()
        assert restored_rows == _rows(spare_engine, fresh.models)

        again = gridgov(empty_target, "restore", str(folder))
        assert again.exit_code == 1
        assert "not empty" in _said(again.stderr)
        assert checker.app.recorder.max_notification_id() == log[-1].id
        assert len(all_heads(checker.engine)) == 2
    finally:
        checker.close()

    reader = issue_token("dept2", key=empty_target.signing_key(), now=datetime.now(UTC), minutes=5)
    with TestClient(create_app(lambda: bootstrap(empty_target))) as http:
        served = http.get(f"/api/v1/photos/{digest}", headers={"Authorization": f"Bearer {reader}"})
    assert (served.status_code, served.content) == (200, image)


def _nothing_written(target: Settings) -> bool:
    if list(target.data_dir.iterdir()):
        return False
    if not target.is_postgres:
        return True
    engine = create_engine(target.event_store_url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        return inspect(engine).get_table_names() == []
    finally:
        engine.dispose()


def test_a_backup_file_with_one_byte_changed_is_refused_naming_the_file(
    store: Settings, empty_target: Settings, tmp_path: Path
) -> None:
    folder = tmp_path / "backup"
    assert "photos.db" in take_backup(store, folder, _quiet).files  # nobody uploaded a photo yet: an empty one
    events = folder / "events.db"
    changed = bytearray(events.read_bytes())
    changed[len(changed) // 2] ^= 0x01
    events.write_bytes(changed)

    refused = gridgov(empty_target, "restore", str(folder))
    assert refused.exit_code == 1
    assert "the backup file events.db was changed" in _said(refused.stderr)
    assert _nothing_written(empty_target)


def test_a_backup_signed_by_an_untrusted_key_or_without_its_master_key_is_refused(
    store: Settings, empty_target: Settings, tmp_path: Path
) -> None:
    folder = tmp_path / "backup"
    take_backup(store, folder, _quiet)

    with pytest.raises(BackupError, match="not by the trusted key"):
        restore_backup(empty_target, folder, _quiet, trusted_key="00" * 32)
    with pytest.raises(BackupError, match="no master key here"):
        restore_backup(empty_target, folder, _quiet)
    assert _nothing_written(empty_target)
    (empty_target.data_dir / "master.key").write_text("11" * 32)
    with pytest.raises(BackupError, match="does not open the backed-up key store"):
        restore_backup(empty_target, folder, _quiet)


def _photographed(settings: Settings) -> tuple[str, str]:
    """A report with a photo, handled by the grid and fed back with another: both kinds of event that name one."""
    services = bootstrap(settings, clock=ManualClock(datetime.now(UTC)))
    try:
        app, stored = services.app, photo_store(services.engine)
        on_report, _ = stored.put(png(), "image/png", by="worker1", at=app.clock.now())
        on_result, _ = stored.put(png(rgb=(0, 90, 0)), "image/png", by="worker1", at=app.clock.now())
        issue, _ = app.report_issue(
            node=B1, category=RUBBISH, description="垃圾堆在楼道", actor="worker1", attachments=[_named(on_report)]
        )
        app.accept_issue(issue.id, actor="leader1", reason="立案")
        app.handle_in_grid(issue.id, actor="leader1", reason="自行处置")
        app.feed_back(
            issue.id, department=None, result="已清运", actor="worker1", reason="反馈", attachments=[_named(on_result)]
        )
    finally:
        services.close()
    return on_report, on_result


def _named(digest: str) -> dict[str, str]:
    return {"sha256": digest, "name": "现场.png"}


def _change_live_photos(settings: Settings, statement: Executable) -> None:
    live = readmodel_engine(settings.readmodel_sqlalchemy_url())
    try:
        with live.begin() as conn:
            conn.execute(statement)
    finally:
        live.dispose()


def test_a_photo_that_rotted_in_the_store_is_refused_naming_its_hash(
    store: Settings, empty_target: Settings, tmp_path: Path
) -> None:
    on_report, _ = _photographed(store)
    rotted = png(rgb=(0, 0, 0))  # the disk under the live store changed its bytes; the backup copies them as they are
    _change_live_photos(store, update(photos).where(photos.c.sha256 == on_report).values(content=rotted))
    take_backup(store, tmp_path / "backup", _quiet)

    refused = gridgov(empty_target, "restore", str(tmp_path / "backup"))
    assert refused.exit_code == 1
    assert f"the backed-up photo {on_report} does not hash to its name" in _said(refused.stderr)
    assert _nothing_written(empty_target)


@pytest.mark.parametrize("backend", ["sqlite"])  # a full restore more; the check reads both backends alike
def test_photos_the_restored_events_name_but_the_backup_lacks_are_named(
    store: Settings, empty_target: Settings, tmp_path: Path
) -> None:
    lost = ", ".join(sorted(_photographed(store)))
    _change_live_photos(store, delete(photos))
    take_backup(store, tmp_path / "backup", _quiet)
    (empty_target.data_dir / "master.key").write_bytes((store.data_dir / "master.key").read_bytes())

    with pytest.raises(BackupError, match=f"the restored events name photos the backup does not hold: {lost}$"):
        restore_backup(empty_target, tmp_path / "backup", _quiet)
