"""Liveness: the only endpoint that needs no token."""

from __future__ import annotations

from fastapi import APIRouter

from api.http.deps import ServicesDep

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz(svc: ServicesDep) -> dict[str, object]:
    return {"status": "ok", "log_position": svc.app.recorder.max_notification_id() or 0}
