"""One readable line per issue fact, in Chinese and English, for timelines and audit views."""

from __future__ import annotations

from typing import Any

# Event class name -> (Chinese, English); {department} and other fields are filled from the event.
TEMPLATES: dict[str, tuple[str, str]] = {
    "Reported": ("上报问题", "reported"),
    "Confirmed": ("现场核实属实，立案", "checked on site and registered"),
    "Dismissed": ("现场核实，不予立案", "checked on site and dismissed"),
    "Accepted": ("立案", "registered"),
    "Declined": ("不予立案", "declined"),
    "HandlingStarted": ("网格自行处置", "handled in the grid"),
    "WhistleBlown": ("吹哨：{lead} 牵头", "whistle blown, {lead} leading"),
    "DepartmentCheckedIn": ("{department} 报到", "{department} checked in"),
    "ProgressRecorded": ("{department} 进展：{note}", "{department} progress: {note}"),
    "FeedbackGiven": ("{department} 反馈处置结果", "{department} fed back"),
    "DispatchReturned": ("{department} 退回", "{department} returned the dispatch"),
    "Redispatched": ("改派 {from_department} → {to_department}", "re-dispatched {from_department} → {to_department}"),
    "VerificationPassed": ("核查通过", "verified on site"),
    "VerificationFailed": ("核查未通过，返工", "verification failed: rework"),
    "Closed": ("结案", "closed"),
    "DepartmentRated": ("评价 {department}：{rating}", "rated {department}: {rating}"),
    "Reopened": ("重新办理", "reopened"),
    "ExtensionRequested": ("{department} 申请延期", "{department} asked for an extension"),
    "ExtensionGranted": ("批准 {department} 延期", "extension granted to {department}"),
    "Parked": ("挂账", "parked"),
    "Unparked": ("恢复办理", "back from parking"),
    "MergedInto": ("合并到 {target}", "merged into {target}"),
    "DuplicateAbsorbed": ("合并重复问题 {source}", "absorbed duplicate {source}"),
    "DuplicatesFlagged": ("疑似重复：{possible_duplicates}", "possible duplicates: {possible_duplicates}"),
    "DeadlineApproaching": ("{stage} 即将超期", "{stage} deadline approaching"),
    "DeadlineMissed": ("{stage} 已超期", "{stage} deadline missed"),
    "Escalated": ("上提：{from_node} → {to_node}", "escalated {from_node} → {to_node}"),
    "DepartmentReminded": ("催办 {department}", "{department} reminded"),
}


def summarise(event: Any) -> tuple[str, str]:
    name = type(event).__name__
    fields = {
        k: ("" if v is None else "、".join(map(str, v)) if isinstance(v, list) else v) for k, v in vars(event).items()
    }
    zh, en = TEMPLATES.get(name, (name, name))
    return zh.format(**fields), en.format(**fields)
