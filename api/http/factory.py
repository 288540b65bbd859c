"""The app of each API process of `gridgov serve --workers N`: uvicorn imports `create` and calls it.

Services come from the GRIDGOV_* environment, as every command's do. No API process follows the
log in the background: `serve` runs that, once, in its own `gridgov worker` process.
"""

from __future__ import annotations

from fastapi import FastAPI

from api.bootstrap import bootstrap
from api.http.app import create_app
from api.logs import configure
from api.settings import Settings


def create() -> FastAPI:
    settings = Settings()
    configure(settings.log_level)  # a spawned process starts with no logging set up
    return create_app(lambda: bootstrap(settings), background=False)
