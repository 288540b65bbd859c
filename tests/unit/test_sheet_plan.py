"""Planning a sheet import: the whole sheet is checked before anything is written."""

from __future__ import annotations

from domain.grid.levels import Level
from domain.grid.sheet import COLUMNS, ExistingNode, PlannedNode, RowError, SheetRow, plan_import


def row(line: int, *cells: str) -> SheetRow:
    """A building row from its eight cells, in COLUMNS order."""
    assert len(cells) == len(COLUMNS)
    return SheetRow(line, dict(zip(COLUMNS, cells, strict=True)))


def building(line: int, community: str, compound: str, code: str, *, community_name: str = "") -> SheetRow:
    return row(
        line,
        "S1",
        "Jianguomen",
        community,
        community_name or f"Community {community}",
        compound,
        f"Compound {compound}",
        code,
        f"Building {code}",
    )


def nothing_exists(code: str) -> ExistingNode | None:
    return None


def test_good_rows_plan_every_new_node_parents_first() -> None:
    rows = [
        building(2, "C2", "K2", "B3"),
        building(3, "C1", "K1", "B2"),
        building(4, "C1", "K1", "B1"),
    ]

    plan = plan_import(rows, nothing_exists)

    assert plan.errors == []
    assert [(n.level, n.code, n.parent_code) for n in plan.to_create] == [
        (Level.STREET, "S1", None),
        (Level.COMMUNITY, "C1", "S1"),
        (Level.COMMUNITY, "C2", "S1"),
        (Level.COMPOUND, "K1", "C1"),
        (Level.COMPOUND, "K2", "C2"),
        (Level.BUILDING, "B1", "K1"),
        (Level.BUILDING, "B2", "K1"),
        (Level.BUILDING, "B3", "K2"),
    ]
    planned = [n.code for n in plan.to_create]
    for node in plan.to_create:
        if node.parent_code is not None:
            assert planned.index(node.parent_code) < planned.index(node.code)


def test_cells_are_trimmed_before_planning() -> None:
    rows = [row(2, " S1 ", " Jianguomen ", "C1", "Community", "K1", "Compound", "B1", "  Building 1")]

    plan = plan_import(rows, nothing_exists)

    assert plan.errors == []
    assert PlannedNode("S1", "Jianguomen", Level.STREET, None) in plan.to_create
    assert PlannedNode("B1", "Building 1", Level.BUILDING, "K1") in plan.to_create


def test_nodes_already_stored_as_in_the_sheet_are_counted_unchanged() -> None:
    stored = {
        "S1": ExistingNode("Jianguomen", Level.STREET, None, retired=False),
        "C1": ExistingNode("Community C1", Level.COMMUNITY, "S1", retired=False),
    }

    plan = plan_import([building(2, "C1", "K1", "B1")], stored.get)

    assert plan.errors == []
    assert plan.unchanged == 2
    assert [n.code for n in plan.to_create] == ["K1", "B1"]


def test_an_empty_sheet_is_an_error() -> None:
    plan = plan_import([], nothing_exists)

    assert [e.line for e in plan.errors] == [1]
    assert plan.to_create == []


def test_a_bad_code_is_reported_with_its_line_and_column() -> None:
    rows = [
        building(2, "C1", "K1", "B1"),
        row(3, "S1", "Jianguomen", "C1", "Community C1", "K 1", "Compound", "B2", "Building B2"),
    ]

    plan = plan_import(rows, nothing_exists)

    assert [(e.line, e.column) for e in plan.errors] == [(3, "compound_code")]
    assert "'K 1'" in plan.errors[0].reason
    assert plan.to_create == []


def test_an_empty_name_is_reported_with_its_line_and_column() -> None:
    rows = [
        building(2, "C1", "K1", "B1"),
        building(3, "C1", "K1", "B2"),
        row(4, "S1", "Jianguomen", "C1", "Community C1", "K1", "Compound K1", "B3", "   "),
    ]

    plan = plan_import(rows, nothing_exists)

    assert plan.errors == [RowError(4, "building_name", "name must not be empty")]
    assert plan.to_create == []


