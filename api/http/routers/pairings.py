"""Assistance pairings over HTTP (帮扶 / 帮教 / 结对): commands, lists, compliance and coverage.

Who may run what is `domain/pairings/permissions.py`; in which state is `domain/pairings/status.py`;
the cadence each kind owes is `POLICIES` in `domain/pairings/policy.py`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from api.http.deps import AsOfDep, ServicesDep
from api.http.fresh import fresh
from api.http.pairing_permits import PAIRING_WRITES, PairingPermitsDep
from api.http.schemas.common import Limit, Offset
from api.http.schemas.pairings import (
    Because,
    ChangeHelper,
    ComplianceOut,
    CoverageOut,
    CoverageRow,
    CreatePairing,
    LogContact,
    PairingOut,
    PairingPage,
    PairingRow,
    PairingStandingRow,
    RegisterCoverageOut,
)
from api.http.schemas.shaping_pairings import obligation_out, pairing_out, tally_out
from domain.accounts.principal import GRID_ROLES
from domain.pairings.values import PairingCommand, PairingKind, PairingStatus, SubjectKind
from projections.pairings.compliance import compliance, coverage
from projections.pairings.coverage import register_coverage
from projections.pairings.lists import PairingFilter, pairing_page

router = APIRouter(prefix="/api/v1/pairings", tags=["pairings"])
NodeParam = Annotated[str | None, Query(min_length=1, max_length=40, description="only pairings in this subtree")]
HelperParam = Annotated[str | None, Query(min_length=1, max_length=40, description="only this helper's pairings")]


@router.post("", status_code=201, dependencies=PAIRING_WRITES)
def create(body: CreatePairing, svc: ServicesDep, may: PairingPermitsDep) -> PairingOut:
    """Pairs a helper with a person or household. A helper past the kind's cap of households is 409."""
    may.create(body.subject_kind, body.subject_id)
    pairing = svc.app.pair(
        kind=body.kind,
        subject_kind=body.subject_kind,
        subject_id=body.subject_id,
        helper=body.helper,
        goal=body.goal,
        starts_on=body.starts_on,
        actor=may.username,
        reason=body.reason,
    )
    return pairing_out(pairing, pairing, svc.app.today())


