"""The worker's duplicate check: after the report, in bounded passes, each issue flagged once."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.issues.model import Issue
from domain.shared.clock import ManualClock
from projections.issues import duplicates
from projections.issues.duplicates import flag_reports
from tests.support.world import B1, B2, BUILDING_WORK, RUBBISH, World


def _report(world: World, clock: ManualClock, node: str, category: str) -> Issue:
    clock.advance(timedelta(minutes=3))
    issue, _ = world.services.app.report_issue(node=node, category=category, description="违建", actor="worker1")
    return issue


def test_passes_are_bounded_and_together_check_every_report_once(
    world: World, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(duplicates, "PER_PASS", 2)
    app, runner = world.services.app, world.services.runner
    same = [_report(world, clock, node, BUILDING_WORK) for node in (B1, B2, B1, B2, B1)]
    other = _report(world, clock, B1, RUBBISH)
    assert [flag_reports(app, runner) for _ in range(4)] == [1, 2, 1, 0]  # 2 + 2 + 2 reports checked
    found = {i.id: app.issue(i.id).possible_duplicates for i in [*same, other]}
    assert found[same[0].id] == [] and found[other.id] == []
    for n, issue in enumerate(same[1:], start=1):  # each against those reported before it
        assert found[issue.id] == sorted(str(i.id) for i in same[:n])
    flagged = [e for i in same for e in app.events.get(i.id) if isinstance(e, Issue.DuplicatesFlagged)]
    assert len(flagged) == 4 and {e.actor for e in flagged} == {"worker"}


def test_a_pass_repeated_after_a_crash_records_nothing_twice(world: World, clock: ManualClock) -> None:
    app, runner = world.services.app, world.services.runner
    first = _report(world, clock, B1, BUILDING_WORK)
    second = _report(world, clock, B2, BUILDING_WORK)
    app.flag_duplicates(second.id, actor="worker")  # recorded, then the worker died before it moved on
    assert flag_reports(app, runner) == 0
    assert app.issue(second.id).possible_duplicates == [str(first.id)]
    assert sum(isinstance(e, Issue.DuplicatesFlagged) for e in app.events.get(second.id)) == 1


def test_an_issue_closed_before_the_check_is_not_flagged(world: World, clock: ManualClock) -> None:
    app, runner = world.services.app, world.services.runner
    _report(world, clock, B1, BUILDING_WORK)
    second = _report(world, clock, B2, BUILDING_WORK)
    app.decline_issue(second.id, actor="leader1", reason="不属实")
    assert flag_reports(app, runner) == 0
    assert app.issue(second.id).possible_duplicates == []
