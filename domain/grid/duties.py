"""The duties a person holds on a grid node (网格长 leader, 网格员 worker)."""

from __future__ import annotations

from enum import StrEnum

from domain.shared.errors import InvalidInputError


class Duty(StrEnum):
    LEADER = "leader"  # 网格长
    WORKER = "worker"  # 网格员

    @classmethod
    def parse(cls, value: str) -> Duty:
        try:
            return cls(value)
        except ValueError:
            raise InvalidInputError(f"unknown duty {value!r}: use leader or worker", field="duty") from None