def test_every_bad_cell_of_a_row_is_reported() -> None:
    rows = [row(2, "", "Jianguomen", "C1", "", "K1", "Compound", "B1", "Building")]

    plan = plan_import(rows, nothing_exists)

    assert [(e.line, e.column) for e in plan.errors] == [(2, "community_name"), (2, "street_code")]


def test_a_building_appearing_twice_is_reported_with_both_lines() -> None:
    rows = [
        building(2, "C1", "K1", "B1"),
        building(3, "C1", "K1", "B2"),
        building(4, "C1", "K1", "B1"),
    ]

    plan = plan_import(rows, nothing_exists)

    assert len(plan.errors) == 1
    error = plan.errors[0]
    assert (error.line, error.column) == (4, "building_code")
    assert "B1" in error.reason
    assert "line 2" in error.reason
    assert plan.to_create == []


def test_rows_that_disagree_on_a_community_name_are_reported() -> None:
    rows = [
        building(2, "C1", "K1", "B1", community_name="Donghuamen"),
        building(3, "C1", "K1", "B2", community_name="Donghuamen"),
        building(4, "C1", "K1", "B3", community_name="Dong Hua Men"),
    ]

    plan = plan_import(rows, nothing_exists)

    assert [(e.line, e.column) for e in plan.errors] == [(4, "community_code")]
    assert "C1" in plan.errors[0].reason
    assert "line 2" in plan.errors[0].reason
    assert plan.to_create == []


def test_a_compound_placed_under_two_communities_is_reported() -> None:
    rows = [building(2, "C1", "K1", "B1"), building(3, "C2", "K1", "B2")]

    plan = plan_import(rows, nothing_exists)

    assert [(e.line, e.column) for e in plan.errors] == [(3, "compound_code")]
    assert plan.to_create == []


def test_a_compound_stored_under_another_community_is_reported() -> None:
    stored = {"K1": ExistingNode("Compound K1", Level.COMPOUND, "C9", retired=False)}

    plan = plan_import([building(2, "C1", "K1", "B1"), building(3, "C1", "K1", "B2")], stored.get)

    assert len(plan.errors) == 1
    error = plan.errors[0]
    assert (error.line, error.column) == (2, "compound_code")
    assert "under C9" in error.reason
    assert "not under C1" in error.reason
    assert plan.to_create == []


def test_a_code_stored_at_another_level_is_reported() -> None:
    stored = {"K1": ExistingNode("Compound K1", Level.BUILDING, "X1", retired=False)}

    plan = plan_import([building(2, "C1", "K1", "B1")], stored.get)

    assert [(e.line, e.column) for e in plan.errors] == [(2, "compound_code")]
    assert "as a building" in plan.errors[0].reason


def test_a_retired_node_in_the_sheet_is_reported() -> None:
    stored = {"C1": ExistingNode("Community C1", Level.COMMUNITY, "S1", retired=True)}

    plan = plan_import([building(2, "C1", "K1", "B1")], stored.get)

    assert [(e.line, e.column) for e in plan.errors] == [(2, "community_code")]
    assert "retired" in plan.errors[0].reason


def test_a_stored_node_with_another_name_is_reported() -> None:
    stored = {"S1": ExistingNode("Old name", Level.STREET, None, retired=False)}

    plan = plan_import([building(2, "C1", "K1", "B1")], stored.get)

    assert [(e.line, e.column) for e in plan.errors] == [(2, "street_code")]
    assert "rename it first" in plan.errors[0].reason


def test_errors_are_sorted_by_line_and_any_error_plans_nothing() -> None:
    rows = [
        building(2, "C1", "K1", "B1"),
        building(3, "C1", "K1", "B2"),
        row(4, "S1", "Jianguomen", "C1", "Community C1", "K1", "Compound K1", "B-", ""),
        building(5, "C1", "K1", "B1"),
    ]

    plan = plan_import(rows, nothing_exists)

    assert [(e.line, e.column) for e in plan.errors] == [(4, "building_name"), (5, "building_code")]
    assert plan.to_create == []
    assert plan.unchanged == 0
