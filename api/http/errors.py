"""The one table from errors to HTTP statuses, answered as problem+json (RFC 9457).

Every body says what to send instead, and stays small whatever the request was: the first
MAX_ERRORS entries are listed (with a count of the rest) and long texts are cut.
"""

from __future__ import annotations

from email.message import Message
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.params import Form
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException

from api.http.open311 import errors as open311
from domain.shared.errors import (
    AlreadyExistsError,
    ConflictError,
    DomainError,
    ForbiddenError,
    IllegalTransitionError,
    InvalidInputError,
    NotFoundError,
    RateLimitedError,
)

STATUS: dict[type[DomainError], tuple[int, str]] = {
    NotFoundError: (404, "Not found"),
    AlreadyExistsError: (409, "Already exists"),
    ConflictError: (409, "Conflict"),
    InvalidInputError: (422, "Invalid input"),
    IllegalTransitionError: (422, "Not allowed in the current state"),
    ForbiddenError: (403, "Forbidden"),
    RateLimitedError: (429, "Too many requests"),
}
MAX_ERRORS = 20
MAX_TEXT = 300  # one field name or reason
MAX_DETAIL = 1000
_LOCATIONS = ("body", "query", "path", "header", "cookie")
# Domain field names that a client sends under an HTTP name.
_HTTP_NAMES = {"expected_version": "If-Match", "retry_key": "Idempotency-Key"}


def problem(
    status: int, title: str, detail: str, *, errors: list[dict[str, Any]] | None = None, **extra: Any
) -> JSONResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status, "detail": _cut(detail, MAX_DETAIL)}
    body |= extra
    if errors:
        body["errors"] = [{k: _cut(v, MAX_TEXT) for k, v in e.items()} for e in errors[:MAX_ERRORS]]
        if len(errors) > MAX_ERRORS:
            body["more_errors"] = len(errors) - MAX_ERRORS
    return JSONResponse(body, status_code=status, media_type="application/problem+json")


def _cut(value: Any, limit: int) -> Any:
    if isinstance(value, str) and len(value) > limit:
        return value[: limit - 1] + "…"
    return value


def _domain_error(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, DomainError)
    status, title = next((value for kind, value in STATUS.items() if isinstance(error, kind)), (400, "Bad request"))
    extra: dict[str, Any] = {}
    if isinstance(error, IllegalTransitionError):
        extra.update(state=error.state, allowed=error.allowed)
    errors = [
        {**e, "field": _HTTP_NAMES.get(str(e["field"]), e["field"])} if "field" in e else e for e in error.details
    ]
    return problem(status, title, error.message, errors=errors, **extra)


def _validation_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    raw = list(error.errors())
    sent = _media_type(request)
    form = _form_wanted(request)
    missing = [str(e["loc"][-1]) for e in raw if e["type"] == "missing" and e["loc"][0] == "body"]
    if form and form != sent and missing:
        article = "an" if form[0] in "aeiou" else "a"
        errors = [{"field": "body", "reason": f"send {_and(missing)} as {article} {form} form"}]
    else:
        errors = [_entry(e, error.body, sent) for e in raw]
    shown = "; ".join(f"{e['field']}: {e['reason']}" for e in errors[:MAX_ERRORS])
    more = f"; … and {len(errors) - MAX_ERRORS} more" if len(errors) > MAX_ERRORS else ""
    return problem(422, "Invalid input", shown + more, errors=errors)


def _entry(e: Any, body: Any, sent: str | None) -> dict[str, Any]:
    field = ".".join(str(p) for p in e["loc"] if p not in _LOCATIONS) or str(e["loc"][0])
    if e["loc"][0] == "header":  # as a client spells it: If-Match, not if-match
        field = "-".join(part.capitalize() for part in field.split("-"))
    if e["type"] == "json_invalid" and isinstance(body, str | bytes):
        text = body if isinstance(body, str) else body.decode(errors="replace")
        position = e["loc"][-1] if isinstance(e["loc"][-1], int) else 0
        line = text.count("\n", 0, position) + 1
        column = position - text.rfind("\n", 0, position)
        reason = e.get("ctx", {}).get("error", "malformed")
        return {"field": "body", "reason": f"the body is not valid JSON: {reason} at line {line} column {column}"}
    if tuple(e["loc"]) == ("body",) and (e["type"] == "missing" or not (sent or "").endswith("json")):
        what = "is missing" if e["type"] == "missing" else f"was sent as {sent}" if sent else "has no Content-Type"
        return {"field": "body", "reason": f"the body {what}: send it as JSON with Content-Type: application/json"}
    return {"field": field, "reason": e["msg"]}


def _form_wanted(request: Request) -> str | None:
    """The media type of the form the route reads, if it reads one."""
    route = request.scope.get("route")
    body = route.body_field if isinstance(route, APIRoute) else None
    return str(body.field_info.media_type) if body is not None and isinstance(body.field_info, Form) else None


def _media_type(request: Request) -> str | None:
    value = request.headers.get("content-type")
    if not value:
        return None
    header = Message()
    header["content-type"] = value
    return header.get_content_type()


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _http_error(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HTTPException)
    title = HTTPStatus(error.status_code).phrase
    response = problem(error.status_code, title, str(error.detail))
    response.headers.update(error.headers or {})
    return response


def install(app: FastAPI) -> None:
    """Paths under /open311/ answer in the GeoReport v2 error shape instead (api/http/open311/errors.py)."""
    app.add_exception_handler(DomainError, open311.or_else(_domain_error))
    app.add_exception_handler(RequestValidationError, open311.or_else(_validation_error))
    app.add_exception_handler(HTTPException, open311.or_else(_http_error))
