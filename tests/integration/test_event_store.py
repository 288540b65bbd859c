"""The event store on each backend: facts with who/when/why, and no lost updates."""

from __future__ import annotations

import zlib
from datetime import timedelta

import pytest

from api.bootstrap import Services
from domain.application import GridGov
from domain.grid.model import GridNode
from domain.shared.clock import ManualClock
from domain.shared.errors import AlreadyExistsError, ConflictError
from projections.audit.verify import verify_log
from tests.support.world import K1, S1, World


def _events(app: GridGov) -> list[GridNode.Event]:
    return [app.mapper.to_domain_event(n) for n in app.recorder.select_notifications(0, 10_000)]


def test_every_event_records_actor_reason_node_and_the_clocks_time(services: Services, clock: ManualClock) -> None:
    app = services.app
    app.create_street(code="200001", name="交道口街道", actor="alice", reason="new street office")
    clock.advance(timedelta(minutes=5))
    app.rename_node(code="200001", name="交道口街道办", actor="bob", reason="official name")
    created, renamed = _events(app)
    assert (created.actor, created.reason, created.code) == ("alice", "new street office", "200001")
    assert created.timestamp == clock.now() - timedelta(minutes=5)
    assert (renamed.actor, renamed.reason, renamed.timestamp) == ("bob", "official name", clock.now())
    topics = [n.topic for n in app.recorder.select_notifications(0, 10)]
    assert topics == ["GridNode.Created", "GridNode.Renamed"]  # stored under short codes (domain/stored_topics.py)


def test_two_writers_to_one_node_conflict_instead_of_losing_an_update(world: World, clock: ManualClock) -> None:
    first = world.services.app
    second = GridGov(clock, env=world.services.settings.event_store_env())
    try:
        mine, theirs = first.node(K1), second.node(K1)
        mine.rename(name="锦绣小区东区", actor="admin", reason="split", at=clock.now())
        theirs.rename(name="锦绣新村", actor="office1", reason="renamed", at=clock.now())
        first.save(mine)
        with pytest.raises(ConflictError):
            second.commit(theirs)
        assert first.node(K1).name == "锦绣小区东区"
    finally:
        second.close()


def test_a_stale_expected_version_is_a_conflict(world: World) -> None:
    app = world.services.app
    version = app.node(K1).version
    app.rename_node(code=K1, name="新名", actor="admin", reason="first", expected_version=version)
    with pytest.raises(ConflictError, match="stale"):
        app.rename_node(code=K1, name="另一个名", actor="admin", reason="second", expected_version=version)
    assert app.node(K1).name == "新名"


def test_a_duplicate_code_is_refused_even_from_another_process(world: World, clock: ManualClock) -> None:
    other = GridGov(clock, env=world.services.settings.event_store_env())
    try:
        with pytest.raises(AlreadyExistsError):
            other.create_street(code=S1, name="重复", actor="admin", reason="duplicate")
    finally:
        other.close()


def test_a_cached_aggregate_catches_up_with_another_writer_before_it_is_used(world: World, clock: ManualClock) -> None:
    """Each process keeps aggregates in memory; a read still fetches events written elsewhere first."""
    first = world.services.app
    second = GridGov(clock, env=world.services.settings.event_store_env())
    try:
        assert first.repository.cache is not None
        assert first.node(K1).name == second.node(K1).name  # both now hold K1 in their caches
        second.rename_node(code=K1, name="锦绣新村", actor="office1", reason="renamed elsewhere")
        assert first.node(K1).name == "锦绣新村"
        first.rename_node(code=K1, name="锦绣新村东区", actor="admin", reason="then here")
        assert second.node(K1).name == "锦绣新村东区"
        mine = first.node(K1)
        mine.rename(name="未保存", actor="admin", reason="never saved", at=clock.now())
        assert first.node(K1).name == "锦绣新村东区"  # a command's copy never leaks into the cache
    finally:
        second.close()


def test_compression_can_be_turned_on_and_off_and_every_event_still_reads_and_verifies(
    world: World, clock: ManualClock
) -> None:
    settings = world.services.settings
    compressing = GridGov(clock, env=settings.model_copy(update={"compress_events": True}).event_store_env())
    try:
        compressing.rename_node(code=K1, name="压缩后的名字", actor="admin", reason="written compressed")
    finally:
        compressing.close()
    app = world.services.app
    app.rename_node(code=K1, name="又一个名字", actor="admin", reason="written plain again")
    stored = [n.state for n in app.recorder.select_notifications(0, 100_000)]
    assert stored[-2][:1] == b"x" and stored[-1][:1] == b"{"  # zlib's header, then plain JSON
    assert len(stored[-2]) < len(zlib.decompress(stored[-2]))
    assert [e.name for e in _events(app) if isinstance(e, GridNode.Renamed)][-2:] == ["压缩后的名字", "又一个名字"]
    world.services.publish_head()
    assert verify_log(app, world.services.engine).ok
