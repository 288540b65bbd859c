"""Events are stored under short topic codes; rows written before under the long topics still read.

A second Application on the same store, with the library's own mapper, writes rows as every store
held them before the change: long topics. The service then reads, filters, projects and verifies
a log that holds both.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from api.bootstrap import Services, bootstrap
from api.settings import Settings
from domain.application import GridGov
from domain.grid.model import GRID_TOPICS, GridNode
from domain.issues.model import Issue
from domain.shared.clock import ManualClock
from domain.stored_topics import CODES, names_topic, with_codes
from projections.audit.verify import verify_log
from projections.grid_tree import tree_as_of


@pytest.fixture
def before(settings: Settings, clock: ManualClock, services: Services) -> Iterator[GridGov]:
    """The service as it was: the library's mapper, so long topics on every row it writes."""
    env = {k: v for k, v in settings.event_store_env().items() if k != "MAPPER_TOPIC"}
    app = GridGov(clock, env=env)
    yield app
    app.close()


def test_every_event_class_has_a_distinct_code_that_names_it() -> None:
    assert len(set(CODES.values())) == len(CODES) > 100
    assert CODES[Issue.Reported.TOPIC] == "Issue.Reported"
    assert names_topic("Issue.Reported", Issue.Reported.TOPIC)
    assert names_topic(Issue.Reported.TOPIC, Issue.Reported.TOPIC)
    assert not names_topic("Issue.Accepted", Issue.Reported.TOPIC)
    assert with_codes([GridNode.Created.TOPIC]) == [GridNode.Created.TOPIC, "GridNode.Created"]


def test_a_log_with_long_and_short_topics_reads_filters_projects_and_verifies(
    services: Services, before: GridGov, settings: Settings, clock: ManualClock
) -> None:
    before.create_street(code="200001", name="交道口街道", actor="alice", reason="written before the change")
    services.app.add_node(
        parent_code="200001", code="200001001", name="菊儿社区", actor="alice", reason="written after"
    )
    before.rename_node(code="200001001", name="菊儿胡同社区", actor="bob", reason="written before, again")

    stored = [n.topic for n in services.app.recorder.select_notifications(0, 10)]
    assert stored == [GridNode.Created.TOPIC, "GridNode.Created", "GridNode.ChildAttached", GridNode.Renamed.TOPIC]
    filtered = services.app.recorder.select_notifications(0, 10, topics=[GridNode.Created.TOPIC])
    assert [n.id for n in filtered] == [1, 2]  # a filter naming the long topic finds both

    node = services.app.node("200001001")
    assert (node.name, node.parent_code, node.version) == ("菊儿胡同社区", "200001", 2)
    tree = tree_as_of(services.app, clock.now())
    assert tree.node("200001001").name == "菊儿胡同社区"
    assert len(services.app.recorder.select_notifications(0, 10, topics=GRID_TOPICS)) == 4

    fresh = bootstrap(settings, clock=clock)  # a process started on this log builds its read models from it
    try:
        fresh.runner.catch_up()
        fresh.publish_head()
        assert verify_log(fresh.app, fresh.engine).ok
    finally:
        fresh.close()
