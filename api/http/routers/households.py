"""Households (户) over HTTP: formed, joined, left, split, and their members as of a date."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from api.bootstrap import Services
from api.http.deps import WRITES, PrincipalDep, ServicesDep, TreeDep
from api.http.fresh import fresh
from api.http.permits import PermitsDep
from api.http.routers.people import register_scopes, today
from api.http.schemas.common import Offset
from api.http.schemas.people import (
    ChangeHead,
    FormHousehold,
    HouseholdOut,
    HouseholdPage,
    JoinHousehold,
    LeaveHousehold,
    MemberOut,
    SplitHousehold,
)
from domain.accounts.principal import GRID_ROLES
from domain.people.household import Household
from domain.people.permissions import PeopleCommand
from projections.people.queries import household_page

router = APIRouter(prefix="/api/v1/households", tags=["people"])
P = PeopleCommand


@router.post("", status_code=201, dependencies=WRITES)
def form(body: FormHousehold, svc: ServicesDep, may: PermitsDep) -> HouseholdOut:
    head = svc.app.person(body.head, field="head")
    who = may.people(P.FORM_HOUSEHOLD, head.node, f"person {body.head}").username
    return household_out(svc.app.form_household(head=body.head, on=body.on, actor=who, reason=body.reason), body.on)


@router.get("", dependencies=[fresh("people")])
def list_households(
    svc: ServicesDep,
    principal: PrincipalDep,
    tree: TreeDep,
    on: Annotated[date | None, Query(description="where the heads lived on this day (default today)")] = None,
    node: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Offset = 0,
) -> HouseholdPage:
    scopes = register_scopes(principal, tree, node, "read households")
    day = on or today(svc)
    total, rows = household_page(svc.engine, scopes, node, on=day, limit=limit, offset=offset)
    items = [household_out(svc.app.household(UUID(row["id"])), day) for row in rows]
    return HouseholdPage(total=total, items=items)


@router.get("/{household_id}")
def get_household(
    household_id: UUID,
    svc: ServicesDep,
    principal: PrincipalDep,
    tree: TreeDep,
    on: Annotated[date | None, Query(description="members on this day (default today)")] = None,
) -> HouseholdOut:
    household = svc.app.household(household_id)
    allowed = principal.sees_everything or principal.covers(tree, household.node, *GRID_ROLES)
    principal.require(allowed, f"read household {household_id}")
    return household_out(household, on or today(svc))


@router.post("/{household_id}/join", dependencies=WRITES)
def join(household_id: UUID, body: JoinHousehold, svc: ServicesDep, may: PermitsDep) -> HouseholdOut:
    who = _may(svc, may, P.JOIN_HOUSEHOLD, household_id)
    household = svc.app.join_household(
        household_id, person=body.person, relation=body.relation, on=body.on, actor=who, reason=body.reason
    )
    return household_out(household, body.on)


@router.post("/{household_id}/leave", dependencies=WRITES)
def leave(household_id: UUID, body: LeaveHousehold, svc: ServicesDep, may: PermitsDep) -> HouseholdOut:
    who = _may(svc, may, P.LEAVE_HOUSEHOLD, household_id)
    if body.to_household is not None:
        _may(svc, may, P.JOIN_HOUSEHOLD, body.to_household)
    household = svc.app.leave_household(
        household_id, person=body.person, on=body.on, to_household=body.to_household, actor=who, reason=body.reason
    )
    return household_out(household, body.on)


@router.post("/{household_id}/change-head", dependencies=WRITES)
def change_head(household_id: UUID, body: ChangeHead, svc: ServicesDep, may: PermitsDep) -> HouseholdOut:
    who = _may(svc, may, P.CHANGE_HEAD, household_id)
    household = svc.app.change_head(
        household_id,
        person=body.person,
        former_relation=body.former_relation,
        on=body.on,
        actor=who,
        reason=body.reason,
    )
    return household_out(household, body.on)


@router.post("/{household_id}/split", status_code=201, dependencies=WRITES)
def split(household_id: UUID, body: SplitHousehold, svc: ServicesDep, may: PermitsDep) -> HouseholdOut:
    """Members leave to form their own household (分户): the answer is the new household."""
    who = _may(svc, may, P.SPLIT_HOUSEHOLD, household_id)
    household = svc.app.split_household(
        household_id, members=body.members, head=body.head, on=body.on, actor=who, reason=body.reason
    )
    return household_out(household, body.on)


def household_out(household: Household, on: date) -> HouseholdOut:
    def member(m: dict[str, str | None]) -> MemberOut:
        return MemberOut.model_validate(
            {"person": m["person"], "relation": m["relation"], "valid_from": m["from"], "valid_to": m["to"]}
        )

    return HouseholdOut(
        id=str(household.id),
        version=household.version,
        head=household.head,
        building=household.building,
        split_from=household.split_from,
        members=[member(m) for m in household.members_on(on)],
        history=[member(m) for m in household.members],
    )


def _may(svc: Services, may: PermitsDep, command: PeopleCommand, household_id: UUID) -> str:
    household = svc.app.household(household_id)
    return may.people(command, household.node, f"household {household_id}").username
