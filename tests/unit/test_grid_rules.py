"""The grid node rules, driven through the Application on the in-memory event store."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from domain.accounts.roles import Grant, Role
from domain.application import GridGov
from domain.grid.levels import Level
from domain.grid.model import GRID_TOPICS, GridNode
from domain.shared.clock import ManualClock
from domain.shared.errors import (
    AlreadyExistsError,
    ConflictError,
    IllegalTransitionError,
    InvalidInputError,
    NotFoundError,
)
from domain.shared.ids import node_id

WHO = {"actor": "admin", "reason": "setting up the grid"}


@pytest.fixture
def app(clock: ManualClock) -> GridGov:
    """The command side on the in-memory store; `clock` is the shared manual clock (tests/conftest.py)."""
    return GridGov(clock, env={"PERSISTENCE_MODULE": "eventsourcing.popo"})


@pytest.fixture
def grid(app: GridGov) -> GridGov:
    """Street S1 with communities C1 (compound K1, building B1) and C2 (compound K2); street S2."""
    app.create_street(code="S1", name="Jianguomen", **WHO)
    app.create_street(code="S2", name="Chaowai", **WHO)
    app.add_node(parent_code="S1", code="C1", name="Community One", **WHO)
    app.add_node(parent_code="S1", code="C2", name="Community Two", **WHO)
    app.add_node(parent_code="C1", code="K1", name="Compound One", **WHO)
    app.add_node(parent_code="C2", code="K2", name="Compound Two", **WHO)
    app.add_node(parent_code="K1", code="B1", name="Building 1", **WHO)
    return app


def open_account(app: GridGov, username: str) -> None:
    app.open_account(username=username, display_name=username.title(), password_hash="x", **WHO)


def stored_events(app: GridGov) -> list[GridNode.Event]:
    return [app.mapper.to_domain_event(n) for n in app.recorder.select_notifications(0, 100)]


# Levels.


def test_each_child_is_created_exactly_one_level_below_its_parent(grid: GridGov) -> None:
    levels = {code: (grid.node(code).level, grid.node(code).parent_code) for code in ("S1", "C1", "K1", "B1")}

    assert levels == {
        "S1": (Level.STREET, None),
        "C1": (Level.COMMUNITY, "S1"),
        "K1": (Level.COMPOUND, "C1"),
        "B1": (Level.BUILDING, "K1"),
    }


def test_a_parent_lists_the_children_added_under_it(grid: GridGov) -> None:
    assert grid.node("S1").children == ["C1", "C2"]
    assert grid.node("K1").children == ["B1"]
    assert grid.node("B1").children == []


def test_a_building_cannot_have_children(grid: GridGov) -> None:
    with pytest.raises(InvalidInputError, match="buildings have no children") as refused:
        grid.add_node(parent_code="B1", code="X1", name="Flat", **WHO)

    assert refused.value.field == "parent_code"
    assert grid.node("B1").children == []
    with pytest.raises(NotFoundError):
        grid.node("X1")


def test_a_child_under_an_unknown_parent_is_not_found(app: GridGov) -> None:
    with pytest.raises(NotFoundError) as refused:
        app.add_node(parent_code="NOPE", code="C1", name="Community", **WHO)

    assert refused.value.field == "parent_code"


@pytest.mark.parametrize("code", ["", "-leading-dash", "has space", "x" * 41, "逗号"])
def test_a_malformed_code_is_invalid_input(app: GridGov, code: str) -> None:
    with pytest.raises(InvalidInputError) as refused:
        app.create_street(code=code, name="Street", **WHO)

    assert refused.value.field == "code"


@pytest.mark.parametrize("name", ["", "   ", "n" * 101])
def test_an_empty_or_overlong_name_is_invalid_input(app: GridGov, name: str) -> None:
    with pytest.raises(InvalidInputError) as refused:
        app.create_street(code="S1", name=name, **WHO)

    assert refused.value.field == "name"


def test_a_name_is_stored_without_surrounding_spaces(app: GridGov) -> None:
    app.create_street(code="S1", name="  Jianguomen  ", **WHO)

    assert app.node("S1").name == "Jianguomen"


# Moves.


def test_a_compound_moves_with_its_buildings_to_another_community(grid: GridGov) -> None:
    grid.move_node(code="K1", new_parent="C2", **WHO)

    assert grid.node("K1").parent_code == "C2"
    assert grid.node("C1").children == []
    assert grid.node("C2").children == ["K1", "K2"]
    assert grid.node("B1").parent_code == "K1"


def test_a_community_can_move_to_another_street(grid: GridGov) -> None:
    grid.move_node(code="C2", new_parent="S2", **WHO)

    assert grid.node("C2").parent_code == "S2"
    assert grid.node("S1").children == ["C1"]
    assert grid.node("S2").children == ["C2"]


@pytest.mark.parametrize(
    ("code", "new_parent"),
    [
        ("B1", "C2"),  # two levels up
        ("B1", "B1"),  # itself
        ("K1", "S2"),  # two levels up
        ("K1", "K2"),  # same level
        ("C1", "K2"),  # below it
        ("C1", "C2"),  # same level
    ],
)
def test_a_node_moves_only_under_a_parent_exactly_one_level_up(grid: GridGov, code: str, new_parent: str) -> None:
    parent_before = grid.node(code).parent_code

    with pytest.raises(InvalidInputError) as refused:
        grid.move_node(code=code, new_parent=new_parent, **WHO)

    assert refused.value.field == "new_parent"
    assert grid.node(code).parent_code == parent_before
    assert code in grid.node(parent_before or "").children


def test_a_street_cannot_be_moved(grid: GridGov) -> None:
    with pytest.raises(InvalidInputError, match="street is a root"):
        grid.move_node(code="S2", new_parent="S1", **WHO)

    assert grid.node("S2").parent_code is None
    assert grid.node("S1").children == ["C1", "C2"]


def test_moving_under_the_current_parent_is_refused(grid: GridGov) -> None:
    version = grid.node("C1").version

    with pytest.raises(InvalidInputError, match="already under C1"):
        grid.move_node(code="K1", new_parent="C1", **WHO)

    assert grid.node("C1").version == version
    assert grid.node("C1").children == ["K1"]


def test_moving_under_a_retired_parent_is_refused(grid: GridGov) -> None:
    grid.add_node(parent_code="S1", code="C3", name="Community Three", **WHO)
    grid.retire_node(code="C3", **WHO)

    with pytest.raises(IllegalTransitionError):
        grid.move_node(code="K1", new_parent="C3", **WHO)

    assert grid.node("K1").parent_code == "C1"
    assert grid.node("C3").children == []


def test_moving_under_an_unknown_parent_is_not_found(grid: GridGov) -> None:
    with pytest.raises(NotFoundError) as refused:
        grid.move_node(code="K1", new_parent="NOPE", **WHO)

    assert refused.value.field == "new_parent"


# Retirement.


def test_retire_is_refused_while_children_are_active(grid: GridGov) -> None:
    with pytest.raises(IllegalTransitionError) as refused:
        grid.retire_node(code="K1", **WHO)

    assert refused.value.state == "has_children"
    assert "B1" in refused.value.message
    assert grid.node("K1").retired is False


def test_retiring_bottom_up_detaches_each_node_from_its_parent(grid: GridGov) -> None:
    grid.retire_node(code="B1", **WHO)
    grid.retire_node(code="K1", **WHO)

    assert grid.node("B1").retired is True
    assert grid.node("K1").retired is True
    assert grid.node("K1").children == []
    assert grid.node("C1").children == []
    assert grid.node("K1").parent_code == "C1"  # history keeps where it was


def test_a_retired_node_cannot_be_retired_again(grid: GridGov) -> None:
    grid.retire_node(code="B1", **WHO)

    with pytest.raises(IllegalTransitionError) as refused:
        grid.retire_node(code="B1", **WHO)

    assert refused.value.state == "retired"


@pytest.mark.parametrize(
    "command",
    [
        pytest.param(lambda app: app.rename_node(code="K2", name="New name", **WHO), id="rename"),
        pytest.param(lambda app: app.assign(code="K2", username="wang", duty="leader", **WHO), id="assign"),
        pytest.param(lambda app: app.add_node(parent_code="K2", code="B9", name="Building 9", **WHO), id="add-child"),
        pytest.param(lambda app: app.move_node(code="K2", new_parent="C1", **WHO), id="move"),
    ],
)
def test_a_retired_node_refuses_changes(grid: GridGov, command: Callable[[GridGov], object]) -> None:
    open_account(grid, "wang")
    grid.retire_node(code="K2", **WHO)
    version = grid.node("K2").version

    with pytest.raises(IllegalTransitionError) as refused:
        command(grid)

    assert refused.value.state == "retired"
    assert grid.node("K2").version == version
    assert not grid.account("wang").has(Grant(Role.GRID_LEADER, "K2"))


# Renames.


def test_rename_changes_the_name_and_keeps_the_code(grid: GridGov) -> None:
    grid.rename_node(code="C1", name="Donghuamen", **WHO)

    assert grid.node("C1").name == "Donghuamen"
    assert grid.node("C1").code == "C1"


def test_renaming_to_the_same_name_is_refused(grid: GridGov) -> None:
    with pytest.raises(InvalidInputError, match="already named"):
        grid.rename_node(code="C1", name=" Community One ", **WHO)


# People on duty.


def test_assign_grants_the_matching_role_and_unassign_revokes_it(grid: GridGov) -> None:
    open_account(grid, "wang")
    open_account(grid, "li")

    grid.assign(code="K1", username="wang", duty="leader", **WHO)
    grid.assign(code="K1", username="li", duty="worker", **WHO)

    assert grid.node("K1").leader == "wang"
    assert grid.node("K1").workers == ["li"]
    assert grid.account("wang").has(Grant(Role.GRID_LEADER, "K1"))
    assert grid.account("li").has(Grant(Role.GRID_WORKER, "K1"))
    assert not grid.account("li").has(Grant(Role.GRID_LEADER, "K1"))

    grid.unassign(code="K1", username="wang", duty="leader", **WHO)
    grid.unassign(code="K1", username="li", duty="worker", **WHO)

    assert grid.node("K1").leader is None
    assert grid.node("K1").workers == []
    assert grid.account("wang").grants == []
    assert grid.account("li").grants == []


def test_assigning_a_second_leader_is_refused_and_grants_nothing(grid: GridGov) -> None:
    open_account(grid, "wang")
    open_account(grid, "li")
    grid.assign(code="C1", username="wang", duty="leader", **WHO)

    with pytest.raises(InvalidInputError, match="wang is already the leader of C1"):
        grid.assign(code="C1", username="li", duty="leader", **WHO)

    assert grid.node("C1").leader == "wang"
    assert grid.account("li").grants == []


def test_assigning_the_same_leader_twice_is_refused(grid: GridGov) -> None:
    open_account(grid, "wang")
    grid.assign(code="C1", username="wang", duty="leader", **WHO)

    with pytest.raises(InvalidInputError, match="wang already leads C1"):
        grid.assign(code="C1", username="wang", duty="leader", **WHO)


def test_a_node_takes_many_workers_but_each_only_once(grid: GridGov) -> None:
    for username in ("zhao", "li", "wang"):
        open_account(grid, username)
        grid.assign(code="K1", username=username, duty="worker", **WHO)

    with pytest.raises(InvalidInputError, match="already a worker"):
        grid.assign(code="K1", username="li", duty="worker", **WHO)

    assert grid.node("K1").workers == ["li", "wang", "zhao"]


def test_unassigning_someone_not_on_duty_is_refused(grid: GridGov) -> None:
    open_account(grid, "wang")
    grid.assign(code="K1", username="wang", duty="worker", **WHO)

    with pytest.raises(InvalidInputError, match="not a leader"):
        grid.unassign(code="K1", username="wang", duty="leader", **WHO)

    assert grid.account("wang").has(Grant(Role.GRID_WORKER, "K1"))


def test_assigning_an_unknown_account_or_duty_is_refused(grid: GridGov) -> None:
    open_account(grid, "wang")

    with pytest.raises(NotFoundError):
        grid.assign(code="K1", username="ghost", duty="worker", **WHO)
    with pytest.raises(InvalidInputError, match="unknown duty"):
        grid.assign(code="K1", username="wang", duty="captain", **WHO)

    assert grid.node("K1").workers == []


# Identity and concurrency.


def test_a_duplicate_street_code_already_exists(grid: GridGov) -> None:
    with pytest.raises(AlreadyExistsError):
        grid.create_street(code="S1", name="Another", **WHO)

    assert grid.node("S1").name == "Jianguomen"


def test_a_duplicate_child_code_already_exists_and_leaves_the_other_parent_unchanged(grid: GridGov) -> None:
    version = grid.node("C2").version

    with pytest.raises(AlreadyExistsError):
        grid.add_node(parent_code="C2", code="K1", name="Compound Again", **WHO)

    assert grid.node("C2").children == ["K2"]
    assert grid.node("C2").version == version
    assert grid.node("K1").parent_code == "C1"


@pytest.mark.parametrize(
    "command",
    [
        pytest.param(lambda app, v: app.rename_node(code="K1", name="Late", expected_version=v, **WHO), id="rename"),
        pytest.param(lambda app, v: app.move_node(code="K1", new_parent="C2", expected_version=v, **WHO), id="move"),
        pytest.param(lambda app, v: app.retire_node(code="K1", expected_version=v, **WHO), id="retire"),
    ],
)
def test_a_stale_expected_version_is_a_conflict(grid: GridGov, command: Callable[[GridGov, int], object]) -> None:
    grid.retire_node(code="B1", **WHO)
    seen = grid.node("K1").version
    grid.rename_node(code="K1", name="Someone else was first", **WHO)

    with pytest.raises(ConflictError) as refused:
        command(grid, seen)

    assert refused.value.field == "expected_version"  # the API names it If-Match
    node = grid.node("K1")
    assert (node.version, node.name, node.parent_code, node.retired) == (
        seen + 1,
        "Someone else was first",
        "C1",
        False,
    )


def test_the_current_expected_version_is_accepted(grid: GridGov) -> None:
    version = grid.node("K1").version

    node = grid.rename_node(code="K1", name="On time", expected_version=version, **WHO)

    assert node.version == version + 1
    assert grid.node("K1").name == "On time"


# What is stored.


def test_every_stored_event_carries_actor_reason_code_and_the_clock_time(app: GridGov, clock: ManualClock) -> None:
    commands: list[Callable[[dict[str, str]], object]] = [
        lambda who: app.create_street(code="S1", name="Street", **who),
        lambda who: app.add_node(parent_code="S1", code="C1", name="Community", **who),
        lambda who: app.add_node(parent_code="S1", code="C2", name="Other", **who),
        lambda who: app.add_node(parent_code="C1", code="K1", name="Compound", **who),
        lambda who: app.rename_node(code="K1", name="Renamed", **who),
        lambda who: app.move_node(code="K1", new_parent="C2", **who),
        lambda who: app.open_account(username="wang", display_name="Wang", password_hash="x", **who),
        lambda who: app.assign(code="K1", username="wang", duty="worker", **who),
        lambda who: app.unassign(code="K1", username="wang", duty="worker", **who),
        lambda who: app.retire_node(code="K1", **who),
    ]
    expected: list[tuple[str, str, datetime]] = []
    for step, command in enumerate(commands):
        at = clock.advance(timedelta(minutes=1))
        who = {"actor": f"user{step}", "reason": f"because {step}"}
        before = app.recorder.max_notification_id() or 0
        command(who)
        after = app.recorder.max_notification_id() or 0
        expected += [(who["actor"], who["reason"], at)] * (after - before)

    events = stored_events(app)

    assert len(events) == len(expected) == 18
    assert [(e.actor, e.reason, e.timestamp) for e in events] == expected
    grid_events = [e for e in events if isinstance(e, GridNode.Event)]
    assert len(grid_events) == 15
    assert all(e.originator_id == node_id(e.code) for e in grid_events)


def test_every_stored_topic_is_a_stable_gridgov_topic(grid: GridGov) -> None:
    open_account(grid, "wang")
    grid.assign(code="K1", username="wang", duty="leader", **WHO)
    grid.move_node(code="K1", new_parent="C2", **WHO)
    grid.rename_node(code="K1", name="Renamed", **WHO)
    grid.unassign(code="K1", username="wang", duty="leader", **WHO)
    grid.retire_node(code="K2", **WHO)

    topics = {n.topic for n in grid.recorder.select_notifications(0, 100)}

    assert all(topic.startswith("gridgov.") for topic in topics), topics
    assert set(GRID_TOPICS) <= topics
    assert {t for t in topics if t.startswith("gridgov.grid:")} == set(GRID_TOPICS)
