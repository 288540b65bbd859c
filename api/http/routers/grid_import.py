"""Importing a street's grid from a sheet: all rows or nothing."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile, status

from api.adapters.sheets import read_sheet
from api.http.deps import WRITES, PrincipalDep, ServicesDep
from api.http.schemas.grid import ImportResult

router = APIRouter(prefix="/api/v1/grid", tags=["grid"])


@router.post(
    "/import",
    status_code=status.HTTP_201_CREATED,
    responses={422: {"description": "bad rows, each with its line number; nothing was imported"}},
    dependencies=WRITES,
)
def import_grid(
    svc: ServicesDep,
    principal: PrincipalDep,
    file: Annotated[UploadFile, File(description="CSV or XLSX, one row per building")],
    reason: Annotated[str, Form(min_length=1, max_length=500)],
) -> ImportResult:
    principal.require_admin("import a grid sheet")
    rows = read_sheet(file.filename or "", file.file.read())
    plan = svc.app.import_sheet(rows, actor=principal.username, reason=reason)
    return ImportResult(created=len(plan.to_create), unchanged=plan.unchanged)
