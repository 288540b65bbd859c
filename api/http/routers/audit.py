"""Tamper evidence for auditors: signed tree heads, inclusion and consistency proofs, verification."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from fastapi.encoders import jsonable_encoder
from fastapi.responses import StreamingResponse

from api.audit_export import MEDIA, as_csv, as_jsonl, as_xlsx
from api.bootstrap import Services
from api.http.deps import WRITES, AsOfDep, PrincipalDep, ServicesDep
from api.http.schemas.audit import (
    ConsistencyBundle,
    ProofBundle,
    StateAsOf,
    TrailEntry,
    TrailPage,
    TrailQuery,
    TreeHead,
    TreeHeads,
    VerifyFinding,
    VerifyReport,
)
from api.http.schemas.common import MAX_POSITION
from domain.accounts.principal import Principal
from domain.audit.kinds import EntityKind
from projections.audit.heads import all_heads, newest_heads
from projections.audit.proofs import consistency_bundle, inclusion_bundle
from projections.audit.trail_queries import TrailFilter, page, stream
from projections.audit.verify import verify_log

router = APIRouter(prefix="/api/v1/audit", tags=["audit"])

TrailFilters = Annotated[TrailQuery, Query()]
PathPosition = Annotated[int, Path(ge=1, le=MAX_POSITION, description=f"a log position, 1 … {MAX_POSITION}")]
EntityId = Annotated[str, Path(min_length=1, max_length=60, description="node code, username, issue id …")]


def _auditor(principal: Principal) -> None:
    principal.require(principal.sees_everything, "read the audit log")


@router.get("/tree-heads")
def tree_heads(
    svc: ServicesDep,
    principal: PrincipalDep,
    newest: Annotated[
        int | None, Query(ge=1, le=1000, description="only the newest N heads (a verifier needs the latest one)")
    ] = None,
) -> TreeHeads:
    """Every signed tree head; copy them out and keep them, with the public key, outside the service.

    Heads are published every few minutes while events arrive, up to about 100,000 a year: a
    browser checking one proof asks for `newest=1`."""
    _auditor(principal)
    found = all_heads(svc.engine) if newest is None else newest_heads(svc.engine, newest)
    heads = [TreeHead.model_validate(h.to_dict()) for h in found]
    return TreeHeads(public_key=svc.audit_public_key().hex(), heads=heads)


@router.post("/tree-heads", status_code=201, dependencies=WRITES)
def publish(svc: ServicesDep, principal: PrincipalDep) -> TreeHead:
    principal.require_admin("publish a tree head")
    return TreeHead.model_validate(svc.publish_head().to_dict())


@router.get("/proofs/{position}")
def proof(position: PathPosition, svc: ServicesDep, principal: PrincipalDep) -> ProofBundle:
    """An inclusion proof bundle; verify it offline with `gridgov verify-proof FILE --trusted-key HEX`."""
    _auditor(principal)
    svc.publish_head()  # on demand: a head always covers every hashed event
    return ProofBundle.model_validate(inclusion_bundle(svc.app, svc.engine, position))


@router.get("/consistency")
def consistency(
    svc: ServicesDep,
    principal: PrincipalDep,
    old: Annotated[int, Query(alias="from", ge=1, le=MAX_POSITION, description="the size of the head you kept")],
    new: Annotated[int, Query(alias="to", ge=1, le=MAX_POSITION, description="the size of a newer head")],
) -> ConsistencyBundle:
    _auditor(principal)
    return ConsistencyBundle.model_validate(consistency_bundle(svc.engine, old, new))


@router.post("/verify")
def verify(svc: ServicesDep, principal: PrincipalDep) -> VerifyReport:
    """Recomputes every leaf and signed root from the stored bytes (a read: auditors may run it)."""
    _auditor(principal)
    svc.hash_log()
    report = verify_log(svc.app, svc.engine)
    return VerifyReport(
        ok=report.ok,
        events_checked=report.events_checked,
        heads_checked=report.heads_checked,
        findings=[VerifyFinding(position=f.position, problem=f.problem) for f in report.findings],
    )


@router.get("/events")
def events(
    svc: ServicesDep,
    principal: PrincipalDep,
    filters: TrailFilters,
    after: Annotated[int, Query(ge=0, le=MAX_POSITION, description="the last position of the previous page")] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> TrailPage:
    """The audit trail in log order, one entry per event, paginated by log position."""
    _recorded(svc, principal, "audit/events", {**filters.model_dump(mode="json", by_alias=True), "after": after})
    rows = page(svc.engine, filters.where(), after=after, limit=limit)
    next_after = rows[-1]["position"] if len(rows) == limit else None
    return TrailPage(items=[TrailEntry.model_validate(r) for r in rows], next_after=next_after)


@router.get("/events/export")
def export(
    svc: ServicesDep,
    principal: PrincipalDep,
    filters: TrailFilters,
    format: Literal["csv", "xlsx", "jsonl"] = "csv",
) -> StreamingResponse:
    params = {**filters.model_dump(mode="json", by_alias=True), "format": format}
    _recorded(svc, principal, "audit/events/export", params)
    writer = {"csv": as_csv, "jsonl": as_jsonl, "xlsx": as_xlsx}[format]
    headers = {"Content-Disposition": f'attachment; filename="gridgov-audit.{format}"'}
    return StreamingResponse(writer(stream(svc.engine, filters.where())), media_type=MEDIA[format], headers=headers)


@router.get("/entities/{kind}/{entity_id}")
def entity(kind: EntityKind, entity_id: EntityId, svc: ServicesDep, principal: PrincipalDep) -> list[TrailEntry]:
    """Everything that ever happened to one grid node, account, issue, department or category."""
    _recorded(svc, principal, "audit/entities", {"kind": kind.value, "id": entity_id})
    where = TrailFilter(entity_kind=kind, entity_id=entity_id)
    return [TrailEntry.model_validate(r) for r in stream(svc.engine, where)]


def _recorded(svc: Services, principal: Principal, what: str, params: dict[str, Any]) -> None:
    """Audit reads are facts too: recorded before the answer is given."""
    _auditor(principal)
    svc.record_read(what, {k: v for k, v in params.items() if v is not None}, actor=principal.username)


@router.get("/state/{kind}/{entity_id}")
def state(
    kind: EntityKind, entity_id: EntityId, svc: ServicesDep, principal: PrincipalDep, as_of: AsOfDep = None
) -> StateAsOf:
    """Any aggregate (GridNode, Account, Issue, Department, Category …) as it was at `as_of`."""
    moment = as_of or svc.app.clock.now()
    _recorded(svc, principal, "audit/state", {"kind": kind.value, "id": entity_id, "as_of": moment.isoformat()})
    aggregate = svc.app.state_as_of(kind, entity_id, moment)
    fields = {k: v for k, v in vars(aggregate).items() if not k.startswith("_") and k != "password_hash"}
    return StateAsOf(kind=kind, id=entity_id, version=aggregate.version, as_of=moment, state=jsonable_encoder(fields))
