"""The demo's assistance work. Before the issue month: relapse monitoring cases at every step, from a
fresh clue to enrolled and one cleared, some left to run late so the watcher escalates them. At the
end: every registered poor or monitored household paired with a cadre, contacts logged so that the
pairings stand in every compliance state today, one pairing ended with the grid's approval."""

from __future__ import annotations

import random
from datetime import timedelta
from uuid import UUID

from api.demo_people import DemoHousehold
from domain.application import GridGov
from domain.monitoring.status import Step
from domain.monitoring.values import ClueSource, MonitoredCategory
from domain.people.values import MONITORED, Tag
from domain.shared.clock import ManualClock
from domain.standards.items import Item, ItemStatus

ACTOR = "demo"
PER_CADRE = 4  # under the default cap of five households
_HABITS = {"diligent": 0, "slipping": 9, "silent": 35}  # days since the last contact
_BEFORE_NOTICE = (Step.HOME_CHECK, Step.DATA_COMPARISON, Step.DEMOCRATIC_REVIEW)
_AFTER_NOTICE = (Step.PUBLIC_NOTICE, Step.TOWNSHIP_REVIEW, Step.APPROVAL)
_KINDS_BY_WEEK = {0: "visit_talk", 4: "visit_talk", 6: "joint_activity", 8: "visit_talk"}  # weeks ago
_CLUES = ("家庭成员突发重病，医疗支出大", "务工收入骤减", "房屋受灾")


def open_cases(app: GridGov, clock: ManualClock, households: list[DemoHousehold]) -> int:
    """Cases for every monitored household, spread over the pipeline; takes about ten days of demo time."""
    monitored = [h for h in households if h.tags & MONITORED]
    cases = []
    for n, household in enumerate(monitored):
        category = MonitoredCategory(sorted(household.tags & MONITORED)[0].value)
        source = (ClueSource.GRID_WORKER, ClueSource.DEPARTMENT_DATA, ClueSource.HOTLINE_12317)[n % 3]
        case = app.open_case(
            household_id=household.id, category=category, source=source, clue=_CLUES[n % 3], actor="wg001"
        )
        cases.append((n % 5, case.id, household))
    for depth, case_id, _ in cases:  # 0: a fresh clue … 4: the whole way to enrolment
        for step in _BEFORE_NOTICE[: min(depth, 3)]:
            _step(app, case_id, step)
    clock.advance(timedelta(days=8))  # the public notice runs at least five working days
    enrolled = []
    for depth, case_id, household in cases:
        if depth == 4:
            for step in _AFTER_NOTICE:
                _step(app, case_id, step)
            enrolled.append((case_id, household))
    if enrolled:
        _clear(app, *enrolled[0], clock)
    return len(cases)


def check_incomes(app: GridGov, clock: ManualClock, households: list[DemoHousehold], rng: random.Random) -> int:
    """Income checks (一超) for the registered poor and monitored households: a few below the 4,000-yuan line,
    so poverty incidence has something to show."""
    checked = [h for h in households if h.tags & {Tag.POVERTY_REGISTERED, *MONITORED}]
    today = clock.now().date()
    for household in checked:
        income = rng.choice((3200, 3800, *range(4500, 15000, 500)))
        app.record_standard_check(
            household.id,
            item=Item.INCOME,
            status=ItemStatus.MET if income >= 4000 else ItemStatus.NOT_MET,
            checked_on=today,
            measure=income,
            actor="wg001",
            reason="年度收入核查",
        )
    return len(checked)


def pair_helpers(app: GridGov, clock: ManualClock, households: list[DemoHousehold], password_hash: str) -> int:
    """Every registered poor or monitored household gets a cadre (帮扶责任人全覆盖), contacts up to today."""
    assisted = [h for h in households if h.tags & {Tag.POVERTY_REGISTERED, *MONITORED}]
    today = clock.now().date()
    habits = list(_HABITS.items())
    for n, household in enumerate(assisted):
        number = n // PER_CADRE + 1
        cadre = f"cadre{number:02d}"
        if n % PER_CADRE == 0:
            app.open_account(
                username=cadre,
                display_name=f"帮扶干部{number}",
                password_hash=password_hash,
                actor=ACTOR,
                reason="demo cadre",
            )
        pairing = app.pair(
            kind="assistance",
            subject_kind="household",
            subject_id=household.id,
            helper=cadre,
            actor="office1",
            reason="帮扶责任人全覆盖",
            starts_on=today - timedelta(days=70),
        )
        _, quiet = habits[n % len(habits)]
        for weeks_ago in range(10):
            day = today - timedelta(days=7 * weeks_ago + 1)
            if (today - day).days >= quiet:
                kind = _KINDS_BY_WEEK.get(weeks_ago, "contact")
                app.log_contact(pairing.id, kind=kind, on=day, actor=cadre, reason="入户走访")
        if n == 0:
            app.request_pairing_end(pairing.id, actor="office1", reason="已稳定脱贫")
            app.approve_pairing_end(pairing.id, actor="sq01", reason="核实同意脱钩")
    return len(assisted)


def _step(app: GridGov, case_id: UUID, step: Step) -> None:
    department = "MZ" if step is Step.DATA_COMPARISON else None
    app.record_case_step(
        case_id,
        step=step,
        passed=True,
        findings="核实属实",
        actor="dept-mz" if department else "office1",
        reason="demo",
        department=department,
        measures=["产业帮扶", "就业帮扶"] if step is Step.APPROVAL else None,
    )


def _clear(app: GridGov, case: UUID, household: DemoHousehold, clock: ManualClock) -> None:
    """One enrolled household has had stable income for eight months and the 三保障 hold: cleared."""
    today = clock.now().date()
    for days in (240, 120, 20):
        app.record_income_check(
            case, checked_on=today - timedelta(days=days), income_per_person=9000, actor="wg001", reason="收入核查"
        )
    for item, measure in ((Item.HOUSING, None), (Item.MEDICAL, 6.5), (Item.EDUCATION, None)):
        app.record_standard_check(
            household.id,
            item=item,
            status=ItemStatus.MET,
            checked_on=today,
            measure=measure,
            actor="wg001",
            reason="三保障核查",
        )
    app.record_labour_capacity(case, has_capacity=True, actor="wg001", reason="有劳动能力")
    app.clear_risk(case, actor="office1", reason="收入稳定超过六个月，三保障达标")
