"""Readable lines for grid, account and catalogue facts (issue facts use the timeline's)."""

from __future__ import annotations

from typing import Any

from projections.timeline.summaries import TEMPLATES as ISSUE_TEMPLATES

TEMPLATES: dict[str, tuple[str, str]] = {
    "GridNode.Created": ("创建网格 {code} {name}", "created grid node {code} {name}"),
    "GridNode.Renamed": ("网格 {code} 更名为 {name}", "renamed {code} to {name}"),
    "GridNode.Moved": (
        "网格 {code} 从 {from_parent} 调整到 {to_parent}",
        "moved {code} from {from_parent} to {to_parent}",
    ),
    "GridNode.Retired": ("撤销网格 {code}", "retired {code}"),
    "GridNode.ChildAttached": ("{code} 下增加 {child_code}", "{child_code} attached under {code}"),
    "GridNode.ChildDetached": ("{code} 下移出 {child_code}", "{child_code} detached from {code}"),
    "GridNode.PersonAssigned": ("{username} 任 {code} 的 {duty}", "{username} assigned as {duty} of {code}"),
    "GridNode.PersonUnassigned": ("{username} 卸任 {code} 的 {duty}", "{username} unassigned as {duty} of {code}"),
    "Account.Opened": ("开通账号 {username}", "opened account {username}"),
    "Account.PasswordChanged": ("修改密码", "password changed"),
    "Account.RoleGranted": ("授予角色 {role} {scope}", "granted {role} {scope}"),
    "Account.RoleRevoked": ("撤销角色 {role} {scope}", "revoked {role} {scope}"),
    "Account.Closed": ("注销账号", "account closed"),
    "Department.Registered": ("登记部门 {code} {name}", "registered department {code} {name}"),
    "Department.RemitChanged": ("部门 {code} 职责调整", "department {code} remit changed"),
    "Category.Defined": ("定义问题类别 {code} {name}", "defined category {code} {name}"),
    "Category.LimitsChanged": ("类别 {code} 时限调整", "category {code} time limits changed"),
    "CalendarSettings.Configured": ("设置工作日历", "working calendar configured"),
    "CalendarSettings.Changed": ("调整工作日历", "working calendar changed"),
    "AccessRecord.Queried": ("审计查询 {what}", "audit query {what}"),
}


def summarise(qualified: str, fields: dict[str, Any]) -> tuple[str, str]:
    owner, _, name = qualified.partition(".")
    zh, en = TEMPLATES.get(qualified) or (ISSUE_TEMPLATES.get(name) if owner == "Issue" else None) or (name, name)
    safe = {k: ("" if v is None else v) for k, v in fields.items()}
    try:
        return zh.format(**safe), en.format(**safe)
    except (KeyError, IndexError):
        return qualified, qualified
