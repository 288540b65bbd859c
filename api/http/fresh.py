"""Freshness as one dependency: a route names the read models it reads, and they are brought up to
the end of the log before it runs (a write seen by this process is always in the answer)."""

from __future__ import annotations

from typing import Any

from fastapi import Depends

from api.http.deps import ServicesDep


def fresh(*models: str) -> Any:
    """`Depends` that catches up the named read models (every one, if none is named)."""

    def catch_up(svc: ServicesDep) -> None:
        svc.runner.catch_up(only=models or None)

    return Depends(catch_up)
