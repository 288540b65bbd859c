"""The one table from errors to HTTP statuses, answered as problem+json (RFC 9457)."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from api.auth.principal import ForbiddenError
from domain.shared.errors import (
    AlreadyExistsError,
    ConflictError,
    DomainError,
    IllegalTransitionError,
    InvalidInputError,
    NotFoundError,
)

STATUS: dict[type[DomainError], tuple[int, str]] = {
    NotFoundError: (404, "Not found"),
    AlreadyExistsError: (409, "Already exists"),
    ConflictError: (409, "Conflict"),
    InvalidInputError: (422, "Invalid input"),
    IllegalTransitionError: (422, "Not allowed in the current state"),
    ForbiddenError: (403, "Forbidden"),
}


def problem(status: int, title: str, detail: str, **extra: Any) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type="application/problem+json")


def _domain_error(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, DomainError)
    status, title = next((value for kind, value in STATUS.items() if isinstance(error, kind)), (400, "Bad request"))
    extra: dict[str, Any] = {}
    if error.details:
        extra["errors"] = error.details
    if isinstance(error, IllegalTransitionError):
        extra.update(state=error.state, allowed=error.allowed)
    return problem(status, title, error.message, **extra)


def _validation_error(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    errors = [
        {
            "field": ".".join(str(p) for p in e["loc"] if p not in ("body", "query", "path", "header")),
            "reason": e["msg"],
        }
        for e in error.errors()
    ]
    detail = "; ".join(f"{e['field']}: {e['reason']}" for e in errors)
    return problem(422, "Invalid input", detail, errors=errors)


def _http_error(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HTTPException)
    title = HTTPStatus(error.status_code).phrase
    response = problem(error.status_code, title, str(error.detail))
    response.headers.update(error.headers or {})
    return response


def install(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
