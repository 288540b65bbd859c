"""The app factory: routers, the error table, and the services built in the lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api.bootstrap import Services
from api.http import errors
from api.http.routers import (
    audit,
    auth,
    catalogue,
    dispatch,
    grid,
    grid_commands,
    grid_import,
    health,
    issue_commands,
    issues,
    users,
)


def create_app(make_services: Callable[[], Services], *, background: bool = False) -> FastAPI:
    """`background` starts the in-process follower that keeps read models current between requests."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        services = make_services()
        app.state.services = services
        follower = None
        if background:
            from api.follow import BackgroundFollower

            follower = BackgroundFollower(services)
            follower.start()
        try:
            yield
        finally:
            if follower is not None:
                follower.stop()
            services.close()

    app = FastAPI(
        title="gridgov",
        version="0.1.0",
        summary="Grid governance: the four-level grid tree, 吹哨报到 dispatch and audit, event-sourced.",
        lifespan=lifespan,
    )
    errors.install(app)
    for module in (
        health,
        auth,
        grid,
        grid_commands,
        grid_import,
        users,
        catalogue,
        issues,
        issue_commands,
        dispatch,
        audit,
    ):
        app.include_router(module.router)
    return app
