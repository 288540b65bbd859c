"""A request body over the limit is refused with 413 before, or as soon as, it grows past it; a
URL over MAX_URL bytes with 414, which bounds every path and query parameter at once."""

from __future__ import annotations

from collections.abc import Mapping

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.http.errors import problem

MAX_URL = 4096  # path and query string together


class BodyLimit:
    """Pure ASGI: a declared Content-Length over the limit is answered at once; a body without one
    is counted as it arrives, and the route's read of it fails with 413 when it passes the limit."""

    def __init__(self, app: ASGIApp, *, max_bytes: int, larger: Mapping[str, int] | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.larger = dict(larger or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if len(scope.get("raw_path") or scope["path"].encode()) + len(scope.get("query_string", b"")) > MAX_URL:
            detail = f"the URL is over {MAX_URL:,} bytes: send long values in the body"
            await problem(414, "URI Too Long", detail)(scope, receive, send)
            return
        limit = self.larger.get(scope["path"], self.max_bytes)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _too_large(limit)(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise HTTPException(413, _detail(limit))
            return message

        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except HTTPException as error:  # read outside a route (e.g. by a middleware): answer here
            if error.status_code != 413 or started:
                raise
            await _too_large(limit)(scope, receive, send)


def _too_large(limit: int) -> ASGIApp:
    return problem(413, "Content Too Large", _detail(limit))


def _detail(limit: int) -> str:
    size = f"{limit >> 20} MiB" if limit % (1 << 20) == 0 else f"{limit:,} bytes"
    return f"the request body is over {size}: send at most {size} ({limit:,} bytes)"
