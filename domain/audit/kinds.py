"""How the audit trail names each kind of entity: one vocabulary for the domain, the trail and the API."""

from __future__ import annotations

from enum import StrEnum


class EntityKind(StrEnum):
    """The aggregate classes, spelled as the stored trail spells them (case matters: `Issue`, not `issue`).

    An event kind is `<EntityKind>.<Event>`, e.g. `Issue.Reported` or `GridNode.Moved`.
    """

    GRID_NODE = "GridNode"  # 网格
    ACCOUNT = "Account"  # 账号
    DEPARTMENT = "Department"  # 职能部门
    CATEGORY = "Category"  # 问题类别
    CALENDAR_SETTINGS = "CalendarSettings"  # 工作日历
    ISSUE = "Issue"  # 问题
    ACCESS_RECORD = "AccessRecord"  # 审计查询留痕
    ADMINISTRATORS = "Administrators"  # the roster that keeps one administrator at least
