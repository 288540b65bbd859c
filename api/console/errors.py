"""Errors on console pages: the API's one error table, shown as a page instead of problem+json."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response

from api.console.render import page
from api.console.viewer import SignInRequiredError

Handler = Callable[[Request, Exception], Response | Awaitable[Response]]


def install(app: FastAPI) -> None:
    """Wraps every installed handler: console pages get an HTML page with the same status and reason."""
    for kind, handler in list(app.exception_handlers.items()):
        if isinstance(kind, type):
            app.add_exception_handler(kind, _as_page(handler))
    app.add_exception_handler(SignInRequiredError, _sign_in)


def _as_page(handler: Handler) -> Handler:
    async def handle(request: Request, error: Exception) -> Response:
        answer = handler(request, error)
        response = await answer if isinstance(answer, Awaitable) else answer
        if not request.url.path.startswith("/console"):
            return response
        problem = json.loads(bytes(response.body))
        return page(request, "error.html", None, response.status_code, problem=problem)

    return handle


def _sign_in(request: Request, error: Exception) -> Response:
    """A page goes to the sign-in page; a fragment (htmx) is told 401, so the page itself goes there
    instead of the sign-in page being pasted into it."""
    assert isinstance(error, SignInRequiredError)
    if request.headers.get("HX-Request"):
        return Response(status_code=401, headers={"Cache-Control": "no-store"})
    return RedirectResponse(error.location, status_code=303)
