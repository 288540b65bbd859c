"""Planning the import of a street's grid from a sheet, one row per building.

The plan is checked whole before anything is written: a file with one bad row imports nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from domain.grid.levels import Level, check_code, check_name
from domain.shared.errors import InvalidInputError

COLUMNS: tuple[str, ...] = (
    "street_code",
    "street_name",
    "community_code",
    "community_name",
    "compound_code",
    "compound_name",
    "building_code",
    "building_name",
)


@dataclass(frozen=True)
class SheetRow:
    """One building row, with the sheet line it came from (the header is line 1)."""

    line: int
    cells: dict[str, str]


@dataclass(frozen=True)
class ExistingNode:
    """What the store already holds under a code the sheet mentions."""

    name: str
    level: Level
    parent_code: str | None
    retired: bool


@dataclass(frozen=True)
class PlannedNode:
    code: str
    name: str
    level: Level
    parent_code: str | None


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    reason: str


@dataclass
class ImportPlan:
    """Nodes to create, parents first, or the errors that stop the import."""

    to_create: list[PlannedNode] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)


_LEVEL_COLUMNS = (
    (Level.STREET, "street"),
    (Level.COMMUNITY, "community"),
    (Level.COMPOUND, "compound"),
    (Level.BUILDING, "building"),
)


def plan_import(rows: Sequence[SheetRow], existing: Callable[[str], ExistingNode | None]) -> ImportPlan:
    """Checks every row against the others and against the store; returns what to create."""
    plan = ImportPlan()
    seen: dict[str, tuple[PlannedNode, int]] = {}
    buildings: dict[str, int] = {}
    if not rows:
        plan.errors.append(RowError(1, "", "the sheet has no building rows"))
    for row in rows:
        parsed = _parse_row(row, plan.errors)
        if parsed is None:
            continue
        for node, column in parsed:
            if node.level == Level.BUILDING:
                if node.code in buildings:
                    plan.errors.append(
                        RowError(
                            row.line,
                            column,
                            f"building {node.code} appears twice (also on line {buildings[node.code]})",
                        )
                    )
                    continue
                buildings[node.code] = row.line
            earlier = seen.get(node.code)
            if earlier is None:
                seen[node.code] = (node, row.line)
            elif earlier[0] != node:
                plan.errors.append(
                    RowError(
                        row.line,
                        column,
                        f"{node.code} disagrees with line {earlier[1]} (name, level or parent differ)",
                    )
                )
    for node, line in seen.values():
        _plan_node(node, line, existing, plan)
    if plan.errors:
        plan.to_create.clear()
    plan.to_create.sort(key=lambda n: (n.level, n.code))
    plan.errors.sort(key=lambda e: (e.line, e.column))
    return plan


def _parse_row(row: SheetRow, errors: list[RowError]) -> list[tuple[PlannedNode, str]] | None:
    parsed: list[tuple[PlannedNode, str]] = []
    parent: str | None = None
    ok = True
    for level, prefix in _LEVEL_COLUMNS:
        code_col, name_col = f"{prefix}_code", f"{prefix}_name"
        try:
            code = check_code(row.cells.get(code_col, "").strip(), code_col)
            name = check_name(row.cells.get(name_col, ""), name_col)
        except InvalidInputError as error:
            errors.append(RowError(row.line, error.field or code_col, error.message))
            ok = False
            continue
        parsed.append((PlannedNode(code, name, level, parent), code_col))
        parent = code
    return parsed if ok else None


def _plan_node(node: PlannedNode, line: int, existing: Callable[[str], ExistingNode | None], plan: ImportPlan) -> None:
    column = f"{node.level.label}_code"
    stored = existing(node.code)
    if stored is None:
        plan.to_create.append(node)
        return
    if stored.retired:
        reason = f"{node.code} exists but is retired"
    elif stored.level != node.level:
        reason = f"{node.code} exists as a {stored.level.label}, not a {node.level.label}"
    elif stored.parent_code != node.parent_code:
        reason = f"{node.code} exists under {stored.parent_code}, not under {node.parent_code}"
    elif stored.name != node.name:
        reason = f"{node.code} exists named {stored.name!r}, not {node.name!r}: rename it first"
    else:
        plan.unchanged += 1
        return
    plan.errors.append(RowError(line, column, reason))
