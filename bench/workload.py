"""A deterministic synthetic district, written through the real Application (not by inserting rows)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from rich.progress import Progress

from api.bootstrap import Services
from api.demo import demo_rows
from api.demo_catalogue import load_catalogue
from domain.shared.clock import ManualClock

START = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


def build(services: Services, clock: ManualClock, issues: int, seed: int = 7) -> list[object]:
    """The demo district's grid and catalogue, then `issues` issues each taken round the loop."""
    app = services.app
    rng = random.Random(seed)
    rows = demo_rows()
    streets = sorted({r.cells["street_code"] for r in rows})
    for street in streets:
        app.import_sheet([r for r in rows if r.cells["street_code"] == street], actor="bench", reason="bench grid")
    load_catalogue(app, "bench")
    buildings = [r.cells["building_code"] for r in rows]
    ids = []
    with Progress(transient=True) as progress:
        task = progress.add_task(f"{issues} issues", total=issues)
        for _ in range(issues):
            clock.advance(timedelta(minutes=rng.randint(1, 20)))
            issue, _ = app.report_issue(
                node=rng.choice(buildings), category="01.02", description="占道经营", actor="bench"
            )
            ids.append(issue.id)
            app.accept_issue(issue.id, actor="bench", reason="立案")
            app.blow_whistle(issue.id, kind="routine", lead="CG", co_handlers=[], actor="bench", reason="吹哨")
            app.check_in(issue.id, department="CG", actor="bench", reason="报到")
            if rng.random() < 0.7:
                app.feed_back(issue.id, department="CG", result="done", actor="bench", reason="反馈")
                app.verify(issue.id, passed=True, departments=None, actor="bench", reason="核查")
                app.close_issue(issue.id, actor="bench", reason="结案")
            progress.advance(task)
    return ids
