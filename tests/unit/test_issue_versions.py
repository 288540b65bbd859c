"""The version a caller decided on, the photos of a result, and the commands a caller is offered.

On the in-memory store with the small district (see test_issue_lifecycle.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from uuid import UUID

import pytest
from eventsourcing.persistence import StoredEvent

from domain.accounts.principal import Principal
from domain.accounts.roles import Grant, Role
from domain.application import GridGov
from domain.grid.levels import Level
from domain.grid.tree import GridTree
from domain.issues.dispatch import DispatchStatus
from domain.issues.model import Issue
from domain.issues.permissions import commands_for
from domain.issues.status import Command
from domain.shared.clock import ManualClock
from domain.shared.errors import ConflictError, InvalidInputError
from tests.unit.district import small_district

GRID = {"actor": "grid-worker", "reason": "grid duty"}
PHOTO = {"sha256": "a" * 64, "name": "site.jpg"}


@pytest.fixture
def app(clock: ManualClock) -> GridGov:
    return small_district(clock)


def dispatched(app: GridGov) -> UUID:
    issue, _ = app.report_issue(node="B1", category="02.01", description="a shed on the roof", actor="grid-worker")
    app.accept_issue(issue.id, **GRID)
    app.blow_whistle(issue.id, kind="routine", lead="CG", co_handlers=["ZJ"], **GRID)
    return issue.id


def recorded(app: GridGov, issue_id: UUID) -> int:
    return app.issue(issue_id).version


def test_a_command_on_a_stale_version_is_refused_and_records_nothing(app: GridGov) -> None:
    issue_id = dispatched(app)
    seen = recorded(app, issue_id)
    app.check_in(issue_id, department="ZJ", actor="ZJ", reason="on site")

    with pytest.raises(ConflictError) as refused:
        app.check_in(issue_id, department="CG", actor="CG", reason="on site", expected_version=seen)

    assert refused.value.field == "expected_version"  # the API names it If-Match
    assert recorded(app, issue_id) == seen + 1
    assert app.issue(issue_id).dispatches["CG"].status == DispatchStatus.ASSIGNED


def test_a_command_on_the_current_version_is_recorded(app: GridGov) -> None:
    issue_id = dispatched(app)
    seen = recorded(app, issue_id)
    issue = app.check_in(issue_id, department="CG", actor="CG", reason="on site", expected_version=seen)
    assert issue.version == seen + 1


@pytest.fixture
def racing(app: GridGov, monkeypatch: pytest.MonkeyPatch) -> Iterator[UUID]:
    """An issue on which ZJ checks in between CG's decision and CG's save, once."""
    issue_id = dispatched(app)
    commit = app.commit
    raced: list[bool] = []

    def commit_after_a_rival(*aggregates: Issue) -> None:
        if not raced:
            raced.append(True)
            rival = app.issue(issue_id)
            rival.check_in(department="ZJ", actor="ZJ", reason="on site", at=app.clock.now())
            commit(rival)
        commit(*aggregates)

    monkeypatch.setattr(app, "commit", commit_after_a_rival)
    yield issue_id


def test_a_commuting_command_that_lost_a_race_is_decided_again(app: GridGov, racing: UUID) -> None:
    issue = app.check_in(racing, department="CG", actor="CG", reason="on site")
    assert {d.department: d.status for d in issue.dispatches.values()} == {
        "CG": DispatchStatus.CHECKED_IN,
        "ZJ": DispatchStatus.CHECKED_IN,
    }


def test_a_race_lost_on_a_named_version_is_reported_not_decided_again(app: GridGov, racing: UUID) -> None:
    seen = recorded(app, racing)
    with pytest.raises(ConflictError) as refused:
        app.check_in(racing, department="CG", actor="CG", reason="on site", expected_version=seen)
    assert refused.value.field == "expected_version"
    assert app.issue(racing).dispatches["CG"].status == DispatchStatus.ASSIGNED


def test_a_result_keeps_its_photos_through_a_rework(app: GridGov) -> None:
    issue_id = dispatched(app)
    for department in ("CG", "ZJ"):
        app.check_in(issue_id, department=department, actor=department, reason="on site")
        app.feed_back(issue_id, department=department, result="removed", attachments=[PHOTO], **GRID)
    issue = app.verify(issue_id, passed=False, departments=["CG"], **GRID)
    cg = issue.dispatches["CG"]
    assert (cg.status, cg.feedback, cg.attachments) == (DispatchStatus.CHECKED_IN, "removed", [PHOTO])


def test_a_result_carries_at_most_four_photos(app: GridGov) -> None:
    issue_id = dispatched(app)
    app.check_in(issue_id, department="CG", actor="CG", reason="on site")
    with pytest.raises(InvalidInputError) as refused:
        app.feed_back(issue_id, department="CG", result="removed", attachments=[PHOTO] * 5, **GRID)
    assert refused.value.field == "attachments"


def test_a_result_recorded_before_photos_reads_back_with_none(app: GridGov) -> None:
    issue_id = dispatched(app)
    app.check_in(issue_id, department="CG", actor="CG", reason="on site")
    app.feed_back(issue_id, department="CG", result="removed", attachments=[PHOTO], **GRID)
    stored = next(e for e in app.events.get(issue_id) if type(e).__name__ == "FeedbackGiven")
    record = app.mapper.to_stored_event(stored)
    state = json.loads(record.state)
    assert state.pop("class_version") == 2
    del state["attachments"]  # as version 1 wrote it
    old = StoredEvent(record.originator_id, record.originator_version, record.topic, json.dumps(state).encode())

    event = app.mapper.to_domain_event(old)

    assert getattr(event, "attachments") == []  # noqa: B009
    assert getattr(event, "result") == "removed"  # noqa: B009


def test_a_department_is_offered_only_what_its_dispatch_allows_now(app: GridGov) -> None:
    issue_id = dispatched(app)
    tree = GridTree()
    for code, level, parent in (
        ("S1", Level.STREET, None),
        ("C1", Level.COMMUNITY, "S1"),
        ("K1", Level.COMPOUND, "C1"),
    ):
        tree.add(code, code, level, parent)
    tree.add("B1", "B1", Level.BUILDING, "K1")
    cg = Principal("dept-cg", "CG", (Grant(Role.DEPARTMENT, "CG"),))
    assert commands_for(cg, tree, app.issue(issue_id)) == [Command.CHECK_IN, Command.RETURN, Command.REQUEST_EXTENSION]
    app.check_in(issue_id, department="CG", actor="CG", reason="on site")
    offered = commands_for(cg, tree, app.issue(issue_id))
    assert offered == [Command.PROGRESS, Command.FEEDBACK, Command.RETURN, Command.REQUEST_EXTENSION]
    xf = Principal("dept-xf", "XF", (Grant(Role.DEPARTMENT, "XF"),))
    assert commands_for(xf, tree, app.issue(issue_id)) == []
    leader = Principal("leader", "C1", (Grant(Role.GRID_LEADER, "C1"),))
    assert commands_for(leader, tree, app.issue(issue_id)) == [Command.REDISPATCH]  # parking is the office's


def test_a_note_the_worker_adds_does_not_make_a_persons_view_stale(app: GridGov, clock: ManualClock) -> None:
    """The worker flags possible duplicates moments after a report; a department that opened the
    issue before that checks in on the version it saw. A person's change still makes it stale."""
    first, _ = app.report_issue(node="B1", category="02.01", description="a shed", actor="grid-worker")
    issue_id = dispatched(app)
    seen = app.issue(issue_id).version
    issue = app.issue(issue_id)  # as the worker's pass decides, with what its finder found
    issue.flag_duplicates([str(first.id)], actor="worker", reason="same place", at=clock.now())
    app.save(issue)
    flagged = app.issue(issue_id)
    assert flagged.possible_duplicates == [str(first.id)] and flagged.version == seen + 1

    app.check_in(issue_id, department="CG", actor="cg-clerk", reason="on site", expected_version=seen)
    with pytest.raises(ConflictError, match=r"version \d+ is stale"):
        app.check_in(issue_id, department="ZJ", actor="zj-clerk", reason="on site", expected_version=seen)
    with pytest.raises(ConflictError, match="stale"):
        app.check_in(issue_id, department="ZJ", actor="zj-clerk", reason="on site", expected_version=seen + 9)
