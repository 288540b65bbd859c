"""The Chinese names a clerk reads on screen for each code of the domain's vocabulary.

The codes stay the domain's enums (what the API sends and OpenAPI lists); this is only how the
console shows them, with the code itself a toggle away for English readers.
"""

from __future__ import annotations

from enum import StrEnum

from domain.accounts.roles import Role
from domain.audit.kinds import EntityKind
from domain.calendar.working import TimeUnit
from domain.grid.duties import Duty
from domain.issues.buckets import Bucket
from domain.issues.dispatch import DispatchStatus
from domain.issues.status import Command, Status
from domain.issues.values import Rating, Urgency, WhistleKind
from domain.people.values import Gender, Relation, Sensitive, Tag
from domain.rectification.status import RectificationCommand
from domain.rectification.values import ItemFlag, ItemState, TargetKind

ZH: dict[StrEnum, str] = {
    Role.ADMIN: "管理员",
    Role.OFFICE: "街道/社区",
    Role.GRID_LEADER: "网格长",
    Role.GRID_WORKER: "网格员",
    Role.DEPARTMENT: "职能部门",
    Role.AUDITOR: "审计",
    Status.CITIZEN: "待核实",
    Status.REPORTED: "已上报",
    Status.DECLINED: "不予立案",
    Status.REGISTERED: "已立案",
    Status.HANDLING: "自行处置",
    Status.DISPATCHED: "已吹哨",
    Status.AWAITING_VERIFICATION: "待核查",
    Status.VERIFIED: "核查通过",
    Status.CLOSED: "已结案",
    Status.PARKED: "挂账",
    Status.MERGED: "已合并",
    Command.REPORT: "上报",
    Command.CONFIRM: "核实属实",
    Command.DISMISS: "核实不属实",
    Command.ACCEPT: "立案",
    Command.DECLINE: "不予立案",
    Command.HANDLE: "自行处置",
    Command.GRID_FEEDBACK: "处置完毕",
    Command.WHISTLE: "吹哨",
    Command.CHECK_IN: "报到",
    Command.PROGRESS: "进展",
    Command.FEEDBACK: "反馈",
    Command.RETURN: "退回",
    Command.REDISPATCH: "改派",
    Command.VERIFY: "核查",
    Command.CLOSE: "结案",
    Command.RATE: "评价",
    Command.REOPEN: "重新打开",
    Command.REQUEST_EXTENSION: "申请延期",
    Command.GRANT_EXTENSION: "批准延期",
    Command.PARK: "挂账",
    Command.UNPARK: "恢复",
    Command.MERGE: "合并",
    Bucket.OVERDUE: "超期",
    Bucket.TO_CHECK_IN: "待报到",
    Bucket.IN_PROGRESS: "处置中",
    Bucket.RETURNED: "已退回",
    Bucket.AWAITING_VERIFICATION: "待核查",
    DispatchStatus.ASSIGNED: "待报到",
    DispatchStatus.CHECKED_IN: "已报到",
    DispatchStatus.FED_BACK: "已反馈",
    DispatchStatus.RETURNED: "已退回",
    DispatchStatus.WITHDRAWN: "已撤回",
    Urgency.NORMAL: "一般",
    Urgency.URGENT: "紧急",
    WhistleKind.ROUTINE: "常规吹哨",
    WhistleKind.HARD_CASE: "疑难吹哨",
    WhistleKind.EMERGENCY: "应急吹哨",
    Rating.SATISFIED: "满意",
    Rating.BASICALLY_SATISFIED: "基本满意",
    Rating.UNSATISFIED: "不满意",
    EntityKind.GRID_NODE: "网格",
    EntityKind.ACCOUNT: "账号",
    EntityKind.DEPARTMENT: "职能部门",
    EntityKind.CATEGORY: "问题类别",
    EntityKind.CALENDAR_SETTINGS: "工作日历",
    EntityKind.ISSUE: "问题",
    EntityKind.ACCESS_RECORD: "审计查询留痕",
    EntityKind.ADMINISTRATORS: "管理员名册",
    EntityKind.PERSON: "居民",
    EntityKind.HOUSEHOLD: "户",
    EntityKind.IDENTITY_CLAIM: "身份登记",
    EntityKind.PAIRING: "结对关系",
    EntityKind.CASELOAD: "帮扶名下结对",
    EntityKind.MONITORING_CASE: "防返贫监测",
    EntityKind.RECTIFICATION_CASE: "整顿整治",
    EntityKind.HOUSEHOLD_STANDARDS: "核查台账",
    EntityKind.JOINT_REVIEW: "任职资格联审",
    EntityKind.REVIEW_SLOT: "联审名额",
    EntityKind.COMMUNITY_ROSTER: "两委班子",
    EntityKind.ORGANISATION_LIFE: "组织生活",
    EntityKind.API_CLIENT: "接入系统",
    TimeUnit.WORKING_HOURS: "工作小时",
    TimeUnit.WORKING_DAYS: "工作日",
    TimeUnit.CALENDAR_HOURS: "自然小时",
    TimeUnit.CALENDAR_MINUTES: "自然分钟",
    Duty.LEADER: "网格长",
    Duty.WORKER: "网格员",
    Gender.FEMALE: "女",
    Gender.MALE: "男",
    Relation.HEAD: "户主",
    Relation.SPOUSE: "配偶",
    Relation.CHILD: "子女",
    Relation.PARENT: "父母",
    Relation.GRANDCHILD: "孙子女",
    Relation.SIBLING: "兄弟姐妹",
    Relation.OTHER: "其他",
    Tag.PARTY_MEMBER: "党员",
    Tag.POVERTY_REGISTERED: "脱贫户",
    Tag.UNSTABLE: "脱贫不稳定户",
    Tag.MARGINAL: "边缘易致贫户",
    Tag.SUDDEN_HARDSHIP: "突发严重困难户",
    Tag.ELDERLY_ALONE: "独居老人",
    Tag.DISABLED: "残疾人",
    Tag.NO_LABOUR_CAPACITY: "无劳动能力",
    Tag.VETERAN: "退役军人",
    Tag.LOW_INCOME: "低保",
    Sensitive.NAME: "姓名",
    Sensitive.ID_NUMBER: "身份证号",
    Sensitive.PHONE: "电话",
    Sensitive.BIRTH_DATE: "出生日期",
    Sensitive.HEALTH: "健康状况",
    Sensitive.RELIGION: "宗教信仰",
    Sensitive.CRIMINAL_RECORD: "违法犯罪记录",
    Sensitive.BANK_ACCOUNT: "银行账户",
    Sensitive.ADDRESS: "单元和房号",
    # Rectification (整治). CaseStage is named in api/console/rectification_view.py: its "in_progress"
    # and "closed" equal Bucket.IN_PROGRESS and Status.CLOSED, one key here with another name.
    RectificationCommand.IDENTIFY: "认定",
    RectificationCommand.APPROVE_PLAN: "审定整改方案",
    RectificationCommand.START_WORK: "开始整改",
    RectificationCommand.SUBMIT_SELF_EVALUATION: "提交自评",
    RectificationCommand.CONCLUDE_SELF_EVALUATION: "自评结论",
    RectificationCommand.CONCLUDE_PRELIMINARY_ACCEPTANCE: "初验结论",
    RectificationCommand.CONCLUDE_ASSESSMENT_ACCEPTANCE: "评估验收结论",
    RectificationCommand.ADD_ITEM: "列入台账",
    RectificationCommand.RECORD_PROGRESS: "记录进展",
    RectificationCommand.SUBMIT_EVIDENCE: "申请销号",
    RectificationCommand.APPROVE_CLOSE_OFF: "审核销号",
    RectificationCommand.REOPEN_ITEM: "重新整改",
    RectificationCommand.RECORD_SCORE: "验收评分",
    RectificationCommand.RECORD_VOTES: "民主测评",
    RectificationCommand.PUBLISH_NOTICE: "发布通报",
    RectificationCommand.GIVE_FEEDBACK: "反馈意见",
    RectificationCommand.REINSPECT: "回头看",
    RectificationCommand.READ: "查阅",
    ItemState.OPEN: "整改中",
    ItemState.EVIDENCE_SUBMITTED: "待审核销号",
    ItemState.CLOSED_OFF: "已销号",
    ItemFlag.RED: "红灯",
    ItemFlag.AMBER: "黄灯",
    ItemFlag.GREEN: "绿灯",
    TargetKind.GRID_NODE: "基层组织（网格）",
    TargetKind.ISSUE_ROOT_CAUSE: "问题根源",
    TargetKind.MISSED_INDICATOR: "未达标指标",
    TargetKind.REINSPECTION_FINDING: "回头看发现",
}
_BY_CODE: dict[str, str] = {}
for _term, _name in ZH.items():
    _BY_CODE.setdefault(str(_term), _name)


def chinese(code: object) -> str:
    """The Chinese name of a code; a code the table lacks shows as itself."""
    if isinstance(code, StrEnum) and code in ZH:
        return ZH[code]
    return _BY_CODE.get(str(code), str(code))
