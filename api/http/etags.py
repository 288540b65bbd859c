"""Issue responses carry their version as an ETag: the value a command's If-Match sends back.

Grid nodes set theirs in the route; an issue is answered by some twenty routes (every command
answers the issue as it now is), so their routers tag the answer once, here, from its `version`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response


class VersionTagged(APIRoute):
    """A route whose successful JSON answer has a whole-number `version` gets `ETag: "version"`."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def tagged(request: Request) -> Response:
            response = await handler(request)
            if 200 <= response.status_code < 300 and response.media_type == "application/json":
                answer = json.loads(bytes(response.body)) if response.body else None
                version = answer.get("version") if isinstance(answer, dict) else None
                if isinstance(version, int) and not isinstance(version, bool):
                    response.headers["ETag"] = f'"{version}"'
            return response

        return tagged
