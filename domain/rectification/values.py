"""The vocabulary of rectification (整治 / 整顿): what a case targets, how a ledger item stands."""

from __future__ import annotations

from enum import StrEnum


class TargetKind(StrEnum):
    """What a case is about: a grid node, a department, or a problem found elsewhere."""

    GRID_NODE = "grid_node"  # a community's party branch, a compound … (by its grid code)
    DEPARTMENT = "department"  # a functional department (by its code)
    ISSUE_ROOT_CAUSE = "issue_root_cause"  # an issue's root cause (by the issue's id)
    MISSED_INDICATOR = "missed_indicator"  # a target indicator that missed (by the indicator's name)
    REINSPECTION_FINDING = "reinspection_finding"  # a 回头看 finding (by the earlier case's id)


class ItemFlag(StrEnum):
    """A ledger item's light, derived from its deadline on a given day (红黄绿灯)."""

    GREEN = "green"  # closed off, or the deadline is not yet near
    AMBER = "amber"  # open, and the deadline falls within the policy's warning days
    RED = "red"  # open, and the deadline has passed


class ItemState(StrEnum):
    OPEN = "open"  # being rectified
    EVIDENCE_SUBMITTED = "evidence_submitted"  # the owner submitted before/after evidence; the reviewer decides
    CLOSED_OFF = "closed_off"  # 销号: the reviewer approved
