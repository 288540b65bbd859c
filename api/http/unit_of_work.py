"""Each request is one unit of work: the log's head is read once, when something first needs it."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from domain.unit_of_work import unit_of_work


class UnitOfWork:
    """Pure ASGI, so the unit's context reaches the dependencies and routes run in the thread pool."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with unit_of_work():
            await self.app(scope, receive, send)
