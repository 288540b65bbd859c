"""The app factory: routers, the error table, the docs, and the services built in the lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api.bootstrap import Services
from api.console import admin, board, desk, signin, worker
from api.console import audit as audit_pages
from api.console import errors as console_errors
from api.console import people as people_pages
from api.console import rectification as rectification_pages
from api.http import docs, errors
from api.http.body_limit import BodyLimit
from api.http.observe import Observe
from api.http.routers import (
    api_clients,
    audit,
    auth,
    catalogue,
    dispatch,
    grid,
    grid_commands,
    grid_import,
    health,
    households,
    indicators,
    issue_commands,
    issues,
    monitoring,
    open311,
    open311_requests,
    pairings,
    people,
    photos,
    positions,
    public,
    rectification,
    reviews,
    standards,
    users,
    vocabulary,
)
from api.http.unit_of_work import UnitOfWork

# Every request body is bounded; a street's grid sheet (thousands of buildings, XLSX) and a photo may be larger.
MAX_BODY_BYTES = 1 << 20
LARGER_BODIES = {
    "/api/v1/grid/import": 16 << 20,
    "/api/v1/photos": photos.BODY_BYTES,
    "/public/v1/reports": photos.BODY_BYTES,
}


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
        docs_url=None,  # served by api.http.docs from vendored assets, not from a CDN
        redoc_url=None,
    )
    errors.install(app)
    app.add_middleware(UnitOfWork)
    app.add_middleware(BodyLimit, max_bytes=MAX_BODY_BYTES, larger=LARGER_BODIES)
    app.add_middleware(Observe)  # outermost: a refused body is logged and counted too
    docs.install(app)
    for module in (
        health,
        auth,
        grid,
        grid_commands,
        grid_import,
        users,
        catalogue,
        vocabulary,
        issues,
        issue_commands,
        dispatch,
        people,
        photos,
        households,
        pairings,
        monitoring,
        standards,
        rectification,
        reviews,
        positions,
        indicators,
        audit,
        api_clients,
        public,
        open311,
        open311_requests,
    ):
        app.include_router(module.router)
    for page in (signin, worker, board, desk, audit_pages, admin, people_pages, rectification_pages):
        app.include_router(page.router)
    console_errors.install(app)
    return app
