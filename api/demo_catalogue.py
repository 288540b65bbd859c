"""Demo departments, categories and working calendar (demo data: replace with the real ones)."""

from __future__ import annotations

from datetime import date, timedelta

from domain.application import GridGov
from domain.calendar.working import TimeLimit, TimeUnit, WorkingCalendar

DEPARTMENTS = (
    ("CG", "城管执法队", "dept-cg"),
    ("ZJ", "住建委", "dept-zj"),
    ("XF", "消防救援站", "dept-xf"),
    ("SCJG", "市场监管所", "dept-scjg"),
    ("GA", "派出所", "dept-ga"),
    ("MZ", "民政科", "dept-mz"),
)

# code, major class, subclass, grid may handle, departments, handling limit in working days
CATEGORIES = (
    ("01.01", "市容环境", "暴露垃圾", True, ["CG"], 1),
    ("01.02", "市容环境", "占道经营", False, ["CG"], 2),
    ("02.01", "违法建设", "违法建设", False, ["CG", "ZJ"], 10),
    ("03.01", "消防安全", "消防通道堵塞", False, ["XF"], 1),
    ("04.01", "市场监管", "无证经营", False, ["SCJG"], 5),
    ("05.01", "社会治安", "噪声扰民", True, ["GA"], 2),
    ("06.01", "民生服务", "困难群众救助", False, ["MZ"], 5),
)


def _days(first: date, count: int) -> list[date]:
    return [first + timedelta(days=i) for i in range(count)]


# Invented for the demo, in the shape of the State Council's yearly notice: load the real one.
DEMO_CALENDAR = WorkingCalendar(
    holidays=frozenset(
        _days(date(2026, 1, 1), 3)
        + _days(date(2026, 2, 15), 9)
        + _days(date(2026, 4, 4), 3)
        + _days(date(2026, 5, 1), 5)
        + _days(date(2026, 6, 19), 3)
        + _days(date(2026, 9, 25), 3)
        + _days(date(2026, 10, 1), 7)
    ),
    makeup_days=frozenset({date(2026, 2, 14), date(2026, 2, 28), date(2026, 5, 9), date(2026, 10, 10)}),
)


def load_catalogue(app: GridGov, actor: str) -> None:
    app.configure_calendar(calendar=DEMO_CALENDAR, actor=actor, reason="demo working calendar")
    for code, name, _ in DEPARTMENTS:
        categories = [c[0] for c in CATEGORIES if code in c[4]]
        app.register_department(
            code=code, name=name, categories=categories, streets=[], actor=actor, reason="demo department"
        )
    for code, major, name, grid_may_handle, departments, days in CATEGORIES:
        app.define_category(
            code=code,
            major=major,
            name=name,
            grid_may_handle=grid_may_handle,
            departments=departments,
            limits={"handle": TimeLimit(days, TimeUnit.WORKING_DAYS)},
            actor=actor,
            reason="demo catalogue",
        )
