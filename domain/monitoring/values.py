"""The vocabulary of relapse monitoring (防返贫动态监测): where a clue comes from, whom it concerns."""

from __future__ import annotations

from enum import StrEnum


class ClueSource(StrEnum):
    """Where a risk clue came from (county procedures: four intake channels)."""

    GRID_WORKER = "grid_worker"  # 网格员排查
    APPLICATION = "application"  # 农户自主申报 (signed, with consent to query assets; also by app)
    DEPARTMENT_DATA = "department_data"  # 部门筛查预警 (civil affairs, health insurance, …)
    HOTLINE_12317 = "hotline_12317"  # 12317 防返贫监测和帮扶热线


class MonitoredCategory(StrEnum):
    """The three monitored categories of national guidance."""

    UNSTABLE = "unstable"  # 脱贫不稳定户
    MARGINAL = "marginal"  # 边缘易致贫户
    SUDDEN_HARDSHIP = "sudden_hardship"  # 突发严重困难户


class Stage(StrEnum):
    """A deadline of a case: its stages with a limit of their own, and the whole pipeline."""

    ACCEPT_APPLICATION = "accept_application"  # an application is taken up (受理)
    HOME_CHECK = "home_check"  # 入户核实
    DATA_COMPARISON = "data_comparison"  # 部门信息比对
    PIPELINE = "pipeline"  # from the first clue to the approval decision


CATEGORY_NAMES: dict[MonitoredCategory, str] = {
    MonitoredCategory.UNSTABLE: "脱贫不稳定户",
    MonitoredCategory.MARGINAL: "边缘易致贫户",
    MonitoredCategory.SUDDEN_HARDSHIP: "突发严重困难户",
}
