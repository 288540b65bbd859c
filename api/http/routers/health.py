"""Liveness, readiness and metrics: what a load balancer and Prometheus ask."""

from __future__ import annotations

import os
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from api.http.deps import ServicesDep, oauth2, principal
from api.http.schemas.health import Health, Readiness

router = APIRouter(tags=["health"])
LOOPBACK = frozenset({"127.0.0.1", "::1"})


@router.get("/healthz")
def healthz(svc: ServicesDep, response: Response) -> Health:
    """Liveness: the process answers (no token needed); `X-Process-ID` names which of `serve --workers N`'s did."""
    response.headers["X-Process-ID"] = str(os.getpid())
    return Health(status="ok", log_position=svc.app.recorder.max_notification_id() or 0)


@router.get("/readyz", responses={503: {"model": Readiness, "description": "not ready: see `problems`"}})
def readyz(svc: ServicesDep) -> JSONResponse:
    """Ready when both stores answer and no read model is more than GRIDGOV_READY_MAX_LAG events behind."""
    problems: list[str] = []
    try:
        log_position = svc.app.recorder.max_notification_id() or 0
    except Exception as error:  # any failure of the store means "not ready", and says which
        return _readiness(0, [f"the event store does not answer: {type(error).__name__}"])
    bound = svc.settings.ready_max_lag
    try:
        for model in svc.runner.models:
            behind = svc.app.recorder.select_notifications(
                svc.runner.position(model), bound + 1, topics=model.topics, inclusive_of_start=False
            )
            if len(behind) > bound:
                problems.append(f"read model {model.name} is more than {bound} events behind")
    except Exception as error:
        problems.append(f"the read models do not answer: {type(error).__name__}")
    return _readiness(log_position, problems)


def _readiness(log_position: int, problems: list[str]) -> JSONResponse:
    body = Readiness(ready=not problems, log_position=log_position, problems=problems)
    return JSONResponse(body.model_dump(), status_code=503 if problems else 200)


@router.get("/metrics", response_class=Response, responses={200: {"content": {CONTENT_TYPE_LATEST: {}}}})
def metrics(request: Request, svc: ServicesDep, token: Annotated[str | None, Depends(oauth2)]) -> Response:
    """Prometheus text format; from loopback without a token (GRIDGOV_METRICS_FROM_LOOPBACK), else admins only."""
    host = request.client.host if request.client else ""
    if not (svc.settings.metrics_from_loopback and host in LOOPBACK):
        principal(request, svc, token).require_admin("read the metrics")
    return Response(generate_latest(svc.metrics.registry), media_type=CONTENT_TYPE_LATEST)
