"""The demo district: three streets of Dongcheng-style grid, staffed, with a month of history.

Built through the real Application with its own manual clock, so the history spreads over the
30 days before now and `as_of` questions have answers. Demo accounts share one password.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone
from uuid import UUID

from rich.console import Console
from rich.progress import Progress

from api.auth.passwords import hash_password
from api.bootstrap import Services
from api.demo_assistance import check_incomes, open_cases, pair_helpers
from api.demo_catalogue import DEPARTMENTS, load_catalogue
from api.demo_citizen import load_citizen_reports
from api.demo_issues import ENDINGS, load_issues
from api.demo_people import load_people
from api.demo_positions import load_positions
from api.demo_rectification import load_rectification
from domain.accounts.roles import Grant, Role
from domain.application import GridGov
from domain.grid.sheet import COLUMNS, SheetRow
from domain.shared.clock import ManualClock
from domain.shared.errors import InvalidInputError
from projections.indicators.rectify import rectify_missed
from projections.issues.watcher import tick
from projections.monitoring import watcher as monitoring_watcher
from projections.reviews import watcher as review_watcher

DEMO_PASSWORD = "gridgov-demo"
BEIJING = timezone(timedelta(hours=8))
ACTOR = "demo"
ISSUES = sum(count for _, count in ENDINGS)

STREETS = (("110101001", "东华门街道"), ("110101002", "景山街道"), ("110101003", "交道口街道"))
COMMUNITIES_PER_STREET = (7, 7, 6)
COMPOUNDS_PER_COMMUNITY = 5
BUILDINGS_PER_COMPOUND = 10

_COMMUNITY_NAMES = (
    "多福巷",
    "韶九",
    "正义路",
    "智德",
    "南池子",
    "灯市口",
    "东厂",
    "黄化门",
    "钟鼓",
    "吉祥",
    "三眼井",
    "景山东街",
    "府学",
    "菊儿",
    "南锣鼓巷",
    "福祥",
    "鼓楼苑",
    "交东",
    "北兵马司",
    "香饵",
)
_COMPOUND_SUFFIXES = ("小区", "家园", "里", "公寓", "花园")
_COMPOUND_WORDS = ("锦绣", "和平", "安居", "康乐", "枫林", "银杏", "晨光", "翠微", "丰泽", "润华", "嘉园", "明德")
_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
_GIVEN = ("建国", "秀英", "志强", "丽华", "海燕", "伟", "芳", "敏", "静", "磊", "洋", "勇", "娟", "军", "杰")


def demo_rows(seed: int = 2020) -> list[SheetRow]:
    """One row per building of the demo district (deterministic)."""
    rng = random.Random(seed)
    names = iter(_COMMUNITY_NAMES)
    rows: list[SheetRow] = []
    for (street_code, street_name), communities in zip(STREETS, COMMUNITIES_PER_STREET, strict=True):
        for c in range(1, communities + 1):
            community_code, community_name = f"{street_code}{c:03d}", f"{next(names)}社区"
            for k in range(1, COMPOUNDS_PER_COMMUNITY + 1):
                compound_code = f"{community_code}{k:03d}"
                compound_name = rng.choice(_COMPOUND_WORDS) + rng.choice(_COMPOUND_SUFFIXES) + f"{k}区"
                for b in range(1, BUILDINGS_PER_COMPOUND + 1):
                    values = (
                        street_code,
                        street_name,
                        community_code,
                        community_name,
                        compound_code,
                        compound_name,
                        f"{compound_code}{b:03d}",
                        f"{b}号楼",
                    )
                    rows.append(SheetRow(line=len(rows) + 2, cells=dict(zip(COLUMNS, values, strict=True))))
    return rows


def load_demo(services: Services, console: Console, *, now: datetime | None = None) -> bool:
    """Loads the demo into an empty store; returns False if it is already there."""
    if services.app.has_account("admin"):
        console.print("demo already loaded: sign in as admin / " + DEMO_PASSWORD)
        return False
    if services.app.recorder.max_notification_id():
        raise InvalidInputError("the event store already holds other data; the demo needs an empty one")
    end = now or datetime.now(UTC)
    clock = ManualClock(end - timedelta(days=30))
    app = GridGov(clock, env=services.settings.event_store_env(), policy=services.settings.dispatch_policy())
    app.vault = services.vault  # the same keys: what the demo seals, the service opens
    rng = random.Random(7)
    secret = hash_password(DEMO_PASSWORD)  # one hash for every demo account: demo mode only
    rows = demo_rows()
    with Progress(console=console, transient=False) as progress:
        task = progress.add_task("demo district", total=len(STREETS) + 120 + 3 + len(rows) + ISSUES)
        _open(app, "admin", "系统管理员", secret, [Grant(Role.ADMIN)])
        _open(app, "auditor", "审计员", secret, [Grant(Role.AUDITOR)])
        load_catalogue(app, ACTOR)
        for code, name, username in DEPARTMENTS:
            _open(app, username, name, secret, [Grant(Role.DEPARTMENT, code)])
        progress.advance(task, 3)
        for street_code, _ in STREETS:
            clock.advance(timedelta(hours=6))
            app.import_sheet(
                [r for r in rows if r.cells["street_code"] == street_code],
                actor=ACTOR,
                reason="网格划分: initial grid of the street",
            )
            progress.advance(task)
        for i, (street_code, street_name) in enumerate(STREETS, start=1):
            clock.advance(timedelta(hours=2))
            _open(app, f"office{i}", f"{street_name}办公室", secret, [Grant(Role.OFFICE, street_code)])
            _staff(app, street_code, f"office{i}", "leader")
        communities = sorted({r.cells["community_code"] for r in rows})
        for n, code in enumerate(communities, start=1):
            clock.advance(timedelta(hours=3))
            _open(app, f"sq{n:02d}", _person(rng), secret, [], phone=_phone(rng))
            _staff(app, code, f"sq{n:02d}", "leader")
            progress.advance(task)
        compounds = sorted({r.cells["compound_code"] for r in rows})
        for n, code in enumerate(compounds, start=1):
            clock.advance(timedelta(hours=1))
            _open(app, f"wg{n:03d}", _person(rng), secret, [], phone=_phone(rng))
            _staff(app, code, f"wg{n:03d}", "worker")
            progress.advance(task)
        _later_changes(app, clock, compounds)
        workers = {code: f"wg{n:03d}" for n, code in enumerate(compounds, start=1)}
        buildings = [(r.cells["building_code"], workers[r.cells["compound_code"]]) for r in rows]
        residents, households = load_people(app, clock, [b for b, _ in buildings], rng, lambda: progress.advance(task))
        cases = open_cases(app, clock, households)
        check_incomes(app, clock, households, rng)
        reviews = load_positions(app, clock, households)
        staff = {code: (f"sq{n:02d}", workers[min(c for c in compounds if c.startswith(code))])
                 for n, code in enumerate(communities, start=1)}  # fmt: skip
        rectified = load_rectification(app, clock, [(code, *staff[code]) for code in communities])
        citizen = load_citizen_reports(app, clock, [b for b, w in buildings if w == "wg001"], "wg001", end)
        load_issues(app, clock, buildings, end, lambda: progress.advance(task))
        pairings = pair_helpers(app, clock, households, secret)
    app.close()
    opened, recorded = _settle(services, end)
    console.print(
        f"demo loaded: {len(rows)} buildings, {residents} residents, {pairings} pairings, {cases} monitoring cases, "
        f"{reviews} joint reviews, {rectified} rectification cases (+{len(opened)} for missed indicators), "
        f"{ISSUES} issues ({recorded} deadline events), {citizen} residents' reports; "
        f"sign in as admin / {DEMO_PASSWORD}"
    )
    return True


def _settle(services: Services, end: datetime) -> tuple[list[UUID], int]:
    """What the worker would do first: open cases for missed indicators, record what is overdue."""
    services.catch_up()
    opened = rectify_missed(services.app, services.indicator_source(), end.astimezone(BEIJING).date())
    watchers = (tick, monitoring_watcher.tick, review_watcher.tick)
    return opened, sum(watcher(services.app, services.runner) for watcher in watchers)


def _later_changes(app: GridGov, clock: ManualClock, compounds: list[str]) -> None:
    """A few corrections a week later, so the tree as of an earlier day differs from today's."""
    clock.advance(timedelta(days=1))
    app.move_node(
        code=f"{compounds[0]}010",
        new_parent=compounds[1],
        actor="admin",
        reason="楼栋调整: building 10 is managed with the neighbouring compound",
    )
    clock.advance(timedelta(hours=6))
    app.rename_node(code=compounds[2], name="幸福里小区", actor="office1", reason="小区更名 after the residents' vote")


def _open(app: GridGov, username: str, name: str, secret: str, grants: list[Grant], phone: str = "") -> None:
    app.open_account(
        username=username,
        display_name=name,
        password_hash=secret,
        phone=phone,
        grants=grants,
        actor=ACTOR,
        reason="demo account",
    )


def _staff(app: GridGov, code: str, username: str, duty: str) -> None:
    app.assign(code=code, username=username, duty=duty, actor=ACTOR, reason="demo staffing")


def _person(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + rng.choice(_GIVEN)


def _phone(rng: random.Random) -> str:
    return f"13{rng.randint(0, 9)}{rng.randint(10_000_000, 99_999_999)}"
