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
    PERSON = "Person"  # 居民
    HOUSEHOLD = "Household"  # 户
    IDENTITY_CLAIM = "IdentityClaim"  # who holds an ID number, by its keyed hash
    PAIRING = "Pairing"  # 帮扶 / 帮教 / 结对关系
    CASELOAD = "Caseload"  # a helper's running pairings (帮扶责任人名下结对)
    MONITORING_CASE = "MonitoringCase"  # 防返贫监测对象识别
    RECTIFICATION_CASE = "RectificationCase"  # 软弱涣散整顿 / 整治 case
    HOUSEHOLD_STANDARDS = "HouseholdStandards"  # 一超两不愁三保障三有 核查台账
    JOINT_REVIEW = "JointReview"  # 任职资格联审
    REVIEW_SLOT = "ReviewSlot"  # one review per person per round
    COMMUNITY_ROSTER = "CommunityRoster"  # 两委班子与后备库
    ORGANISATION_LIFE = "OrganisationLife"  # 组织生活台账
    API_CLIENT = "ApiClient"  # 接入系统 (an Open311 client system and its key)
