"""The household checklist 一超两不愁三保障三有, as data: items, groups, kinds of check, the rules.

Source: the 2020 township plan (DOMAIN.md, "Household and village standards"). Two items carry a
measured figure and are judged by it as well as by the checker's status: income (yuan per person
per year, above the national line of the year) and medical care (in-county out-of-pocket share, in
percent, at most 10).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from domain.standards.lines import line_for


class Item(StrEnum):
    INCOME = "income"  # 一超: per-person net income above the national line
    FOOD = "food"  # 不愁吃
    CLOTHING = "clothing"  # 不愁穿
    HOUSING = "housing"  # 住房安全有保障
    MEDICAL = "medical"  # 基本医疗有保障: in-county out-of-pocket ≤ 10%
    EDUCATION = "education"  # 义务教育有保障: no drop-out
    WATER = "water"  # 有安全饮用水
    ELECTRICITY = "electricity"  # 有生活用电
    RADIO_TV = "radio_tv"  # 有广播电视


class Group(StrEnum):
    ONE_ABOVE = "one_above"  # 一超
    TWO_NO_WORRIES = "two_no_worries"  # 两不愁
    THREE_GUARANTEES = "three_guarantees"  # 三保障
    THREE_HAVES = "three_haves"  # 三有


GROUPS: dict[Group, tuple[Item, ...]] = {
    Group.ONE_ABOVE: (Item.INCOME,),
    Group.TWO_NO_WORRIES: (Item.FOOD, Item.CLOTHING),
    Group.THREE_GUARANTEES: (Item.HOUSING, Item.MEDICAL, Item.EDUCATION),
    Group.THREE_HAVES: (Item.WATER, Item.ELECTRICITY, Item.RADIO_TV),
}


class ItemStatus(StrEnum):
    MET = "met"  # 达标
    NOT_MET = "not_met"  # 未达标


class Judgement(StrEnum):
    """An item in a household's standing on a date."""

    MET = "met"
    NOT_MET = "not_met"
    UNCHECKED = "unchecked"  # no check dated on or before that date


class CheckKind(StrEnum):
    """Why a check was made: a regular check, or one of the re-checks after leaving poverty."""

    REGULAR = "regular"  # 常规核查
    LOOK_BACK = "look_back"  # 回头看
    HELP_BACK = "help_back"  # 回头帮
    CHECK_BACK = "check_back"  # 回头查: 应纳尽纳、应退则退


MEDICAL_MAX_SHARE = 10.0  # in-county out-of-pocket medical cost, percent (DOMAIN.md targets: ≤ 10%)


def _income(measure: float, year: int) -> bool:
    return measure > line_for(year).national


def _medical(measure: float, year: int) -> bool:
    return measure <= MEDICAL_MAX_SHARE


# Items judged by a figure as well: the rule, and what the figure is (for errors and the docs).
MEASURED: dict[Item, tuple[Callable[[float, int], bool], str]] = {
    Item.INCOME: (_income, "per-person net income in yuan a year"),
    Item.MEDICAL: (_medical, "in-county out-of-pocket share of medical cost, in percent (0-100)"),
}


def judge(item: Item, status: ItemStatus, measure: float | None, year: int) -> Judgement:
    """An item is met when the checker found it met and, for a measured item, its figure passes
    the rule of `year` (the year of the date the standing is asked for)."""
    if status is not ItemStatus.MET:
        return Judgement.NOT_MET
    rule = MEASURED.get(item)
    if rule is not None and (measure is None or not rule[0](measure, year)):
        return Judgement.NOT_MET
    return Judgement.MET
