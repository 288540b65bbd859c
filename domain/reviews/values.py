"""The vocabulary of joint qualification reviews (任职资格联审): states, verdicts, commands, posts."""

from __future__ import annotations

from enum import StrEnum


class ReviewStatus(StrEnum):
    IN_REVIEW = "in_review"  # 联审中: some reviewing units have not answered
    PASSED = "passed"  # 审查通过: every unit answered pass
    DISQUALIFIED = "disqualified"  # 不予通过: every unit answered, at least one failed


class Verdict(StrEnum):
    PASS = "pass"  # 通过
    FAIL = "fail"  # 不通过: disqualifies the candidate


class Post(StrEnum):
    """A post on a community's committee or its reserve pool (岗位)."""

    SECRETARY = "secretary"  # 党组织书记
    DIRECTOR = "director"  # 居委会主任
    MEMBER = "member"  # 两委委员
    RESERVE = "reserve"  # 书记后备人选 (后备库)


class ReviewCommand(StrEnum):
    START = "start_review"  # 发起联审
    ANSWER = "answer_review"  # 回复审查意见 (for one reviewing unit)
    READ = "read_review"


ANSWER_STAGE = "answer"  # the deadline key of a unit's answer is `answer:<unit>`
