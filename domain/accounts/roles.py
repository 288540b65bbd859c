"""Roles and their scopes: a grid subtree, a department, or everything."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from domain.shared.errors import InvalidInputError


class Role(StrEnum):
    ADMIN = "admin"  # 管理员: grid tree, departments, accounts
    OFFICE = "office"  # 街道 / 社区 staff, scoped to a grid subtree
    GRID_LEADER = "grid_leader"  # 网格长, scoped to a grid subtree
    GRID_WORKER = "grid_worker"  # 网格员, scoped to a grid subtree
    DEPARTMENT = "department"  # 职能部门 staff, scoped to one department
    AUDITOR = "auditor"  # 审计 / 纪检: reads everything, changes nothing

    @property
    def scope_kind(self) -> str | None:
        """What the scope names: 'grid' (a node code), 'department' (a code) or None."""
        if self in (Role.OFFICE, Role.GRID_LEADER, Role.GRID_WORKER):
            return "grid"
        if self is Role.DEPARTMENT:
            return "department"
        return None

    @classmethod
    def parse(cls, value: str) -> Role:
        try:
            return cls(value)
        except ValueError:
            names = ", ".join(r.value for r in cls)
            raise InvalidInputError(f"unknown role {value!r}: use one of {names}", field="role") from None


@dataclass(frozen=True, order=True)
class Grant:
    """One role on one scope ('' for roles that are not scoped)."""

    role: Role
    scope: str = ""

    @classmethod
    def of(cls, role: str, scope: str | None) -> Grant:
        parsed = Role.parse(role)
        scope = (scope or "").strip()
        if parsed.scope_kind is None and scope:
            raise InvalidInputError(f"role {parsed} takes no scope", field="scope")
        if parsed.scope_kind is not None and not scope:
            raise InvalidInputError(f"role {parsed} needs a scope: a {parsed.scope_kind} code", field="scope")
        return cls(parsed, scope)
