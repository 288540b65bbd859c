"""Moving from the embedded SQLite store to PostgreSQL keeps every position, every signed head and every photo."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from api.adapters.migrate import migrate_store
from api.adapters.photos import photo_store
from api.bootstrap import Services, bootstrap
from api.settings import Settings
from domain.shared.clock import ManualClock
from domain.shared.errors import InvalidInputError
from projections.audit.heads import all_heads
from projections.audit.verify import verify_log
from tests.e2e.processes import run
from tests.support import postgres
from tests.support.history import some_history
from tests.support.images import png
from tests.support.world import B1, BUILDING_WORK, World, seed

pytestmark = pytest.mark.postgres


@pytest.fixture
def sqlite_world(tmp_path: Path, clock: ManualClock) -> Iterator[World]:
    settings = Settings(data_dir=tmp_path / "embedded", database_url=f"sqlite:///{tmp_path / 'embedded' / 'events.db'}")
    services = bootstrap(settings, clock=clock)
    seed(services.app)
    services.catch_up()
    yield World(services)
    services.close()


@pytest.fixture
def empty_postgres(pg_admin_url: str, tmp_path: Path) -> Iterator[Settings]:
    with postgres.fresh_database(pg_admin_url) as url:
        yield Settings(data_dir=tmp_path / "embedded", database_url=url)


def _positions(services: Services) -> list[tuple[int, str, int]]:
    found = services.app.recorder.select_notifications(1, 100_000)
    return [(n.id, str(n.originator_id), n.originator_version) for n in found]


def test_the_log_arrives_with_its_positions_its_signed_heads_and_its_photos(
    sqlite_world: World, empty_postgres: Settings, clock: ManualClock
) -> None:
    some_history(sqlite_world, clock)
    image = png()
    photo, _ = photo_store(sqlite_world.services.engine).put(image, "image/png", by="worker1", at=clock.now())
    attached = [{"sha256": photo, "name": "现场.png"}]  # not rebuildable from the log: the move must carry it
    sqlite_world.services.app.report_issue(
        node=B1, category=BUILDING_WORK, description="违建", actor="worker1", attachments=attached
    )
    head = sqlite_world.services.publish_head()
    source = sqlite_world.services.settings
    expected = _positions(sqlite_world.services)

    done = migrate_store(source, empty_postgres)

    assert (done.events, done.root, done.tree_heads, done.photos) == (len(expected), head.root.hex(), 1, 1)
    moved = bootstrap(empty_postgres, clock=clock)
    try:
        assert _positions(moved) == expected
        assert [h.root for h in all_heads(moved.engine)] == [head.root]
        moved_photo = photo_store(moved.engine).get(photo)
        assert moved_photo is not None and moved_photo.content == image
        report = verify_log(moved.app, moved.engine)
        assert report.ok, report.findings
        assert report.heads_checked == 1
        issue, _ = moved.app.report_issue(node=B1, category=BUILDING_WORK, description="迁移后", actor="worker1")
        assert moved.app.recorder.max_notification_id() == expected[-1][0] + 1
        assert issue.version == 1
    finally:
        moved.close()
    with pytest.raises(InvalidInputError, match="not empty"):
        migrate_store(source, empty_postgres)


def test_the_command_refuses_a_target_that_is_not_postgresql(sqlite_world: World) -> None:
    answer = run(sqlite_world.services.settings, "migrate-store", "--to", "sqlite:///elsewhere.db")
    assert answer.returncode == 1
    assert "into PostgreSQL" in answer.stderr
