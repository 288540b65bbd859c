"""The service's own app with a trivial endpoint beside it, so the HTTP baseline runs on the same server.

GRIDGOV_DATA_DIR=… uvicorn bench.server:app [--workers 2]
"""

from __future__ import annotations

from pydantic import BaseModel

from api.bootstrap import bootstrap
from api.http.app import create_app


class Echo(BaseModel):
    node: str
    category: str
    description: str


app = create_app(bootstrap)  # API only, as in the scale-out deployment: a separate worker projects


@app.post("/bench/echo", status_code=201, include_in_schema=False)
async def echo(body: Echo) -> Echo:
    """The raw baseline: routing, a pydantic body and JSON out; no auth, no store."""
    return body
