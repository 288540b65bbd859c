"""Tamper evidence for auditors: signed tree heads, inclusion and consistency proofs, verification."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.auth.principal import Principal
from api.http.deps import WRITES, PrincipalDep, ServicesDep
from projections.audit.heads import all_heads
from projections.audit.proofs import consistency_bundle, inclusion_bundle
from projections.audit.verify import verify_log

router = APIRouter(prefix="/api/v1/audit", tags=["audit"])


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
