"""Departments, the category catalogue and the working calendar: administrators write, all read."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, status

from api.http.deps import WRITES, PrincipalDep, ServicesDep
from api.http.schemas.catalogue import (
    CalendarIn,
    CalendarOut,
    CategoryIn,
    CategoryOut,
    CategoryPage,
    DepartmentIn,
    DepartmentOut,
    DepartmentPage,
    LimitsIn,
    RemitIn,
    StageLimit,
)
from api.http.schemas.common import Limit, Offset
from domain.calendar.working import TimeLimit, WorkingCalendar
from domain.catalogue.model import Category, Department
from domain.issues.values import Stage
from projections.catalogue import CatalogueFollower, CategoryEntry, DepartmentEntry

router = APIRouter(prefix="/api/v1", tags=["catalogue"])


def current_catalogue(svc: ServicesDep) -> CatalogueFollower:
    """The process's department and category lists, caught up with the log."""
    return svc.catalogue.catch_up()


CatalogueDep = Annotated[CatalogueFollower, Depends(current_catalogue)]


@router.get("/departments")
def list_departments(
    principal: PrincipalDep,
    catalogue: CatalogueDep,
    street: Annotated[str | None, Query(max_length=40, description="only departments that serve this street")] = None,
    category: Annotated[str | None, Query(max_length=40, description="only departments that handle it")] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> DepartmentPage:
    """Every department by code; every signed-in role may read the list."""
    found = catalogue.departments(street=street, category=category)
    return DepartmentPage(total=len(found), items=[_department(d) for d in found[offset : offset + limit]])


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


@router.get("/categories")
def list_categories(
    principal: PrincipalDep,
    catalogue: CatalogueDep,
    department: Annotated[str | None, Query(max_length=40, description="only categories it handles")] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> CategoryPage:
    """Every issue subclass by code, with its time limits; every signed-in role may read the list."""
    found = catalogue.categories(department=department)
    return CategoryPage(total=len(found), items=[_category(c) for c in found[offset : offset + limit]])


@router.post("/categories", status_code=status.HTTP_201_CREATED, dependencies=WRITES)
def define_category(body: CategoryIn, svc: ServicesDep, principal: PrincipalDep) -> CategoryOut:
    principal.require_admin("define categories")
    category = svc.app.define_category(
        code=body.code,
        major=body.major,
        name=body.name,
        grid_may_handle=body.grid_may_handle,
        departments=body.departments,
        limits=_limits(body.limits),
        actor=principal.username,
        reason=body.reason,
    )
    return _category(category)


@router.post("/categories/{code}/limits", dependencies=WRITES)
def change_limits(code: str, body: LimitsIn, svc: ServicesDep, principal: PrincipalDep) -> CategoryOut:
    """New time limits for a subclass; open issues keep the deadlines they were given."""
    principal.require_admin("change time limits")
    category = svc.app.change_category_limits(
        code=code, limits=_limits(body.limits), actor=principal.username, reason=body.reason
    )
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
def configure_calendar(body: CalendarIn, svc: ServicesDep, principal: PrincipalDep) -> CalendarOut:
    principal.require_admin("configure the working calendar")
    calendar = WorkingCalendar(
        utc_offset_hours=body.utc_offset_hours,
        periods=tuple(body.periods),
        weekdays=tuple(body.weekdays),
        holidays=frozenset(body.holidays),
        makeup_days=frozenset(body.makeup_days),
    )
    svc.app.configure_calendar(calendar=calendar, actor=principal.username, reason=body.reason)
    return CalendarOut.model_validate(calendar.to_dict())


@router.get("/calendar")
def get_calendar(svc: ServicesDep, principal: PrincipalDep) -> CalendarOut:
    return CalendarOut.model_validate(svc.app.calendar().to_dict())


def _limits(given: dict[Stage, StageLimit]) -> dict[str, TimeLimit]:
    return {stage.value: TimeLimit(limit.amount, limit.unit) for stage, limit in given.items()}


def _department(department: Department | DepartmentEntry) -> DepartmentOut:
    return DepartmentOut(
        code=department.code, name=department.name, categories=department.categories, streets=department.streets
    )


def _category(category: Category | CategoryEntry) -> CategoryOut:
    return CategoryOut(
        code=category.code,
        major=category.major,
        name=category.name,
        grid_may_handle=category.grid_may_handle,
        departments=category.departments,
        limits={k: StageLimit(**v) for k, v in category.limits.items()},
    )
