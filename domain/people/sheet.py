"""Importing an existing register from a sheet: every row checked first, all rows or none.

Columns (Chinese headers accepted, see `api/adapters/sheets.py`): name, id_number, gender (male/
female or 男/女), phone, building (a grid code), unit, room, since (YYYY-MM-DD), tags (codes
separated by ; each holding from `since`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from domain.grid.sheet import RowError, SheetRow
from domain.people.idcard import validated
from domain.people.values import Gender, Tag
from domain.shared.errors import DomainError

COLUMNS = ("name", "id_number", "gender", "phone", "building", "unit", "room", "since", "tags")
OPTIONAL = ("phone", "unit", "room", "tags")
_GENDERS = {"男": Gender.MALE, "女": Gender.FEMALE, "male": Gender.MALE, "female": Gender.FEMALE}


@dataclass(frozen=True)
class Resident:
    line: int
    name: str
    id_number: str
    gender: Gender
    phone: str
    building: str
    unit: str
    room: str
    since: date
    tags: list[Tag]


@dataclass
class RegisterPlan:
    residents: list[Resident] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def plan_register(
    rows: list[SheetRow], *, building_ok: Callable[[str], str | None], registered: Callable[[str], bool]
) -> RegisterPlan:
    """Every row checked; `building_ok` says why a building code will not do (None: it will), and
    `registered` whether a number is in the register already."""
    plan = RegisterPlan()
    seen: dict[str, int] = {}
    for row in rows:
        errors = len(plan.errors)

        def bad(column: str, reason: str, line: int = row.line) -> None:
            plan.errors.append(RowError(line, column, reason))

        cells = row.cells
        if not cells["name"]:
            bad("name", "give the person's name")
        number = ""
        try:
            number = validated(cells["id_number"])
        except DomainError as error:
            bad("id_number", error.message)
        if number and number in seen:
            bad("id_number", f"the same ID number is on line {seen[number]}")
        elif number and registered(number):
            bad("id_number", "this ID number is registered already")
        seen.setdefault(number, row.line)
        gender = _GENDERS.get(cells["gender"].lower())
        if gender is None:
            bad("gender", "男 or 女 (male or female)")
        problem = building_ok(cells["building"])
        if problem:
            bad("building", problem)
        since = None
        try:
            since = date.fromisoformat(cells["since"])
        except ValueError:
            bad("since", "a date such as 2020-05-01")
        tags = []
        for code in filter(None, (c.strip() for c in cells["tags"].split(";"))):
            try:
                tags.append(Tag(code))
            except ValueError:
                bad("tags", f"unknown tag {code!r}: use {', '.join(t.value for t in Tag)}")
        if len(plan.errors) == errors and gender is not None and since is not None:
            plan.residents.append(
                Resident(
                    row.line,
                    cells["name"],
                    number,
                    gender,
                    cells["phone"],
                    cells["building"],
                    cells["unit"],
                    cells["room"],
                    since,
                    tags,
                )
            )
    return plan
