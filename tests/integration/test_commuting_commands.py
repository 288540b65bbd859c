"""Twenty departments writing to one issue at once: commands that commute all land, none gets a 409."""

from __future__ import annotations

import threading

from domain.application import GridGov
from domain.shared.clock import ManualClock
from tests.support.world import B1, BUILDING_WORK, World

DEPARTMENTS = [f"D{n:02}" for n in range(20)]


def test_twenty_progress_notes_at_once_are_all_recorded(world: World, clock: ManualClock) -> None:
    app = world.services.app
    for code in DEPARTMENTS:
        app.register_department(code=code, name=code, categories=[BUILDING_WORK], streets=[], actor="seed", reason="t")
    issue, _ = app.report_issue(node=B1, category=BUILDING_WORK, description="违建", actor="worker1")
    app.accept_issue(issue.id, actor="leader1", reason="立案")
    lead, *others = DEPARTMENTS
    app.blow_whistle(issue.id, kind="routine", lead=lead, co_handlers=others, actor="leader1", reason="联合执法")
    for code in DEPARTMENTS:
        app.check_in(issue.id, department=code, actor=code, reason="报到")
    env = world.services.settings.event_store_env()
    apps = [GridGov(clock, env=env) for _ in range(4)]  # four processes' worth of writers
    start, failures = threading.Barrier(len(DEPARTMENTS)), []

    def note(n: int, code: str) -> None:
        start.wait()
        try:
            apps[n % len(apps)].record_progress(issue.id, department=code, note="已到场", actor=code, reason="进展")
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=note, args=(n, code)) for n, code in enumerate(DEPARTMENTS)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        for other in apps:
            other.close()
    assert failures == []
    recorded = [e for e in app.events.get(issue.id) if type(e).__name__ == "ProgressRecorded"]
    assert sorted(e.department for e in recorded) == DEPARTMENTS
