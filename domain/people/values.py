"""The vocabulary of the register: genders, household relations, tags, sealed fields."""

from __future__ import annotations

from enum import StrEnum


class Gender(StrEnum):
    FEMALE = "female"
    MALE = "male"


class Relation(StrEnum):
    """A member's relation to the household head (与户主关系)."""

    HEAD = "head"  # 户主
    SPOUSE = "spouse"  # 配偶
    CHILD = "child"  # 子女
    PARENT = "parent"  # 父母
    GRANDCHILD = "grandchild"  # 孙子女
    SIBLING = "sibling"  # 兄弟姐妹
    OTHER = "other"  # 其他


class Tag(StrEnum):
    """Facts about a person that hold from a date to a date (标签). New kinds are added here, as data."""

    PARTY_MEMBER = "party_member"  # 党员 (details: the branch)
    POVERTY_REGISTERED = "poverty_registered"  # 脱贫户 (registered poor household, now out of poverty)
    UNSTABLE = "unstable"  # 脱贫不稳定户 (monitored)
    MARGINAL = "marginal"  # 边缘易致贫户 (monitored)
    SUDDEN_HARDSHIP = "sudden_hardship"  # 突发严重困难户 (monitored)
    ELDERLY_ALONE = "elderly_alone"  # 独居老人
    DISABLED = "disabled"  # 残疾人
    NO_LABOUR_CAPACITY = "no_labour_capacity"  # 无劳动能力
    VETERAN = "veteran"  # 退役军人
    LOW_INCOME = "low_income"  # 低保


MONITORED = frozenset({Tag.UNSTABLE, Tag.MARGINAL, Tag.SUDDEN_HARDSHIP})


class Sensitive(StrEnum):
    """The sealed fields of a person: never in the log in clear, each revealed only with a reason."""

    NAME = "name"
    ID_NUMBER = "id_number"
    PHONE = "phone"
    BIRTH_DATE = "birth_date"
    HEALTH = "health"
    RELIGION = "religion"
    CRIMINAL_RECORD = "criminal_record"
    BANK_ACCOUNT = "bank_account"
    ADDRESS = "address"  # unit and room, beside the building code that stays in clear for scoping
