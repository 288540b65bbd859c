"""Value types of issues: urgency, whistle kinds, ratings, deadline stages."""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from domain.shared.errors import InvalidInputError

E = TypeVar("E", bound=StrEnum)


def parse(kind: type[E], value: str, field: str) -> E:
    try:
        return kind(value)
    except ValueError:
        names = ", ".join(m.value for m in kind)
        raise InvalidInputError(f"unknown {field} {value!r}: use one of {names}", field=field) from None


class Urgency(StrEnum):
    NORMAL = "normal"
    URGENT = "urgent"


class WhistleKind(StrEnum):
    """Sets the check-in deadline: an emergency must be answered in minutes (see docs/dispatch.md)."""

    ROUTINE = "routine"  # 常规吹哨
    HARD_CASE = "hard_case"  # 疑难吹哨
    EMERGENCY = "emergency"  # 应急吹哨


class Rating(StrEnum):
    """The street's rating of a department (街道评价)."""

    SATISFIED = "satisfied"  # 满意
    BASICALLY_SATISFIED = "basically_satisfied"  # 基本满意
    UNSATISFIED = "unsatisfied"  # 不满意


class Stage(StrEnum):
    """A timed stage; a deadline's key is the stage, plus the department for dispatch stages."""

    ACCEPT = "accept"  # register or decline the report
    HANDLE_IN_GRID = "handle_in_grid"
    CHECK_IN = "check_in"  # 报到
    HANDLE = "handle"  # 处置 and feed back
    VERIFY = "verify"  # 核查
