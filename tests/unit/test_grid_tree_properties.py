"""Random command sequences against the grid: the tree invariants hold after every step.

A plain-dict model of the rules says which commands must be accepted; the aggregates, the tree
rebuilt from the log and the tree kept current by following the log must all agree with it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from domain.accounts.roles import Grant, Role
from domain.application import GridGov
from domain.grid.levels import Level
from domain.grid.model import GRID_TOPICS, GridNode
from domain.grid.tree import GridTree, NodeView
from domain.shared.clock import ManualClock
from domain.shared.errors import DomainError, NotFoundError
from projections.grid_tree import TreeFollower, apply_event, tree_as_of

START = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
FAR_FUTURE = datetime(9999, 1, 1, tzinfo=UTC)
STEP = timedelta(minutes=1)
WHO = {"actor": "admin", "reason": "property test"}

STREET_CODES = ("S1", "S2", "S3")
CHILD_CODES = tuple(f"N{i}" for i in range(15))
NAMES = ("East", "West", "  West  ", "North", "   ")  # the last is refused: names must not be empty
USERS = ("ann", "bob", "cy")
DUTIES = ("leader", "worker")
KINDS = ("street", "child", "child", "rename", "move", "retire", "assign", "unassign")


@dataclass
class ModelNode:
    level: int
    parent: str | None
    name: str
    retired: bool = False
    leader: str | None = None
    workers: set[str] = field(default_factory=set)


def view_of(node: GridNode) -> NodeView:
    return NodeView(
        code=node.code,
        name=node.name,
        level=Level(node.level),
        parent_code=node.parent_code,
        retired=node.retired,
        leader=node.leader,
        workers=tuple(node.workers),
    )


def views_of(tree: GridTree) -> dict[str, NodeView]:
    return {view.code: view for view in tree.nodes(include_retired=True)}


class GridDriver:
    """Runs commands on a fresh in-memory GridGov, one clock minute each, and checks each outcome."""

    def __init__(self) -> None:
        self.clock = ManualClock(START)
        self.app = GridGov(self.clock, env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
        for username in USERS:
            self.app.open_account(username=username, display_name=username.title(), password_hash="x", **WHO)
        self.model: dict[str, ModelNode] = {}

    @property
    def codes(self) -> list[str]:
        return sorted(self.model)

    def seed(self) -> None:
        """Two streets and a full path down to a building, so that moves have somewhere to go."""
        self.create_street("S1", "Jianguomen")
        self.create_street("S2", "Chaowai")
        self.add_child("S1", "N0", "East")
        self.add_child("S2", "N1", "West")
        self.add_child("N0", "N2", "North")
        self.add_child("N2", "N3", "East")

    # Picking arguments: mostly ones that can succeed, often enough ones that cannot.

    def pick_node(self, data: st.DataObject) -> str:
        return data.draw(st.sampled_from(self.codes))

    def pick_move(self, data: st.DataObject) -> tuple[str, str]:
        below_streets = [c for c, n in self.model.items() if n.level > Level.STREET]
        code = data.draw(st.sampled_from(sorted(below_streets))) if below_streets else self.pick_node(data)
        node = self.model[code]
        elsewhere = sorted(c for c, n in self.model.items() if n.level == node.level - 1 and c != node.parent)
        if elsewhere and data.draw(st.booleans()):
            return code, data.draw(st.sampled_from(elsewhere))
        return code, self.pick_node(data)

    def pick_unassignment(self, data: st.DataObject) -> tuple[str, str, str]:
        held = [(code, node.leader, "leader") for code, node in self.model.items() if node.leader]
        held += [(code, username, "worker") for code, node in self.model.items() for username in node.workers]
        if held and data.draw(st.booleans()):
            return data.draw(st.sampled_from(sorted(held)))
        code = self.pick_node(data)
        return code, data.draw(st.sampled_from(USERS)), data.draw(st.sampled_from(DUTIES))

    def attempt(self, what: str, allowed: bool, command: Callable[[], object]) -> bool:
        """Runs the command; refusals are fine, but only the ones the rules call for."""
        self.clock.advance(STEP)
        event(f"{what}: {'accepted' if allowed else 'refused'}")
        try:
            command()
        except DomainError as refused:
            assert not allowed, f"a valid {what} was refused: {refused!r}"
            return False
        assert allowed, f"a {what} that the rules forbid was accepted"
        return True

    def active_children(self, code: str) -> list[str]:
        return sorted(c for c, n in self.model.items() if n.parent == code and not n.retired)

    def create_street(self, code: str, name: str) -> None:
        allowed = code not in self.model and bool(name.strip())
        if self.attempt("create street", allowed, lambda: self.app.create_street(code=code, name=name, **WHO)):
            self.model[code] = ModelNode(Level.STREET, None, name.strip())

    def add_child(self, parent: str, code: str, name: str) -> None:
        above = self.model[parent]
        allowed = code not in self.model and not above.retired and above.level < Level.BUILDING and bool(name.strip())
        if self.attempt(
            "add child", allowed, lambda: self.app.add_node(parent_code=parent, code=code, name=name, **WHO)
        ):
            self.model[code] = ModelNode(above.level + 1, parent, name.strip())

    def rename(self, code: str, name: str) -> None:
        node = self.model[code]
        allowed = not node.retired and bool(name.strip()) and name.strip() != node.name
        if self.attempt("rename", allowed, lambda: self.app.rename_node(code=code, name=name, **WHO)):
            node.name = name.strip()

    def move(self, code: str, new_parent: str) -> None:
        node, target = self.model[code], self.model[new_parent]
        allowed = (
            node.parent is not None
            and not node.retired
            and not target.retired
            and target.level == node.level - 1
            and new_parent != node.parent
        )
        if self.attempt("move", allowed, lambda: self.app.move_node(code=code, new_parent=new_parent, **WHO)):
            node.parent = new_parent

    def retire(self, code: str) -> None:
        node = self.model[code]
        allowed = not node.retired and not self.active_children(code)
        if self.attempt("retire", allowed, lambda: self.app.retire_node(code=code, **WHO)):
            node.retired = True

    def assign(self, code: str, username: str, duty: str) -> None:
        node = self.model[code]
        free = node.leader is None if duty == "leader" else username not in node.workers
        allowed = not node.retired and free
        if self.attempt("assign", allowed, lambda: self.app.assign(code=code, username=username, duty=duty, **WHO)):
            if duty == "leader":
                node.leader = username
            else:
                node.workers.add(username)

    def unassign(self, code: str, username: str, duty: str) -> None:
        node = self.model[code]
        allowed = node.leader == username if duty == "leader" else username in node.workers
        if self.attempt("unassign", allowed, lambda: self.app.unassign(code=code, username=username, duty=duty, **WHO)):
            if duty == "leader":
                node.leader = None
            else:
                node.workers.discard(username)


class GridTreeMachine(RuleBasedStateMachine):
    """Random commands from a small grid; every invariant is checked after every step."""

    def __init__(self) -> None:
        super().__init__()
        self.driver = GridDriver()
        self.live = TreeFollower(self.driver.app)
        self._loaded: dict[str, GridNode] = {}
        self._loaded_at: int | None = -1

    @initialize()
    def create_a_small_grid(self) -> None:
        self.driver.seed()

    # Commands.

    @rule(code=st.sampled_from(STREET_CODES), name=st.sampled_from(NAMES))
    def create_street(self, code: str, name: str) -> None:
        self.driver.create_street(code, name)

    @rule(data=st.data(), code=st.sampled_from(CHILD_CODES), name=st.sampled_from(NAMES))
    def add_child(self, data: st.DataObject, code: str, name: str) -> None:
        self.driver.add_child(self.driver.pick_node(data), code, name)

    @rule(data=st.data(), name=st.sampled_from(NAMES))
    def rename(self, data: st.DataObject, name: str) -> None:
        self.driver.rename(self.driver.pick_node(data), name)

    @rule(data=st.data())
    def move(self, data: st.DataObject) -> None:
        self.driver.move(*self.driver.pick_move(data))

    @rule(data=st.data())
    def retire(self, data: st.DataObject) -> None:
        self.driver.retire(self.driver.pick_node(data))

    @rule(data=st.data(), username=st.sampled_from(USERS), duty=st.sampled_from(DUTIES))
    def assign(self, data: st.DataObject, username: str, duty: str) -> None:
        self.driver.assign(self.driver.pick_node(data), username, duty)

    @rule(data=st.data())
    def unassign(self, data: st.DataObject) -> None:
        self.driver.unassign(*self.driver.pick_unassignment(data))

    # Invariants.

    def aggregates(self) -> dict[str, GridNode]:
        """Every node ever created, loaded once per log position (the invariants share them)."""
        position = self.driver.app.recorder.max_notification_id()
        if self._loaded_at != position:
            self._loaded = {code: self.driver.app.node(code) for code in self.driver.codes}
            self._loaded_at = position
        return self._loaded

    @invariant()
    def trees_from_the_log_agree_with_the_aggregates(self) -> None:
        expected = {code: view_of(node) for code, node in self.aggregates().items()}
        rebuilt = TreeFollower(self.driver.app).catch_up()

        assert views_of(rebuilt) == expected
        assert views_of(tree_as_of(self.driver.app, FAR_FUTURE)) == expected
        assert views_of(self.live.catch_up()) == expected

    @invariant()
    def aggregates_agree_with_the_model_of_the_rules(self) -> None:
        for code, node in self.aggregates().items():
            model = self.driver.model[code]
            assert (node.level, node.parent_code, node.name, node.retired) == (
                model.level,
                model.parent,
                model.name,
                model.retired,
            )
            assert (node.leader, node.workers) == (model.leader, sorted(model.workers))

    @invariant()
    def duty_roles_are_granted_exactly_where_people_are_on_duty(self) -> None:
        for username in USERS:
            expected = {
                Grant(role, code)
                for code, node in self.driver.model.items()
                for role, holds in (
                    (Role.GRID_LEADER, node.leader == username),
                    (Role.GRID_WORKER, username in node.workers),
                )
                if holds
            }
            assert set(self.driver.app.account(username).active_grants) == expected

    @invariant()
    def each_level_is_its_parents_level_plus_one(self) -> None:
        nodes = self.aggregates()
        for node in nodes.values():
            assert (node.parent_code is None) == (node.level == Level.STREET), f"{node.code} is a street iff a root"
            if node.parent_code is not None:
                assert node.level == nodes[node.parent_code].level + 1

    @invariant()
    def walking_up_reaches_a_street_within_three_steps(self) -> None:
        nodes = self.aggregates()
        tree = self.live.catch_up()
        for code in nodes:
            walked, parent = [code], nodes[code].parent_code
            while parent is not None:
                walked.append(parent)
                assert len(walked) <= 4, f"walking up from {code} does not end: {walked}"
                parent = nodes[parent].parent_code
            assert nodes[walked[-1]].level == Level.STREET
            ancestors = list(tree.ancestors(code))
            assert ancestors == [] or nodes[ancestors[-1]].level == Level.STREET
            assert len(ancestors) == nodes[code].level - 1

    @invariant()
    def no_active_node_has_a_retired_parent(self) -> None:
        nodes = self.aggregates()
        for node in nodes.values():
            if not node.retired and node.parent_code is not None:
                assert not nodes[node.parent_code].retired, f"{node.code} is orphaned under a retired parent"

    @invariant()
    def children_lists_hold_exactly_the_active_children(self) -> None:
        nodes = self.aggregates()
        tree = self.live.catch_up()
        for code, node in nodes.items():
            active = sorted(c for c, n in nodes.items() if n.parent_code == code and not n.retired)
            assert node.children == active
            assert [v.code for v in tree.children(code)] == active


TestGridTreeMachine = GridTreeMachine.TestCase
TestGridTreeMachine.settings = settings(max_examples=60, stateful_step_count=30, deadline=None, database=None)


# Time travel.


def run_random_commands(driver: GridDriver, data: st.DataObject, count: int) -> None:
    driver.seed()
    for _ in range(count):
        kind = data.draw(st.sampled_from(KINDS))
        code = driver.pick_node(data)
        if kind == "street":
            driver.create_street(data.draw(st.sampled_from(STREET_CODES)), data.draw(st.sampled_from(NAMES)))
        elif kind == "child":
            driver.add_child(code, data.draw(st.sampled_from(CHILD_CODES)), data.draw(st.sampled_from(NAMES)))
        elif kind == "rename":
            driver.rename(code, data.draw(st.sampled_from(NAMES)))
        elif kind == "move":
            driver.move(*driver.pick_move(data))
        elif kind == "retire":
            driver.retire(code)
        elif kind == "assign":
            driver.assign(code, data.draw(st.sampled_from(USERS)), data.draw(st.sampled_from(DUTIES)))
        else:
            driver.unassign(*driver.pick_unassignment(data))


def grid_events(app: GridGov) -> list[GridNode.Event]:
    return [
        app.mapper.to_domain_event(n) for n in app.recorder.select_notifications(0, 10_000) if n.topic in GRID_TOPICS
    ]


@settings(max_examples=60, deadline=None, database=None)
@given(data=st.data(), count=st.integers(0, 30))
def test_tree_as_of_a_time_holds_exactly_the_events_up_to_that_time(data: st.DataObject, count: int) -> None:
    driver = GridDriver()
    run_random_commands(driver, data, count)
    # On an event's minute (inclusive), just before it, or between two minutes.
    nudge = data.draw(st.sampled_from([timedelta(0), -timedelta(microseconds=1), timedelta(seconds=30)]))
    cut = START + STEP * data.draw(st.integers(-1, count + 8)) + nudge
    events = grid_events(driver.app)
    assert [e.timestamp for e in events] == sorted(e.timestamp for e in events)
    reference = GridTree()
    for fact in events:
        if fact.timestamp <= cut:
            apply_event(reference, fact)

    as_of = tree_as_of(driver.app, cut)

    assert views_of(as_of) == views_of(reference)
    for code in driver.codes:
        if code in reference:
            node = driver.app.node_as_of(code, cut)
            assert view_of(node) == reference.node(code)
            assert node.children == [v.code for v in reference.children(code)]
        else:
            with pytest.raises(NotFoundError):
                driver.app.node_as_of(code, cut)
