"""The vocabulary of pairings: kinds, subjects, logged activities. Used by domain, read side and API alike."""

from __future__ import annotations

from enum import StrEnum


class PairingKind(StrEnum):
    ASSISTANCE = "assistance"  # 帮扶: an official responsible for a (registered poor) household
    GUIDANCE = "guidance"  # 帮教: guidance of a person, e.g. a party member to be brought back (转化)
    PAIRING = "pairing"  # 结对: a cadre or party member paired with a person or household


class SubjectKind(StrEnum):
    PERSON = "person"  # 居民
    HOUSEHOLD = "household"  # 户


class ContactKind(StrEnum):
    """What a helper logs; the cadence policy says which of them count towards which obligation."""

    CONTACT = "contact"  # 联系: a call, a message, a chat in passing
    VISIT_TALK = "visit_talk"  # 走访谈话 / 谈心: a visit at home and a talk
    JOINT_ACTIVITY = "joint_activity"  # 共同参加党内生活 / 活动: an activity attended together


class PairingStatus(StrEnum):
    ACTIVE = "active"  # 帮扶中
    END_REQUESTED = "end_requested"  # 申请脱钩: waiting for the grid's approval, still running
    ENDED = "ended"  # 已脱钩


class PairingCommand(StrEnum):
    """Every command on a pairing; the value is the last segment of its HTTP route."""

    CREATE = "create"  # 建立结对
    LOG_CONTACT = "contacts"  # 记录联系 / 走访
    CHANGE_HELPER = "change-helper"  # 更换帮扶责任人
    REQUEST_END = "request-end"  # 申请脱钩
    APPROVE_END = "approve-end"  # 批准脱钩 (网格长 / 社区)
    DECLINE_END = "decline-end"  # 不予脱钩
    READ = "read"
