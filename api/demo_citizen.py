"""Residents' reports (随手拍) in the demo: some waiting for the grid worker's on-site check, some done."""

from __future__ import annotations

from datetime import datetime, timedelta

from domain.application import GridGov
from domain.issues.intake import Intake
from domain.shared.clock import ManualClock

# (description, address, phone, outcome): None waits for the worker, True is confirmed, False dismissed.
REPORTS: tuple[tuple[str, str, str, bool | None], ...] = (
    ("单元门口堆放装修垃圾，已经三天没人清理", "2单元门口", "13700001111", None),
    ("楼道里电动车充电，飞线从窗户拉下来", "3单元一层", "13700002222", None),
    ("小区东门每天傍晚有人无证摆摊卖熟食", "小区东门", "", True),
    ("有人在绿地里私搭棚子", "5号楼北侧", "13700003333", False),
)
CATEGORY = {0: "01.01", 1: "03.01", 2: "04.01", 3: "02.01"}


def load_citizen_reports(app: GridGov, clock: ManualClock, buildings: list[str], worker: str, end: datetime) -> int:
    """Reports at the first buildings of one worker's compound, as residents would send them, in the
    time left before `end` (now): nothing the demo records lies in the future."""
    step = min(timedelta(minutes=45), (end - clock.now()) / (2 * len(REPORTS) + 1))
    for n, (description, address, phone, outcome) in enumerate(REPORTS):
        clock.advance(step)
        issue, _ = app.report_from_outside(
            intake=Intake.CITIZEN,
            node=buildings[n % len(buildings)],
            category=CATEGORY[n],
            description=description,
            address=address,
            phone=phone or None,
        )
        clock.advance(step)
        if outcome is True:
            app.confirm_report(issue.id, actor=worker, reason="现场核实属实")
        elif outcome is False:
            app.dismiss_report(issue.id, actor=worker, reason="现场查看为临时遮阳棚，已由居民自行拆除")
    return len(REPORTS)
