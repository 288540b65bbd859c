"""The demo register: a few thousand residents in households, with tags, a few moves, a merge and an
erasure, registered through the real people commands (names and numbers are invented, the ID numbers
valid by GB 11643, on the invented area code 110101)."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

from domain.application import GridGov
from domain.grid.sheet import SheetRow
from domain.people.idcard import check_character
from domain.people.sheet import COLUMNS
from domain.people.values import Tag
from domain.shared.clock import ManualClock

ACTOR = "demo"
HOUSEHOLDS_PER_BUILDING = 1
_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
_GIVEN = "秀英桂兰玉珍凤华淑芳建国志强德明文杰海燕丽娟国庆红梅春生俊宇子涵雨欣浩然梓轩思彤佳怡一诺宇航晨阳"
# Tags a household's head may carry, with how often, so the register has something for every filter.
_TAGS = (
    (Tag.POVERTY_REGISTERED, 0.06),
    (Tag.UNSTABLE, 0.02),
    (Tag.MARGINAL, 0.02),
    (Tag.SUDDEN_HARDSHIP, 0.01),
    (Tag.PARTY_MEMBER, 0.12),
    (Tag.ELDERLY_ALONE, 0.03),
    (Tag.DISABLED, 0.02),
)


@dataclass(frozen=True)
class DemoHousehold:
    id: UUID
    head: UUID
    tags: frozenset[Tag]  # the head's
    building: str


def load_people(
    app: GridGov, clock: ManualClock, buildings: list[str], rng: random.Random, advance: Callable[[], None]
) -> tuple[int, list[DemoHousehold]]:
    """Registers the residents building by building (one transaction a building), then households,
    moves, a merge and an erasure; returns how many residents were registered, and the households."""
    serial = 0
    heads: list[tuple[UUID, list[UUID]]] = []
    tagged: dict[UUID, frozenset[Tag]] = {}
    for building in buildings:
        rows: list[SheetRow] = []
        families: list[list[str]] = []
        for _ in range(HOUSEHOLDS_PER_BUILDING):
            family: list[str] = []
            for member in range(rng.choice((1, 2, 2, 3, 3, 4))):
                serial += 1
                born = _birth(rng, head=member == 0)
                tags = ";".join(t.value for t, share in _TAGS if member == 0 and rng.random() < share)
                rows.append(_row(len(rows) + 2, serial, born, rng, building, tags))
                family.append(rows[-1].cells["id_number"])
            families.append(family)
        registered = app.import_register(rows, actor=ACTOR, reason="demo register: 户籍登记")
        advance()
        ids = {row.cells["id_number"]: person.id for row, person in zip(rows, registered, strict=True)}
        for row in rows:
            tagged[ids[row.cells["id_number"]]] = frozenset(Tag(t) for t in row.cells["tags"].split(";") if t)
        heads += [(ids[f[0]], [ids[n] for n in f[1:]]) for f in families]
    start = clock.now().date() - timedelta(days=400)
    households = []
    for head, members in heads:
        household = app.form_household(head=head, on=start, actor=ACTOR, reason="demo register: 立户")
        households.append(DemoHousehold(household.id, head, tagged[head], household.node))
        for kin in members:
            relation = rng.choice(("spouse", "child", "child", "parent"))
            app.join_household(household.id, person=kin, relation=relation, on=start, actor=ACTOR, reason="demo")
    _changes(app, clock, buildings, [h for h, _ in heads], rng)
    erased = heads[-1][0]
    return serial, [h for h in households if h.head != erased]


def _changes(app: GridGov, clock: ManualClock, buildings: list[str], heads: list[UUID], rng: random.Random) -> None:
    """A few moves (one recorded late and corrected), a duplicate merged, one person erased on request."""
    clock.advance(timedelta(days=2))
    today = clock.now().date()
    moved = rng.sample(heads, 5)
    for person in moved:
        app.move_person(
            person, building=rng.choice(buildings), on=today - timedelta(days=10), actor="wg001", reason="搬迁"
        )
    late = moved[0]
    app.correct_residence(
        late,
        was=today - timedelta(days=10),
        building=app.person(late).node,
        on=today - timedelta(days=12),
        actor="office1",
        reason="核实搬迁日期",
    )
    duplicate = app.register_person(
        name="王秀英",
        id_number=_number(999_001, date(1950, 5, 5)),
        gender="female",
        building=buildings[0],
        since=today - timedelta(days=30),
        actor="wg001",
        reason="重复登记",
    )
    app.merge_people(duplicate.id, into=heads[0], actor="office1", reason="同一人两条记录")
    app.erase_person(heads[-1], actor="admin", reason="本人申请删除个人信息 (PIPL)")


def _row(line: int, serial: int, born: date, rng: random.Random, building: str, tags: str) -> SheetRow:
    values = {
        "name": rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2)))),
        "id_number": _number(serial, born),
        "gender": rng.choice(("男", "女")),
        "phone": f"13{rng.randint(0, 9)}{rng.randint(10_000_000, 99_999_999)}",
        "building": building,
        "unit": str(rng.randint(1, 4)),
        "room": f"{rng.randint(1, 18)}0{rng.randint(1, 4)}",
        "since": (date(2005, 1, 1) + timedelta(days=rng.randint(0, 6000))).isoformat(),
        "tags": tags,
    }
    return SheetRow(line=line, cells={c: values[c] for c in COLUMNS})


def _birth(rng: random.Random, *, head: bool) -> date:
    return date(rng.randint(1938, 1985) if head else rng.randint(1950, 2015), rng.randint(1, 12), rng.randint(1, 28))


def _number(serial: int, born: date) -> str:
    """Unique by serial whatever the birth date: the thousands go into the (invented) area code."""
    first = f"1101{serial // 1000 % 100:02d}{born:%Y%m%d}{serial % 1000:03d}"
    return first + check_character(first)
