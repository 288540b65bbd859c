"""Pairing rules on the in-memory store: the cap, the approval of an end, a change of helper, the cadence."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

import pytest

from domain.application import GridGov
from domain.cadence.compliance import Standing, worst
from domain.pairings.caseload import CaseloadFullError
from domain.pairings.model import Pairing
from domain.pairings.values import PairingKind, PairingStatus, SubjectKind
from domain.shared.clock import ManualClock
from domain.shared.errors import (
    AlreadyExistsError,
    ConflictError,
    ForbiddenError,
    IllegalTransitionError,
    InvalidInputError,
)
from tests.support.pairings import PlainVault, helper, home, resident
from tests.unit.district import small_district

BY = {"actor": "leader", "reason": "结对帮扶"}


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2026, 3, 2, 1, 0, tzinfo=UTC))  # Monday, 09:00 in Beijing


@pytest.fixture
def app(clock: ManualClock) -> GridGov:
    app = small_district(clock)
    app.vault = PlainVault()
    helper(app, "cadre1")
    helper(app, "cadre2")
    return app


def test_a_pairing_records_where_its_subject_lives(app: GridGov) -> None:
    pairing = app.pair(
        kind="assistance", subject_kind="household", subject_id=home(app, "B1", 1), helper="cadre1", **BY
    )
    assert (pairing.node, pairing.path) == ("B1", ["S1", "C1", "K1", "B1"])
    assert pairing.starts_on == "2026-03-02"


def test_a_helper_with_five_households_is_refused_a_sixth(app: GridGov) -> None:
    for serial in range(5):
        app.pair(kind="assistance", subject_kind="household", subject_id=home(app, "B1", serial), helper="cadre1", **BY)
    sixth = home(app, "B1", 6)
    with pytest.raises(CaseloadFullError) as refused:
        app.pair(kind="assistance", subject_kind="household", subject_id=sixth, helper="cadre1", **BY)
    assert refused.value.field == "helper"
    assert isinstance(refused.value, ConflictError)  # 409
    app.pair(kind="assistance", subject_kind="household", subject_id=sixth, helper="cadre2", **BY)
    app.pair(kind="pairing", subject_kind="household", subject_id=sixth, helper="cadre1", **BY)  # another kind


def test_persons_do_not_count_towards_the_household_cap(app: GridGov) -> None:
    for serial in range(7):
        app.pair(kind="guidance", subject_kind="person", subject_id=resident(app, "B1", serial), helper="cadre1", **BY)
    assert len(app.caseload("cadre1").pairings) == 7


def test_the_same_helper_and_subject_twice_is_refused(app: GridGov) -> None:
    subject = home(app, "B1", 1)
    app.pair(kind="assistance", subject_kind="household", subject_id=subject, helper="cadre1", **BY)
    with pytest.raises(AlreadyExistsError):
        app.pair(kind="assistance", subject_kind="household", subject_id=subject, helper="cadre1", **BY)
    app.pair(kind="assistance", subject_kind="household", subject_id=subject, helper="cadre2", **BY)  # many-to-one


def test_guidance_is_of_a_person_only(app: GridGov) -> None:
    with pytest.raises(InvalidInputError) as refused:
        app.pair(kind="guidance", subject_kind="household", subject_id=home(app, "B1", 1), helper="cadre1", **BY)
    assert refused.value.field == "subject_kind"


def test_a_concurrent_pairing_for_the_same_helper_conflicts(app: GridGov) -> None:
    app.pair(kind="assistance", subject_kind="household", subject_id=home(app, "B1", 1), helper="cadre1", **BY)
    seen = app.caseload("cadre1")  # what a second request read before the first one saved
    app.pair(kind="assistance", subject_kind="household", subject_id=home(app, "B1", 2), helper="cadre1", **BY)
    at = datetime(2026, 3, 2, 2, tzinfo=UTC)
    late = Pairing.pair(
        pairing_id=uuid4(),
        kind="assistance",
        subject_kind="household",
        subject_id="x",
        helper="cadre1",
        goal="",
        starts_on=date(2026, 3, 2),
        today=date(2026, 3, 2),
        node="B1",
        path=["S1", "C1", "K1", "B1"],
        **BY,
        at=at,
    )
    seen.take(
        pairing_id=str(late.id),
        kind=PairingKind.ASSISTANCE,
        subject_kind=SubjectKind.HOUSEHOLD,
        subject_id="x",
        **BY,
        at=at,
    )
    with pytest.raises(ConflictError):
        app.commit(late, seen)
    assert len(app.caseload("cadre1").pairings) == 2


def test_a_pairing_ends_only_on_a_request_approved_by_someone_else(app: GridGov) -> None:
    pairing = app.pair(
        kind="assistance", subject_kind="household", subject_id=home(app, "B1", 1), helper="cadre1", **BY
    )
    with pytest.raises(IllegalTransitionError) as early:
        app.approve_pairing_end(pairing.id, actor="leader", reason="done")
    assert early.value.allowed == ["contacts", "change-helper", "request-end"]
    app.request_pairing_end(pairing.id, actor="cadre1", reason="已脱贫, 收入稳定")
    with pytest.raises(ForbiddenError):
        app.approve_pairing_end(pairing.id, actor="cadre1", reason="approving my own request")
    ended = app.approve_pairing_end(pairing.id, actor="leader", reason="核实同意")
    assert (ended.status, ended.ended_on) == (PairingStatus.ENDED, "2026-03-02")
    assert app.caseload("cadre1").pairings == {}
    with pytest.raises(IllegalTransitionError):
        app.log_contact(pairing.id, kind="contact", on=date(2026, 3, 2), actor="cadre1", reason="r")


def test_a_declined_end_leaves_the_pairing_running(app: GridGov) -> None:
    pairing = app.pair(
        kind="assistance", subject_kind="household", subject_id=home(app, "B1", 1), helper="cadre1", **BY
    )
    app.request_pairing_end(pairing.id, actor="cadre1", reason="想结束")
    app.log_contact(pairing.id, kind="contact", on=date(2026, 3, 2), actor="cadre1", reason="still owed")
    declined = app.decline_pairing_end(pairing.id, actor="leader", reason="未转化, 不脱钩")
    assert (declined.status, declined.end_requested_by) == (PairingStatus.ACTIVE, None)


def test_a_change_of_helper_is_a_new_fact_and_keeps_the_old_one(app: GridGov, clock: ManualClock) -> None:
    pairing = app.pair(
        kind="assistance", subject_kind="household", subject_id=home(app, "B1", 1), helper="cadre1", **BY
    )
    app.log_contact(pairing.id, kind="contact", on=date(2026, 3, 2), actor="cadre1", reason="r")
    clock.advance(timedelta(days=10))
    changed = app.change_helper(pairing.id, helper="cadre2", actor="leader", reason="cadre1 调岗")
    assert changed.helpers == [{"helper": "cadre1", "from": "2026-03-02"}, {"helper": "cadre2", "from": "2026-03-12"}]
    assert changed.helper_on(date(2026, 3, 5)) == "cadre1"
    kinds = [type(e).__name__ for e in app.events.get(pairing.id)]
    assert kinds == ["Paired", "ContactLogged", "HelperChanged"]
    assert app.caseload("cadre1").pairings == {}
    assert list(app.caseload("cadre2").pairings) == [str(pairing.id)]


def test_contacts_are_dated_within_the_pairing_and_bounded(app: GridGov) -> None:
    pairing = app.pair(
        kind="assistance", subject_kind="household", subject_id=home(app, "B1", 1), helper="cadre1", **BY
    )
    for on, field in ((date(2026, 3, 1), "on"), (date(2026, 3, 3), "on")):
        with pytest.raises(InvalidInputError) as refused:
            app.log_contact(pairing.id, kind="contact", on=on, actor="cadre1", reason="r")
        assert refused.value.field == field
    with pytest.raises(InvalidInputError) as refused:
        app.log_contact(pairing.id, kind="phone", on=date(2026, 3, 2), actor="cadre1", reason="r")
    assert refused.value.field == "kind"
    with pytest.raises(InvalidInputError) as refused:
        app.log_contact(pairing.id, kind="contact", on=date(2026, 3, 2), evidence=["a" * 64] * 2, actor="c", reason="r")
    assert refused.value.field == "evidence"


def test_a_missed_weekly_contact_shows_overdue_on_the_monday_after(app: GridGov, clock: ManualClock) -> None:
    pairing = app.pair(
        kind="assistance", subject_kind="household", subject_id=home(app, "B1", 1), helper="cadre1", **BY
    )
    contact = {s.kind: s for s in pairing.standing_on(date(2026, 3, 8))}["contact"]
    assert contact.standing is Standing.DUE_SOON
    contact = {s.kind: s for s in pairing.standing_on(date(2026, 3, 9))}["contact"]
    assert (contact.standing, contact.due, contact.days_late) == (Standing.OVERDUE, date(2026, 3, 8), 1)
    assert worst(pairing.standing_on(date(2026, 3, 9))) is Standing.OVERDUE
