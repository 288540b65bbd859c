"""The smallest district the issue tests need, on the in-memory store: S1 → C1 → K1 → B1."""

from __future__ import annotations

from domain.application import GridGov
from domain.calendar.working import WorkingCalendar
from domain.shared.clock import ManualClock

SETUP = {"actor": "admin", "reason": "setting up the district"}
DEPARTMENTS = ("CG", "ZJ", "XF")


def small_district(clock: ManualClock) -> GridGov:
    """Three departments; litter (01.01) the grid may handle, illegal building (02.01) it may not."""
    app = GridGov(clock, env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    app.create_street(code="S1", name="Jianguomen", **SETUP)
    app.add_node(parent_code="S1", code="C1", name="Community One", **SETUP)
    app.add_node(parent_code="C1", code="K1", name="Compound One", **SETUP)
    app.add_node(parent_code="K1", code="B1", name="Building 1", **SETUP)
    app.configure_calendar(calendar=WorkingCalendar(), **SETUP)
    for code in DEPARTMENTS:
        app.register_department(code=code, name=f"Department {code}", categories=[], streets=[], **SETUP)
    app.define_category(
        code="01.01", major="01", name="Litter", grid_may_handle=True, departments=["CG"], limits={}, **SETUP
    )
    app.define_category(
        code="02.01", major="02", name="Illegal building", grid_may_handle=False, departments=["ZJ"], limits={}, **SETUP
    )
    return app
