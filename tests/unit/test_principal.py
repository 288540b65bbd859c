"""Who may read and write which part of the grid."""

from __future__ import annotations

import pytest

from domain.accounts.principal import Principal
from domain.accounts.roles import Grant, Role
from domain.grid.levels import Level
from domain.grid.tree import GridTree
from domain.shared.errors import ForbiddenError

#   S1 ── C1 ─┬─ KA ── A1, A2
#             └─ KB ── B1
#   S2 ── C2 ──── KC ── X1
EVERY_NODE = ("S1", "C1", "KA", "A1", "A2", "KB", "B1", "S2", "C2", "KC", "X1")


@pytest.fixture
def tree() -> GridTree:
    tree = GridTree()
    tree.add("S1", "Street 1", Level.STREET, None)
    tree.add("C1", "Community 1", Level.COMMUNITY, "S1")
    tree.add("KA", "Compound A", Level.COMPOUND, "C1")
    tree.add("KB", "Compound B", Level.COMPOUND, "C1")
    tree.add("A1", "Building A1", Level.BUILDING, "KA")
    tree.add("A2", "Building A2", Level.BUILDING, "KA")
    tree.add("B1", "Building B1", Level.BUILDING, "KB")
    tree.add("S2", "Street 2", Level.STREET, None)
    tree.add("C2", "Community 2", Level.COMMUNITY, "S2")
    tree.add("KC", "Compound C", Level.COMPOUND, "C2")
    tree.add("X1", "Building X1", Level.BUILDING, "KC")
    return tree


def principal(*grants: Grant) -> Principal:
    return Principal(username="someone", display_name="Someone", grants=grants)


WORKER_A = principal(Grant(Role.GRID_WORKER, "KA"))
OFFICE_C1 = principal(Grant(Role.OFFICE, "C1"))
ADMIN = principal(Grant(Role.ADMIN))
AUDITOR = principal(Grant(Role.AUDITOR))
DEPARTMENT = principal(Grant(Role.DEPARTMENT, "water"))


@pytest.mark.parametrize("code", ["KA", "A1", "A2"])
def test_a_worker_reads_the_subtree_of_their_compound(tree: GridTree, code: str) -> None:
    assert WORKER_A.can_read_subtree(tree, code)
    assert WORKER_A.can_read_node(tree, code)


@pytest.mark.parametrize("code", ["C1", "S1"])
def test_a_worker_reads_the_nodes_above_their_compound_but_not_their_subtrees(tree: GridTree, code: str) -> None:
    assert WORKER_A.can_read_node(tree, code)
    assert not WORKER_A.can_read_subtree(tree, code)


@pytest.mark.parametrize("code", ["KB", "B1", "S2", "C2", "KC", "X1"])
def test_a_worker_cannot_read_a_sibling_compound_or_another_street(tree: GridTree, code: str) -> None:
    assert not WORKER_A.can_read_node(tree, code)
    assert not WORKER_A.can_read_subtree(tree, code)


def test_a_worker_scope_follows_their_compound_when_it_moves(tree: GridTree) -> None:
    tree.move("KA", "C2")

    assert WORKER_A.can_read_node(tree, "S2")
    assert not WORKER_A.can_read_node(tree, "S1")
    assert WORKER_A.can_read_subtree(tree, "A1")


def test_a_grant_on_an_unknown_node_reads_nothing(tree: GridTree) -> None:
    stray = principal(Grant(Role.GRID_LEADER, "GONE"))

    assert not any(stray.can_read_node(tree, code) for code in EVERY_NODE)


@pytest.mark.parametrize("who", [ADMIN, AUDITOR], ids=["admin", "auditor"])
def test_admins_and_auditors_read_everything(tree: GridTree, who: Principal) -> None:
    assert all(who.can_read_node(tree, code) and who.can_read_subtree(tree, code) for code in EVERY_NODE)
    assert all(who.sees_personal_data(tree, code) for code in EVERY_NODE)


def test_department_staff_read_every_node(tree: GridTree) -> None:
    assert all(DEPARTMENT.can_read_node(tree, code) for code in EVERY_NODE)


def test_department_staff_and_grid_staff_do_not_see_personal_data(tree: GridTree) -> None:
    for who in (DEPARTMENT, WORKER_A, principal(Grant(Role.GRID_LEADER, "C1"))):
        assert not any(who.sees_personal_data(tree, code) for code in EVERY_NODE)


def test_the_office_sees_personal_data_only_inside_its_scope(tree: GridTree) -> None:
    inside = {"C1", "KA", "A1", "A2", "KB", "B1"}

    seen = {code for code in EVERY_NODE if OFFICE_C1.sees_personal_data(tree, code)}

    assert seen == inside


def may_write(who: Principal, tree: GridTree, code: str, *roles: Role) -> bool:
    try:
        who.require_grid_write(tree, code, "report an issue", *roles)
    except ForbiddenError as refused:
        assert refused.message == f"{who.username} may not report an issue"
        return False
    return True


@pytest.mark.parametrize(
    ("code", "allowed"),
    [("KA", True), ("A1", True), ("A2", True), ("KB", False), ("B1", False), ("C1", False), ("X1", False)],
)
def test_a_worker_writes_only_inside_their_scope(tree: GridTree, code: str, allowed: bool) -> None:
    assert may_write(WORKER_A, tree, code, Role.GRID_WORKER) is allowed


def test_a_worker_is_forbidden_to_write_where_only_other_roles_may(tree: GridTree) -> None:
    assert not may_write(WORKER_A, tree, "A1", Role.OFFICE, Role.GRID_LEADER)


def test_an_auditor_is_forbidden_to_write_anywhere(tree: GridTree) -> None:
    assert not any(may_write(AUDITOR, tree, code, *Role) for code in EVERY_NODE)


def test_an_admin_writes_anywhere_without_a_scoped_role(tree: GridTree) -> None:
    assert all(may_write(ADMIN, tree, code) for code in EVERY_NODE)
