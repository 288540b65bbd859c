"""The administrator's tables: accounts and their grants, departments, categories, the calendar."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import BeforeValidator

from api.auth.masking import mask_phone
from api.console.admin_access import AdminDep
from api.console.labels import chinese
from api.console.render import page
from api.http.deps import ServicesDep
from api.http.fresh import fresh
from api.http.routers import catalogue, users
from api.http.routers.catalogue import CatalogueDep
from api.http.schemas.common import Offset
from domain.accounts.roles import Role
from domain.issues.values import Stage

router = APIRouter()
PAGE = 50
WEEKDAYS = "一二三四五六日"
# Stage headings written here, not in labels.ZH: three stages share their code with a command
# (accept, handle, verify), and ZH can hold one name per code.
STAGES = {
    Stage.ACCEPT: "受理",
    Stage.HANDLE_IN_GRID: "网格处置",
    Stage.CHECK_IN: "报到",
    Stage.HANDLE: "部门处置",
    Stage.VERIFY: "核查",
}
Blank = BeforeValidator(lambda value: value or None)  # "all roles" sends ""


@router.get("/admin/accounts", dependencies=[fresh("accounts")])
def accounts(
    request: Request,
    viewer: AdminDep,
    svc: ServicesDep,
    role: Annotated[Role | None, Blank, Query()] = None,
    offset: Offset = 0,
) -> HTMLResponse:
    found = users.get_accounts(svc=svc, principal=viewer.principal, role=role, limit=PAGE, offset=offset)
    # The list answers phones in full to an administrator; a table on a screen needs only enough to tell them apart.
    masked = [row.model_copy(update={"phone": mask_phone(row.phone)}) for row in found.items]
    return page(
        request,
        "admin/accounts.html",
        viewer,
        accounts=masked,
        total=found.total,
        roles=list(Role),
        chinese=chinese,
        role=role or "",
        offset=offset,
        page_size=PAGE,
    )


@router.get("/admin/departments")
def departments(request: Request, viewer: AdminDep, catalogue_now: CatalogueDep, offset: Offset = 0) -> HTMLResponse:
    found = catalogue.list_departments(
        viewer.principal, catalogue_now, street=None, category=None, limit=PAGE, offset=offset
    )
    every = catalogue.list_categories(viewer.principal, catalogue_now, department=None, limit=1000, offset=0)
    names = {c.code: c.name for c in every.items}
    return page(request, "admin/departments.html", viewer, found=found, names=names, offset=offset, page_size=PAGE)


@router.get("/admin/categories")
def categories(request: Request, viewer: AdminDep, catalogue_now: CatalogueDep, offset: Offset = 0) -> HTMLResponse:
    found = catalogue.list_categories(viewer.principal, catalogue_now, department=None, limit=PAGE, offset=offset)
    every = catalogue.list_departments(
        viewer.principal, catalogue_now, street=None, category=None, limit=1000, offset=0
    )
    names = {d.code: d.name for d in every.items}
    return page(
        request,
        "admin/categories.html",
        viewer,
        found=found,
        names=names,
        stages=STAGES,
        offset=offset,
        page_size=PAGE,
    )


@router.get("/admin/calendar")
def calendar(request: Request, viewer: AdminDep, svc: ServicesDep) -> HTMLResponse:
    shown = catalogue.get_calendar(svc=svc, principal=viewer.principal)
    days = [f"周{WEEKDAYS[d]}" for d in shown.weekdays]
    return page(request, "admin/calendar.html", viewer, calendar=shown, days=days)
