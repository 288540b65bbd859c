"""One vocabulary of entity kinds: every aggregate has exactly one, spelled as its class."""

from __future__ import annotations

from eventsourcing.domain import Aggregate

import domain.application  # noqa: F401  (imports every aggregate)
from domain.application_base import _KINDS
from domain.audit.kinds import EntityKind


def _aggregates() -> set[type[Aggregate]]:
    found, todo = set(), list(Aggregate.__subclasses__())
    while todo:
        cls = todo.pop()
        if cls.__module__.startswith("domain."):
            found.add(cls)
        todo.extend(cls.__subclasses__())
    return found


def test_every_aggregate_has_one_entity_kind_spelled_as_its_class() -> None:
    assert set(_KINDS) == set(EntityKind)
    assert {kind: cls.__name__ for kind, (cls, _) in _KINDS.items()} == {kind: kind.value for kind in EntityKind}
    assert {cls for cls, _ in _KINDS.values()} == _aggregates()
