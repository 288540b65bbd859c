"""The grid as it was: answered from the log up to a moment, equal to a replay up to there."""

from __future__ import annotations

from datetime import timedelta

from domain.grid.model import GridNode
from domain.grid.tree import GridTree
from domain.shared.clock import ManualClock
from projections.grid_tree import apply_event, tree_as_of
from tests.support.world import B1, C1, C2, K1, K2, K3, World


def _snapshot(tree: GridTree) -> dict[str, object]:
    return {view.code: view for view in tree.nodes(include_retired=True)}


def _replayed_up_to(world: World, position: int) -> GridTree:
    app = world.services.app
    tree = GridTree()
    for notification in app.recorder.select_notifications(1, position):
        event = app.mapper.to_domain_event(notification)
        if isinstance(event, GridNode.Event):
            apply_event(tree, event)
    return tree


def test_the_tree_as_of_a_past_time_equals_the_log_replayed_up_to_then(world: World, clock: ManualClock) -> None:
    app = world.services.app
    clock.advance(timedelta(days=1))
    moment, position = clock.now(), app.recorder.max_notification_id() or 0
    clock.advance(timedelta(hours=1))
    app.move_node(code=B1, new_parent=K2, actor="admin", reason="re-assigned building")
    app.rename_node(code=K3, name="安居里北区", actor="office1", reason="renamed")
    app.unassign(code=K1, username="worker1", duty="worker", actor="admin", reason="left")
    app.move_node(code=K3, new_parent=C1, actor="admin", reason="community boundary change")
    app.retire_node(code=C2, actor="admin", reason="merged into 多福巷")

    past = tree_as_of(app, moment)
    assert _snapshot(past) == _snapshot(_replayed_up_to(world, position))
    assert past.node(B1).parent_code == K1
    assert past.node(K1).workers == ("worker1",)
    assert not past.node(C2).retired

    now = world.services.follower.catch_up()
    assert now.node(B1).parent_code == K2
    assert now.node(C2).retired
    assert _snapshot(tree_as_of(app, clock.now())) == _snapshot(now)


def test_a_node_as_of_a_time_is_the_node_before_later_changes(world: World, clock: ManualClock) -> None:
    app = world.services.app
    before = clock.now()
    clock.advance(timedelta(hours=2))
    app.rename_node(code=K1, name="锦绣小区南区", actor="admin", reason="split")
    assert app.node_as_of(K1, before).name == "锦绣小区"
    assert app.node_as_of(K1, clock.now()).name == "锦绣小区南区"
    assert app.node(K1).version == app.node_as_of(K1, clock.now()).version
