"""Household standards over HTTP (一超两不愁三保障三有): record a check, a household's standing
(now or as of), and the standards of a grid node and its children (now or as of)."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from api.http.deps import WRITES, AsOfDep, PrincipalDep, ServicesDep, TreeDep
from api.http.fresh import fresh
from api.http.monitoring_permits import MonitoringPermitsDep
from api.http.schemas.standards import (
    CheckOut,
    ItemShare,
    ItemStanding,
    NodeFigures,
    NodeStandardsOut,
    RecordCheck,
    StandingOut,
)
from domain.accounts.principal import GRID_ROLES
from domain.monitoring.status import CaseCommand
from domain.shared.errors import NotFoundError
from domain.standards.items import Item
from domain.standards.model import Check
from projections.audit.trail_queries import position_at
from projections.monitoring.node_standards import NodeStandards, node_standards

router = APIRouter(prefix="/api/v1/standards", tags=["standards"])


@router.post("/households/{household_id}/checks", status_code=201, dependencies=WRITES)
def record_check(household_id: UUID, body: RecordCheck, svc: ServicesDep, may: MonitoringPermitsDep) -> CheckOut:
    """One item checked at the household, or re-checked (回头看 / 回头帮 / 回头查: `kind`)."""
    who = may.household(CaseCommand.RECORD_STANDARD_CHECK, household_id)
    ledger = svc.app.record_standard_check(
        household_id,
        item=body.item,
        status=body.status,
        checked_on=body.checked_on,
        kind=body.kind,
        measure=body.measure,
        evidence=body.evidence,
        attachments=body.attachments,
        actor=who.username,
        reason=body.reason,
    )
    return check_out(ledger.checks[-1])


@router.get("/households/{household_id}")
def household_standing(
    household_id: UUID, svc: ServicesDep, may: MonitoringPermitsDep, as_of: AsOfDep = None
) -> StandingOut:
    """The standing on the date of `as_of` (today if omitted), from the checks recorded by then."""
    may.read_household(household_id)
    standing = svc.app.standing(household_id, as_of)
    return StandingOut(
        household_id=household_id,
        on=standing.on,
        national_line=standing.national_line,
        overall=standing.overall,
        groups=standing.groups,
        items=[
            ItemStanding(
                item=item,
                judgement=judgement,
                latest=check_out(standing.latest[item]) if item in standing.latest else None,
            )
            for item, judgement in standing.items.items()
        ],
    )


@router.get("/nodes/{code}", dependencies=[fresh("standards", "audit_trail")])
def node_figures(
    code: str, svc: ServicesDep, principal: PrincipalDep, tree: TreeDep, as_of: AsOfDep = None
) -> NodeStandardsOut:
    """Village/community standards: each item's share met, poverty incidence, for the node and its children."""
    if code not in tree:
        raise NotFoundError(f"no grid node with code {code!r}", field="code")
    principal.require(
        principal.sees_everything or principal.covers(tree, code, *GRID_ROLES), f"read the standards of {code}"
    )
    moment = as_of or svc.app.clock.now()
    position = None if as_of is None else position_at(svc.engine, as_of) or 0
    children = [view.code for view in tree.children(code)]
    total, parts = node_standards(svc.engine, code, children, on=svc.app.local_date(moment), position=position)
    return NodeStandardsOut(
        **_figures(total).model_dump(), on=svc.app.local_date(moment), children=[_figures(p) for p in parts]
    )


def _figures(figures: NodeStandards) -> NodeFigures:
    return NodeFigures(
        node=figures.node,
        households=figures.households,
        meeting_all=figures.meeting_all,
        income_checked=figures.income_checked,
        below_line=figures.below_line,
        poverty_incidence=figures.poverty_incidence,
        items=[ItemShare(item=item, met=figures.met[item], share=figures.share(item)) for item in Item],
    )


def check_out(check: Check) -> CheckOut:
    return CheckOut(
        item=check.item,
        status=check.status,
        measure=check.measure,
        checked_on=check.checked_on,
        kind=check.kind,
        checker=check.checker,
        evidence=check.evidence,
        attachments=list(check.attachments),
        recorded_at=check.recorded_at,
    )
