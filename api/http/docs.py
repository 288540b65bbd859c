"""/docs and /redoc built on assets served by the app itself: they work on an intranet with no internet."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

STATIC = Path(__file__).parent / "static"  # vendored from npm: see static/README.md
ASSETS = "/static"


def install(app: FastAPI) -> None:
    """Mounts the vendored assets and adds the two pages (the FastAPI constructor's own are off)."""
    app.mount(ASSETS, StaticFiles(directory=STATIC), name="static")
    openapi, title = app.openapi_url or "/openapi.json", app.title
    redirect = "/docs/oauth2-redirect"

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=openapi,
            title=f"{title} - Swagger UI",
            oauth2_redirect_url=redirect,
            swagger_js_url=f"{ASSETS}/swagger_ui/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS}/swagger_ui/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS}/swagger_ui/favicon-32x32.png",
            # no badge fetched from validator.swagger.io
            swagger_ui_parameters={"validatorUrl": None},
        )

    @app.get(redirect, include_in_schema=False)
    def swagger_ui_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return get_redoc_html(
            openapi_url=openapi,
            title=f"{title} - ReDoc",
            redoc_js_url=f"{ASSETS}/redoc/redoc.standalone.js",
            redoc_favicon_url=f"{ASSETS}/swagger_ui/favicon-32x32.png",
            with_google_fonts=False,
        )
