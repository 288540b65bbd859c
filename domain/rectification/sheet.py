"""Versioned score sheets (验收评分表): areas, each with items worth points. A sheet never changes once
used: a new standard is a new version, and a case scored under an old version is re-scored under it.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.shared.errors import InvalidInputError


@dataclass(frozen=True)
class SheetItem:
    code: str
    name: str
    points: int  # the most an item can score


@dataclass(frozen=True)
class Area:
    name: str
    items: tuple[SheetItem, ...]


@dataclass(frozen=True)
class ScoreSheet:
    version: int
    areas: tuple[Area, ...]

    @property
    def items(self) -> dict[str, SheetItem]:
        return {item.code: item for area in self.areas for item in area.items}

    @property
    def total_points(self) -> int:
        return sum(item.points for item in self.items.values())

    def score(self, points: dict[str, int]) -> int:
        """The total of `points` (item code → points given), each item within its maximum, every item scored."""
        items = self.items
        unknown = sorted(set(points) - set(items))
        if unknown:
            raise InvalidInputError(
                f"sheet version {self.version} has no item {', '.join(unknown)}; its items: {', '.join(items)}",
                field="points",
            )
        missing = sorted(set(items) - set(points))
        if missing:
            raise InvalidInputError(f"score every item of the sheet: missing {', '.join(missing)}", field="points")
        for code, given in points.items():
            if not 0 <= given <= items[code].points:
                raise InvalidInputError(f"{code} scores 0 … {items[code].points}, not {given}", field="points")
        return sum(points.values())


def _sheet(version: int, areas: dict[str, list[tuple[str, str, int]]]) -> ScoreSheet:
    return ScoreSheet(
        version, tuple(Area(name, tuple(SheetItem(*item) for item in items)) for name, items in areas.items())
    )


DEFAULT_SHEETS: dict[int, ScoreSheet] = {
    1: _sheet(
        1,
        {
            "班子建设 (leadership)": [("leadership", "班子配备齐全、书记履职", 30)],
            "组织生活 (organisation life)": [("party_life", "三会一课、主题党日落实", 20)],
            "问题整改 (rectification)": [("ledger", "台账问题全部销号", 30)],
            "群众满意 (residents)": [("satisfaction", "群众满意度", 20)],
        },
    ),
}
