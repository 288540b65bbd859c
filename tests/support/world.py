"""A small seeded district: two streets, every role, every level."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from argon2 import PasswordHasher

from api.auth.tokens import issue_token
from api.bootstrap import Services
from domain.accounts.roles import Grant, Role
from domain.accounts.sign_in import check_password
from domain.application import GridGov
from domain.calendar.working import TimeLimit, TimeUnit, WorkingCalendar

PASSWORD = "secret-pass"

S1, S2 = "100001", "100002"
C1, C2, C3 = "100001001", "100001002", "100002001"
K1, K2, K3, K4 = "100001001001", "100001001002", "100001002001", "100002001001"
B1, B2, B3, B4, B5 = (
    "100001001001001",
    "100001001001002",
    "100001001002001",
    "100001002001001",
    "100002001001001",
)

TREE = (
    (None, S1, "东华门街道"),
    (None, S2, "景山街道"),
    (S1, C1, "多福巷社区"),
    (S1, C2, "韶九社区"),
    (S2, C3, "三眼井社区"),
    (C1, K1, "锦绣小区"),
    (C1, K2, "和平家园"),
    (C2, K3, "安居里"),
    (C3, K4, "康乐公寓"),
    (K1, B1, "1号楼"),
    (K1, B2, "2号楼"),
    (K2, B3, "1号楼"),
    (K3, B4, "1号楼"),
    (K4, B5, "1号楼"),
)

# username -> (display name, phone, grants, duties as (node, duty))
PEOPLE: dict[str, tuple[str, str, list[Grant], list[tuple[str, str]]]] = {
    "admin": ("管理员", "13800000000", [Grant(Role.ADMIN)], []),
    "auditor": ("审计员", "13800000001", [Grant(Role.AUDITOR)], []),
    "office1": ("东华门街道办", "13800000002", [Grant(Role.OFFICE, S1)], []),
    "leader1": ("王建国", "13812345678", [], [(C1, "leader")]),
    "worker1": ("李秀英", "13912345678", [], [(K1, "worker")]),
    "worker2": ("张志强", "13712345678", [], [(K2, "worker")]),
    "dept1": ("城管执法队", "13600000000", [Grant(Role.DEPARTMENT, "CG")], []),
    "dept2": ("住建委", "13600000001", [Grant(Role.DEPARTMENT, "ZJ")], []),
    "dept3": ("消防救援站", "13600000002", [Grant(Role.DEPARTMENT, "XF")], []),
}

# Invented test calendar: Monday 2026-03-09 is a public holiday, Saturday 2026-03-14 a make-up day.
HOLIDAY, MAKEUP_DAY = date(2026, 3, 9), date(2026, 3, 14)
CALENDAR = WorkingCalendar(holidays=frozenset({HOLIDAY}), makeup_days=frozenset({MAKEUP_DAY}))
RUBBISH, BUILDING_WORK = "01.01", "02.01"  # the grid may handle rubbish itself; building work needs departments


@dataclass
class World:
    services: Services

    def token(self, username: str) -> str:
        settings = self.services.settings
        return issue_token(
            username, key=settings.signing_key(), now=self.services.app.clock.now(), minutes=settings.token_minutes
        )

    def headers(self, username: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(username)}"}


_HASH: list[str] = []


def password_hash() -> str:
    """The test accounts' hash: Argon2id as in service, but at the smallest cost, so the many sign-ins
    of the browser and process tests take milliseconds (a hash carries its own cost: verification
    reads it from there). The service's own cost is `api/auth/passwords.py`'s, used by every hash it makes."""
    if not _HASH:
        _HASH.append(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(check_password(PASSWORD, "")))
    return _HASH[0]


def seed(app: GridGov) -> None:
    for parent, code, name in TREE:
        if parent is None:
            app.create_street(code=code, name=name, actor="seed", reason="test district")
        else:
            app.add_node(parent_code=parent, code=code, name=name, actor="seed", reason="test district")
    app.configure_calendar(calendar=CALENDAR, actor="seed", reason="test calendar")
    for code, name, streets in (("CG", "城管", []), ("ZJ", "住建", [S1]), ("XF", "消防", [])):
        app.register_department(code=code, name=name, categories=[], streets=streets, actor="seed", reason="test")
    app.define_category(
        code=RUBBISH,
        major="市容环境",
        name="暴露垃圾",
        grid_may_handle=True,
        departments=["CG"],
        limits={},
        actor="seed",
        reason="test",
    )
    app.define_category(
        code=BUILDING_WORK,
        major="违法建设",
        name="违法建设",
        grid_may_handle=False,
        departments=["CG", "ZJ"],
        limits={"handle": TimeLimit(5, TimeUnit.WORKING_DAYS)},
        actor="seed",
        reason="test",
    )
    for username, (display, phone, grants, duties) in PEOPLE.items():
        app.open_account(
            username=username,
            display_name=display,
            phone=phone,
            password_hash=password_hash(),
            grants=grants,
            actor="seed",
            reason="test account",
        )
        for node, duty in duties:
            app.assign(code=node, username=username, duty=duty, actor="seed", reason="test staffing")
