"""Errors under /open311/ in GeoReport v2's shape: a list of {code, description} (XML:
<errors><error><code>…), in the format the URL asked for.

The spec's rule: 404 for a resource that does not exist, 403 for a missing or wrong api_key, and
"basically 400" for any other request that cannot be fulfilled. We keep two more statuses a client
acts on differently: 409 (a client request id reused for a different request) and 429 (a phone
over its daily limit). Bodies stay small whatever was sent: at most MAX_ERRORS entries, each cut.
"""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException

from api.http.open311.formats import PREFIX, format_of_path
from api.http.open311.render import render
from domain.shared.errors import (
    AlreadyExistsError,
    ConflictError,
    DomainError,
    ForbiddenError,
    NotFoundError,
    RateLimitedError,
)

Handler = Callable[[Request, Exception], Response]
MAX_ERRORS = 20
MAX_TEXT = 500
_LOCATIONS = ("body", "query", "path", "header", "cookie")
_STATUS: tuple[tuple[type[DomainError], int], ...] = (
    (NotFoundError, 404),
    (ForbiddenError, 403),
    (AlreadyExistsError, 409),
    (ConflictError, 409),
    (RateLimitedError, 429),
)
_NO_ROUTE = (
    "no such resource: the façade answers services, services/{service_code}, requests, "
    "requests/{service_request_id} and tokens/{token}, each ending in .json or .xml"
)


def or_else(handler: Handler) -> Handler:
    """`handler` for every path but those under /open311/, which are answered in the spec's shape."""

    def handle(request: Request, error: Exception) -> Response:
        if request.url.path.startswith(PREFIX):
            return open311_error(request, error)
        return handler(request, error)

    return handle


def open311_error(request: Request, error: Exception) -> Response:
    status, descriptions, headers = _described(error)
    entries = [{"code": status, "description": _cut(d)} for d in descriptions[:MAX_ERRORS]]
    if len(descriptions) > MAX_ERRORS:
        entries.append({"code": status, "description": f"… and {len(descriptions) - MAX_ERRORS} more"})
    return render(format_of_path(request.url.path), "errors", entries, status=status, headers=headers)


def _described(error: Exception) -> tuple[int, list[str], dict[str, str]]:
    if isinstance(error, DomainError):
        status = next((code for kind, code in _STATUS if isinstance(error, kind)), 400)
        return status, _domain_descriptions(error), {}
    if isinstance(error, RequestValidationError):
        return 400, [_validation_description(e) for e in error.errors()], {}
    if isinstance(error, HTTPException):
        text = _NO_ROUTE if error.status_code == 404 else str(error.detail or HTTPStatus(error.status_code).phrase)
        return error.status_code, [text], dict(error.headers or {})
    return 400, ["the request could not be fulfilled"], {}


def _domain_descriptions(error: DomainError) -> list[str]:
    if len(error.details) > 1:
        return [f"{d.get('field', 'request')}: {d.get('reason', '')}" for d in error.details]
    return [error.message]


def _validation_description(e: Any) -> str:
    field = ".".join(str(p) for p in e["loc"] if p not in _LOCATIONS) or str(e["loc"][0])
    if e["loc"][0] == "header":
        field = "-".join(part.capitalize() for part in field.split("-"))
    return f"{field}: {e['msg']}"


def _cut(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"
