"""Deterministic synthetic data written through the real Application (never by inserting rows).

A grid (the demo district, a slice of a city, or a whole city), the people who run it, issues
taken through the demo's lifecycle mix (handled in-grid or whistled, returned and redispatched,
reworked, parked, closed and rated, some left overdue), and optionally a mass of open dispatches
for the queue figure. Everything is seeded, so two runs write the same history.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from rich.progress import Progress

from api.auth.passwords import hash_password
from api.bootstrap import Services
from api.demo import demo_rows
from api.demo_catalogue import CATEGORIES, DEPARTMENTS, load_catalogue
from api.demo_issues import DESCRIPTIONS, ENDINGS, load_issues
from domain.accounts.roles import Grant, Role
from domain.application import GridGov
from domain.grid.sheet import COLUMNS, SheetRow
from domain.shared.clock import ManualClock
from projections.issues.watcher import tick

START = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
ACTOR = "bench"
PASSWORD = "bench-pass"
# A large city (issue 5): streets, communities per street, compounds per community, buildings per compound.
CITY = (300, 23, 9, 10)
GRIDS = {"district": 0, "slice": 10, "city": CITY[0]}  # streets of the synthetic city; 0 = the demo district


@dataclass(frozen=True)
class Generated:
    buildings: list[tuple[str, str]]  # each building with the worker who reports there
    accounts: int
    issues: int
    open_issues: int


def city_rows(streets: int) -> list[SheetRow]:
    """One sheet row per building of the first `streets` streets of the synthetic city."""
    _, communities, compounds, buildings = CITY
    rows: list[SheetRow] = []
    for s in range(1, streets + 1):
        street = f"1101{s:05d}"
        for c in range(1, communities + 1):
            community = f"{street}{c:03d}"
            for k in range(1, compounds + 1):
                compound = f"{community}{k:03d}"
                for b in range(1, buildings + 1):
                    names = (f"第{s}街道", f"第{c}社区", f"第{k}小区", f"{b}号楼")
                    codes = (street, community, compound, f"{compound}{b:03d}")
                    cells = dict(
                        zip(COLUMNS, [x for pair in zip(codes, names, strict=True) for x in pair], strict=True)
                    )
                    rows.append(SheetRow(line=len(rows) + 2, cells=cells))
    return rows


def generate(
    services: Services, clock: ManualClock, *, grid: str, issues: int, open_issues: int = 0, seed: int = 7
) -> Generated:
    """The grid, its people, `issues` issues through the lifecycle mix and `open_issues` left in queues."""
    app = services.app
    rows = demo_rows() if GRIDS[grid] == 0 else city_rows(GRIDS[grid])
    streets = sorted({r.cells["street_code"] for r in rows})
    compounds = sorted({r.cells["compound_code"] for r in rows})
    communities = sorted({r.cells["community_code"] for r in rows})
    with Progress(transient=True) as progress:
        task = progress.add_task(f"{grid} grid", total=len(streets))
        for street in streets:
            clock.advance(timedelta(minutes=5))
            app.import_sheet([r for r in rows if r.cells["street_code"] == street], actor=ACTOR, reason="bench grid")
            progress.advance(task)
        load_catalogue(app, ACTOR)
        accounts = _people(app, streets, communities, compounds, progress)
        workers = {code: f"wg{n}" for n, code in enumerate(compounds)}
        buildings = [(r.cells["building_code"], workers[r.cells["compound_code"]]) for r in rows]
        task = progress.add_task(f"{issues} issues through their lifecycles", total=issues)
        end = clock.now() + timedelta(minutes=10 * issues, days=4)  # room for the slowest lifecycles
        load_issues(app, clock, buildings, end, lambda: progress.advance(task), scaled_mix(issues))
        _open_dispatches(services, clock, buildings, open_issues, progress, random.Random(seed))
    services.catch_up()
    tick(services.app, services.runner)  # what is overdue by now is recorded as missed and escalated, as in service
    services.catch_up()
    return Generated(buildings, accounts, issues, open_issues)


def _people(app: GridGov, streets: list[str], communities: list[str], compounds: list[str], progress: Progress) -> int:
    """Office staff per street, a leader per community, a worker per compound, a login per department."""
    secret = hash_password(PASSWORD)  # one hash for every synthetic account
    people = [("admin", "", [Grant(Role.ADMIN)], ""), ("auditor", "", [Grant(Role.AUDITOR)], "")]
    people += [(username, "", [Grant(Role.DEPARTMENT, code)], "") for code, _, username in DEPARTMENTS]
    people += [(f"office{n}", code, [Grant(Role.OFFICE, code)], "leader") for n, code in enumerate(streets)]
    people += [(f"sq{n}", code, [], "leader") for n, code in enumerate(communities)]
    people += [(f"wg{n}", code, [], "worker") for n, code in enumerate(compounds)]
    task = progress.add_task("people", total=len(people))
    for n, (username, node, grants, duty) in enumerate(people):
        app.open_account(
            username=username,
            display_name=username,
            password_hash=secret,
            phone=f"139{n:08d}",
            grants=grants,
            actor=ACTOR,
            reason="bench staff",
        )
        if node:
            app.assign(code=node, username=username, duty=duty, actor=ACTOR, reason="bench staffing")
        progress.advance(task)
    return len(people)


def scaled_mix(issues: int) -> list[tuple[str, int]]:
    """The demo's mix of endings, scaled to `issues` (largest remainders keep the total exact)."""
    total = sum(count for _, count in ENDINGS)
    shares = [(ending, count * issues / total) for ending, count in ENDINGS]
    counts = {ending: int(share) for ending, share in shares}
    for ending, _ in sorted(shares, key=lambda s: int(s[1]) - s[1])[: issues - sum(counts.values())]:
        counts[ending] += 1
    return list(counts.items())


def _open_dispatches(
    services: Services,
    clock: ManualClock,
    buildings: list[tuple[str, str]],
    count: int,
    progress: Progress,
    rng: random.Random,
) -> None:
    """`count` issues whistled to their category's departments, half of them checked in: full queues."""
    app = services.app
    task = progress.add_task(f"{count} open dispatches", total=count)
    for n in range(count):
        clock.advance(timedelta(seconds=rng.randint(5, 60)))
        building, worker = rng.choice(buildings)
        code, _, _, _, departments, _ = rng.choice(CATEGORIES)
        issue, _ = app.report_issue(node=building, category=code, description=DESCRIPTIONS[code], actor=worker)
        app.accept_issue(issue.id, actor=ACTOR, reason="立案")
        lead, *co = departments
        app.blow_whistle(issue.id, kind="routine", lead=lead, co_handlers=co, actor=ACTOR, reason="吹哨")
        if n % 2:
            app.check_in(issue.id, department=lead, actor=ACTOR, reason="报到")
        if n % 5000 == 4999:
            services.catch_up()  # keep the read models close behind, as the worker would
        progress.advance(task)
