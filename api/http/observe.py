"""The middleware around every request: a request id, one log line, metrics, security headers."""

from __future__ import annotations

import logging
import re
import time
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.http.security_headers import HEADERS, policy
from api.logs import request_id
from api.metrics import outcome

log = logging.getLogger("gridgov.http")
_GIVEN_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")  # a proxy's id is kept only if it is plainly an id
_CHANGES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class Observe:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        rid = given if _GIVEN_ID.match(given) else uuid.uuid4().hex
        token = request_id.set(rid)
        started = time.perf_counter()
        status = 500
        path = scope["path"]
        extra = [
            (b"x-request-id", rid.encode()),
            (b"content-security-policy", policy(path).encode()),
            *((k.lower().encode(), v.encode()) for k, v in HEADERS.items()),
        ]

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            self._record(scope, status, time.perf_counter() - started, rid)
            request_id.reset(token)

    def _record(self, scope: Scope, status: int, seconds: float, rid: str) -> None:
        route = getattr(scope.get("route"), "path", None) or ("/static" if scope["path"].startswith("/static") else "?")
        method = scope["method"]
        services = getattr(scope["app"].state, "services", None)
        if services is not None:
            metrics = services.metrics
            metrics.requests.labels(method, route, str(status)).inc()
            metrics.latency.labels(method, route).observe(seconds)
            if method in _CHANGES and route.startswith("/api/"):
                metrics.commands.labels(f"{method} {route}", outcome(status)).inc()
        account = scope.get("state", {}).get("account", "")
        log.info(
            "request",
            extra={
                "request_id": rid,
                "account": account,
                "method": method,
                "route": route,
                "status": status,
                "duration_ms": round(seconds * 1000, 2),
            },
        )
