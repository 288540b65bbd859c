"""Tamper evidence for auditors: signed tree heads, inclusion and consistency proofs, verification."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.encoders import jsonable_encoder
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from api.audit_export import MEDIA, as_csv, as_jsonl, as_xlsx
from api.auth.principal import Principal
from api.bootstrap import Services
from api.http.deps import WRITES, PrincipalDep, ServicesDep
from api.http.schemas.common import AsOf
from projections.audit.heads import all_heads
from projections.audit.proofs import consistency_bundle, inclusion_bundle
from projections.audit.trail_queries import TrailFilter, page, stream
from projections.audit.verify import verify_log

router = APIRouter(prefix="/api/v1/audit", tags=["audit"])


class TrailQuery(BaseModel):
    entity_kind: str | None = Field(default=None, description="GridNode, Account, Issue, Department, Category …")
    entity_id: str | None = None
    actor: str | None = None
    node: str | None = Field(default=None, description="this grid node or below it, as the grid was then")
    kind: str | None = Field(default=None, description="event, e.g. GridNode.Moved")
    start: datetime | None = Field(default=None, alias="from")
    end: datetime | None = Field(default=None, alias="to")

    def where(self) -> TrailFilter:
        return TrailFilter(**self.model_dump())


def _auditor(principal: Principal) -> None:
    principal.require(principal.sees_everything, "read the audit log")


@router.get("/tree-heads")
def tree_heads(svc: ServicesDep, principal: PrincipalDep) -> dict[str, Any]:
    """Every signed tree head; copy them out and keep them, with the public key, outside the service."""
    _auditor(principal)
    heads = [h.to_dict() for h in all_heads(svc.engine)]
    return {"public_key": svc.audit_public_key().hex(), "heads": heads}


@router.post("/tree-heads", status_code=201, dependencies=WRITES)
def publish(svc: ServicesDep, principal: PrincipalDep) -> dict[str, object]:
    principal.require_admin("publish a tree head")
    return svc.publish_head().to_dict()


@router.get("/proofs/{position}")
def proof(position: int, svc: ServicesDep, principal: PrincipalDep) -> dict[str, Any]:
    """An inclusion proof bundle; verify it offline with `gridgov verify-proof FILE`."""
    _auditor(principal)
    svc.publish_head()  # on demand: a head always covers every hashed event
    return inclusion_bundle(svc.app, svc.engine, position)


@router.get("/consistency")
def consistency(
    svc: ServicesDep,
    principal: PrincipalDep,
    old: Annotated[int, Query(alias="from", ge=1)],
    new: Annotated[int, Query(alias="to", ge=1)],
) -> dict[str, Any]:
    _auditor(principal)
    return consistency_bundle(svc.engine, old, new)


@router.post("/verify")
def verify(svc: ServicesDep, principal: PrincipalDep) -> dict[str, Any]:
    """Recomputes every leaf and signed root from the stored events (a read: auditors may run it)."""
    _auditor(principal)
    svc.runner.catch_up()
    report = verify_log(svc.app, svc.engine)
    return {
        "ok": report.ok,
        "events_checked": report.events_checked,
        "heads_checked": report.heads_checked,
        "findings": [{"position": f.position, "problem": f.problem} for f in report.findings],
    }


@router.get("/events")
def events(
    svc: ServicesDep,
    principal: PrincipalDep,
    filters: Annotated[TrailQuery, Depends()],
    after: Annotated[int, Query(ge=0, description="the last position of the previous page")] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict[str, Any]:
    """The audit trail in log order, one entry per event, paginated by log position."""
    _recorded(svc, principal, "audit/events", {**filters.model_dump(mode="json"), "after": after})
    rows = page(svc.engine, filters.where(), after=after, limit=limit)
    return {"items": [_entry(r) for r in rows], "next_after": rows[-1]["position"] if len(rows) == limit else None}


@router.get("/events/export")
def export(
    svc: ServicesDep,
    principal: PrincipalDep,
    filters: Annotated[TrailQuery, Depends()],
    format: Literal["csv", "xlsx", "jsonl"] = "csv",
) -> StreamingResponse:
    _recorded(svc, principal, "audit/events/export", {**filters.model_dump(mode="json"), "format": format})
    writer = {"csv": as_csv, "jsonl": as_jsonl, "xlsx": as_xlsx}[format]
    headers = {"Content-Disposition": f'attachment; filename="gridgov-audit.{format}"'}
    return StreamingResponse(writer(stream(svc.engine, filters.where())), media_type=MEDIA[format], headers=headers)


@router.get("/entities/{kind}/{entity_id}")
def entity(kind: str, entity_id: str, svc: ServicesDep, principal: PrincipalDep) -> list[dict[str, Any]]:
    """Everything that ever happened to one grid node, account, issue, department or category."""
    _recorded(svc, principal, "audit/entities", {"kind": kind, "id": entity_id})
    where = TrailQuery(entity_kind=kind, entity_id=entity_id).where()
    return [_entry(r) for r in stream(svc.engine, where)]


def _recorded(svc: Services, principal: Principal, what: str, params: dict[str, Any]) -> None:
    """Audit reads are facts too: recorded before the answer is given."""
    _auditor(principal)
    svc.app.record_access(
        what=what, params={k: v for k, v in params.items() if v is not None}, actor=principal.username
    )
    svc.runner.catch_up()


def _entry(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "at": row["at"].isoformat()}


@router.get("/state/{kind}/{entity_id}")
def state(kind: str, entity_id: str, svc: ServicesDep, principal: PrincipalDep, as_of: AsOf = None) -> dict[str, Any]:
    """Any aggregate (GridNode, Account, Issue, Department, Category …) as it was at `as_of`."""
    moment = as_of or svc.app.clock.now()
    _recorded(svc, principal, "audit/state", {"kind": kind, "id": entity_id, "as_of": moment.isoformat()})
    aggregate = svc.app.state_as_of(kind, entity_id, moment)
    fields = {k: v for k, v in vars(aggregate).items() if not k.startswith("_") and k != "password_hash"}
    return {
        "kind": kind,
        "id": entity_id,
        "version": aggregate.version,
        "as_of": moment.isoformat(),
        "state": jsonable_encoder(fields),
    }