@router.get("", dependencies=[fresh("pairings")])
def list_pairings(
    svc: ServicesDep,
    may: PairingPermitsDep,
    node: NodeParam = None,
    helper: HelperParam = None,
    kind: PairingKind | None = None,
    status: PairingStatus | None = None,
    subject_id: UUID | None = None,
    subject_kind: SubjectKind | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> PairingPage:
    may.require_node(node)
    where = PairingFilter(node, helper, kind, status, str(subject_id) if subject_id else None, subject_kind)
    total, rows = pairing_page(svc.engine, may.reader(), where, limit=limit, offset=offset)
    return PairingPage(
        total=total, items=[PairingRow.model_validate({k: r[k] for k in PairingRow.model_fields}) for r in rows]
    )


@router.get("/compliance", dependencies=[fresh("pairings")])
def get_compliance(
    svc: ServicesDep,
    may: PairingPermitsDep,
    as_of: AsOfDep = None,
    node: NodeParam = None,
    helper: HelperParam = None,
    kind: PairingKind | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> ComplianceOut:
    """Met, on track, due soon and overdue, per pairing, per helper and per node, on the day of `as_of`."""
    may.require_node(node)
    on = _day(svc, as_of)
    found = compliance(svc.engine, may.reader(), PairingFilter(node, helper, kind), on=on)
    return ComplianceOut(
        on=on,
        total=tally_out(found.total),
        by_helper=[tally_out(t) for t in found.by_helper],
        by_node=[tally_out(t) for t in found.by_node],
        pairings_total=len(found.pairings),
        pairings=[
            PairingStandingRow(
                pairing_id=one.pairing_id,
                kind=PairingKind(one.kind),
                subject_kind=SubjectKind(one.subject_kind),
                subject_id=one.subject_id,
                helper=one.helper,
                node=one.node,
                standing=one.standing,
                obligations=[obligation_out(o) for o in one.obligations],
            )
            for one in found.pairings[offset : offset + limit]
        ],
    )


@router.get("/coverage/register", dependencies=[fresh("pairings", "people")])
def get_register_coverage(
    svc: ServicesDep, may: PairingPermitsDep, as_of: AsOfDep = None, node: NodeParam = None
) -> RegisterCoverageOut:
    """帮扶责任人全覆盖 against the register: households whose head is 脱贫户 or monitored that day, and how
    many have an assistance pairing running."""
    may.require_node(node)
    who = may.principal
    scopes = None if who.sees_everything else who.scopes(*GRID_ROLES)
    found = register_coverage(svc.engine, scopes, node, on=_day(svc, as_of))
    return RegisterCoverageOut(
        on=found.on, needing=found.needing, covered=found.covered, rate=found.rate, uncovered=found.uncovered
    )


@router.get("/coverage", dependencies=[fresh("pairings")])
def get_coverage(
    svc: ServicesDep,
    may: PairingPermitsDep,
    as_of: AsOfDep = None,
    node: NodeParam = None,
    kind: PairingKind | None = None,
) -> CoverageOut:
    """帮扶责任人全覆盖: the share of subjects with a pairing running on the day of `as_of`."""
    may.require_node(node)
    on = _day(svc, as_of)
    found = coverage(svc.engine, may.reader(), PairingFilter(node, None, kind), on=on)
    return CoverageOut(
        on=on,
        basis="the subjects named by a pairing begun by that day (the register is not consulted)",
        items=[
            CoverageRow(
                subject_kind=SubjectKind(k),
                known=found.known[k],
                covered=found.covered[k],
                rate=found.rate(k),
                uncovered=found.uncovered[k],
            )
            for k in found.known
        ],
    )


@router.get("/{pairing_id}")
def get_pairing(pairing_id: UUID, svc: ServicesDep, may: PairingPermitsDep, as_of: AsOfDep = None) -> PairingOut:
    """The pairing as it was at `as_of` (helper, state), judged on that day from every contact dated by then."""
    current = may.pairing(PairingCommand.READ, pairing_id)
    shown = svc.app.pairing_as_of(pairing_id, as_of) if as_of else current
    return pairing_out(shown, current, _day(svc, as_of))


@router.post("/{pairing_id}/contacts", dependencies=PAIRING_WRITES)
def log_contact(pairing_id: UUID, body: LogContact, svc: ServicesDep, may: PairingPermitsDep) -> PairingOut:
    may.pairing(PairingCommand.LOG_CONTACT, pairing_id)
    pairing = svc.app.log_contact(
        pairing_id,
        kind=body.kind,
        on=body.on,
        note=body.note,
        evidence=body.evidence,
        actor=may.username,
        reason=body.reason,
    )
    return pairing_out(pairing, pairing, svc.app.today())


@router.post("/{pairing_id}/change-helper", dependencies=PAIRING_WRITES)
def change_helper(pairing_id: UUID, body: ChangeHelper, svc: ServicesDep, may: PairingPermitsDep) -> PairingOut:
    """Hands the pairing to another helper: a new fact, the old helper kept in `helpers`."""
    may.pairing(PairingCommand.CHANGE_HELPER, pairing_id)
    pairing = svc.app.change_helper(pairing_id, helper=body.helper, on=body.on, actor=may.username, reason=body.reason)
    return pairing_out(pairing, pairing, svc.app.today())


@router.post("/{pairing_id}/request-end", dependencies=PAIRING_WRITES)
def request_end(pairing_id: UUID, body: Because, svc: ServicesDep, may: PairingPermitsDep) -> PairingOut:
    """Asks to end the pairing (申请脱钩), with the reason; it runs on until approved."""
    may.pairing(PairingCommand.REQUEST_END, pairing_id)
    pairing = svc.app.request_pairing_end(pairing_id, actor=may.username, reason=body.reason)
    return pairing_out(pairing, pairing, svc.app.today())


@router.post("/{pairing_id}/approve-end", dependencies=PAIRING_WRITES)
def approve_end(pairing_id: UUID, body: Because, svc: ServicesDep, may: PairingPermitsDep) -> PairingOut:
    """The grid leader or office approves the end (批准脱钩); whoever asked cannot approve it."""
    may.pairing(PairingCommand.APPROVE_END, pairing_id)
    pairing = svc.app.approve_pairing_end(pairing_id, actor=may.username, reason=body.reason)
    return pairing_out(pairing, pairing, svc.app.today())


@router.post("/{pairing_id}/decline-end", dependencies=PAIRING_WRITES)
def decline_end(pairing_id: UUID, body: Because, svc: ServicesDep, may: PairingPermitsDep) -> PairingOut:
    may.pairing(PairingCommand.DECLINE_END, pairing_id)
    pairing = svc.app.decline_pairing_end(pairing_id, actor=may.username, reason=body.reason)
    return pairing_out(pairing, pairing, svc.app.today())


def _day(svc: ServicesDep, as_of: datetime | None) -> date:
    """The district's calendar day of `as_of` (today without it)."""
    return svc.app.local_date(as_of) if as_of else svc.app.today()
