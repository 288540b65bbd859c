"""Departments, the category catalogue and the working calendar: administrators write, all read."""

from __future__ import annotations

from fastapi import APIRouter, status

from api.http.deps import WRITES, PrincipalDep, ServicesDep
from api.http.schemas.catalogue import (
    CalendarIn,
    CategoryIn,
    CategoryOut,
    DepartmentIn,
    DepartmentOut,
    Limit,
    LimitsIn,
    RemitIn,
)
from domain.calendar.working import TimeLimit, TimeUnit, WorkingCalendar
from domain.catalogue.model import Category, Department
from domain.issues.values import parse

router = APIRouter(prefix="/api/v1", tags=["catalogue"])


@router.post("/departments", status_code=status.HTTP_201_CREATED, dependencies=WRITES)
def register_department(body: DepartmentIn, svc: ServicesDep, principal: PrincipalDep) -> DepartmentOut:
    principal.require_admin("register departments")
    department = svc.app.register_department(
        code=body.code,
        name=body.name,
        categories=body.categories,
        streets=body.streets,
        actor=principal.username,
        reason=body.reason,
    )
    return _department(department)


@router.get("/departments/{code}")
def get_department(code: str, svc: ServicesDep, principal: PrincipalDep) -> DepartmentOut:
    return _department(svc.app.department(code, field="code"))


@router.post("/categories", status_code=status.HTTP_201_CREATED, dependencies=WRITES)
def define_category(body: CategoryIn, svc: ServicesDep, principal: PrincipalDep) -> CategoryOut:
    principal.require_admin("define categories")
    limits = {stage: TimeLimit(lim.amount, parse(TimeUnit, lim.unit, "unit")) for stage, lim in body.limits.items()}
    category = svc.app.define_category(
        code=body.code,
        major=body.major,
        name=body.name,
        grid_may_handle=body.grid_may_handle,
        departments=body.departments,
        limits=limits,
        actor=principal.username,
        reason=body.reason,
    )
    return _category(category)


@router.post("/categories/{code}/limits", dependencies=WRITES)
def change_limits(code: str, body: LimitsIn, svc: ServicesDep, principal: PrincipalDep) -> CategoryOut:
    """New time limits for a subclass; open issues keep the deadlines they were given."""
    principal.require_admin("change time limits")
    limits = {stage: TimeLimit(lim.amount, parse(TimeUnit, lim.unit, "unit")) for stage, lim in body.limits.items()}
    category = svc.app.change_category_limits(code=code, limits=limits, actor=principal.username, reason=body.reason)
    return _category(category)


@router.post("/departments/{code}/remit", dependencies=WRITES)
def change_remit(code: str, body: RemitIn, svc: ServicesDep, principal: PrincipalDep) -> DepartmentOut:
    """The categories a department handles and the streets it serves."""
    principal.require_admin("change a department's remit")
    department = svc.app.change_remit(
        code=code, categories=body.categories, streets=body.streets, actor=principal.username, reason=body.reason
    )
    return _department(department)


@router.get("/categories/{code}")
def get_category(code: str, svc: ServicesDep, principal: PrincipalDep) -> CategoryOut:
    return _category(svc.app.category(code))


@router.put("/calendar", dependencies=WRITES)
def configure_calendar(body: CalendarIn, svc: ServicesDep, principal: PrincipalDep) -> dict[str, object]:
    principal.require_admin("configure the working calendar")
    calendar = WorkingCalendar(
        utc_offset_hours=body.utc_offset_hours,
        periods=tuple(body.periods),
        weekdays=tuple(body.weekdays),
        holidays=frozenset(body.holidays),
        makeup_days=frozenset(body.makeup_days),
    )
    svc.app.configure_calendar(calendar=calendar, actor=principal.username, reason=body.reason)
    return calendar.to_dict()


@router.get("/calendar")
def get_calendar(svc: ServicesDep, principal: PrincipalDep) -> dict[str, object]:
    return svc.app.calendar().to_dict()


def _department(department: Department) -> DepartmentOut:
    return DepartmentOut(
        code=department.code, name=department.name, categories=department.categories, streets=department.streets
    )


def _category(category: Category) -> CategoryOut:
    return CategoryOut(
        code=category.code,
        major=category.major,
        name=category.name,
        grid_may_handle=category.grid_may_handle,
        departments=category.departments,
        limits={k: Limit(**v) for k, v in category.limits.items()},
    )
