"""Households change by facts (join, leave, head change, split) and duplicate records merge and unmerge,
with every earlier state still answerable, on each backend."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from domain.people.commands import DuplicatePersonError
from domain.shared.errors import IllegalTransitionError
from projections.people.queries import RegisterFilter, register_page
from tests.e2e.test_http_people import id_number
from tests.support.world import B1, World

WHO = {"actor": "worker1", "reason": "test"}


def _person(world: World, serial: str, name: str) -> str:
    person = world.services.app.register_person(
        name=name, id_number=id_number(serial), gender="female", building=B1, since=date(2019, 1, 1), **WHO
    )
    return str(person.id)


def test_a_household_is_formed_joined_headed_anew_and_split(world: World) -> None:
    app = world.services.app
    father, mother, son = (_person(world, s, n) for s, n in (("001", "李父"), ("002", "李母"), ("003", "李子")))
    home = app.form_household(head=_uuid(father), on=date(2019, 1, 1), **WHO)
    app.join_household(home.id, person=_uuid(mother), relation="spouse", on=date(2019, 1, 1), **WHO)
    app.join_household(home.id, person=_uuid(son), relation="child", on=date(2019, 1, 1), **WHO)
    app.change_head(home.id, person=_uuid(mother), former_relation="spouse", on=date(2024, 6, 1), **WHO)
    new = app.split_household(home.id, members=[_uuid(son)], head=_uuid(son), on=date(2025, 9, 1), **WHO)

    old = app.household(home.id)
    assert {m["person"]: m["relation"] for m in old.members_on(date(2020, 1, 1))} == {
        father: "head",
        mother: "spouse",
        son: "child",
    }
    assert {m["person"]: m["relation"] for m in old.members_on(date(2025, 1, 1))} == {
        father: "spouse",
        mother: "head",
        son: "child",
    }
    assert {m["person"] for m in old.members_on(date(2025, 10, 1))} == {father, mother}
    assert (new.head, new.split_from, new.current()) == (son, str(home.id), [son])


def test_two_records_of_one_person_merge_and_the_merge_can_be_undone(world: World) -> None:
    app = world.services.app
    kept, duplicate = _person(world, "010", "王芳"), _person(world, "011", "王 芳")
    app.merge_people(_uuid(duplicate), into=_uuid(kept), actor="office1", reason="同一人两条记录")
    world.services.runner.catch_up()
    today = date(2026, 3, 2)
    _, rows = register_page(world.services.engine, None, RegisterFilter(), on=today, limit=10, offset=0)
    assert [r["id"] for r in rows] == [kept]
    with pytest.raises(IllegalTransitionError):
        app.tag_person(_uuid(duplicate), tag="elderly_alone", on=today, **WHO)

    app.undo_merge(_uuid(duplicate), actor="office1", reason="核实为两人")
    world.services.runner.catch_up()
    _, rows = register_page(world.services.engine, None, RegisterFilter(), on=today, limit=10, offset=0)
    assert sorted(r["id"] for r in rows) == sorted([kept, duplicate])
    assert app.person(_uuid(kept)).absorbed == []


def test_an_erased_persons_number_may_be_registered_again(world: World) -> None:
    app = world.services.app
    first = _person(world, "020", "赵敏")
    with pytest.raises(DuplicatePersonError):
        _person(world, "020", "赵敏")
    app.erase_person(_uuid(first), actor="admin", reason="依申请删除")
    again = _person(world, "020", "赵敏")
    assert again != first
    assert app.personal_fields(app.person(_uuid(first))) is None


def _uuid(value: str) -> UUID:
    return UUID(value)
