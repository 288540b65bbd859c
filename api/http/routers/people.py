"""The register over HTTP: people and their history as of a date, masked; reveal and erase on purpose.

Who may do what is `domain/people/permissions.py`; the routes parse, ask it, call one command, shape.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, File, Form, Query, UploadFile

from api.adapters.sheets import REGISTER_HEADERS, read_rows
from api.auth.masking import mask_phone
from api.bootstrap import Services
from api.http.deps import WRITES, PrincipalDep, ServicesDep, TreeDep
from api.http.fresh import fresh
from api.http.permits import PermitsDep
from api.http.schemas.common import Offset
from api.http.schemas.people import (
    Because,
    CorrectDetails,
    CorrectResidence,
    Dated,
    EndTag,
    Imported,
    MergePerson,
    Move,
    RegisterPage,
    RegisterPerson,
    RegisterRow,
    ResidenceOut,
    ResidentOut,
    Reveal,
    Revealed,
    TagOut,
    TagPerson,
)
from domain.accounts.principal import GRID_ROLES, Principal
from domain.grid.tree import GridTree
from domain.people.idcard import masked
from domain.people.model import Person
from domain.people.permissions import PeopleCommand
from domain.people.sheet import COLUMNS, OPTIONAL
from domain.people.values import Sensitive, Tag
from projections.people.queries import RegisterFilter, register_page

router = APIRouter(prefix="/api/v1/people", tags=["people"])
P = PeopleCommand


def today(svc: Services) -> date:
    """A day in the register is a day on the district's working calendar (China: UTC+8)."""
    return svc.app.local_date(svc.app.clock.now())


@router.post("", status_code=201, dependencies=WRITES)
def register(body: RegisterPerson, svc: ServicesDep, may: PermitsDep) -> ResidentOut:
    svc.app.node(body.building, field="building")
    who = may.people(P.REGISTER, body.building, f"at {body.building}")
    person = svc.app.register_person(
        name=body.name,
        id_number=body.id_number,
        gender=body.gender,
        phone=body.phone,
        building=body.building,
        unit=body.unit,
        room=body.room,
        since=body.since,
        sensitive={str(k): v for k, v in body.sensitive.items()},
        actor=who.username,
        reason=body.reason,
    )
    return person_out(svc, person, today(svc))


@router.post(
    "/import",
    status_code=201,
    responses={422: {"description": "bad rows, each with its line number; nobody was imported"}},
    dependencies=WRITES,
)
def import_register(
    svc: ServicesDep,
    may: PermitsDep,
    file: Annotated[UploadFile, File(description="CSV or XLSX with Chinese or English headers, one row a person")],
    reason: Annotated[str, Form(min_length=1, max_length=500)],
) -> Imported:
    rows = read_rows(file.filename or "", file.file.read(), COLUMNS, REGISTER_HEADERS, OPTIONAL)
    for building in sorted({row.cells["building"] for row in rows if row.cells["building"] in may.tree}):
        may.people(P.IMPORT, building, f"at {building}")
    return Imported(registered=len(svc.app.import_register(rows, actor=may.principal.username, reason=reason)))


@router.get("", dependencies=[fresh("people")])
def list_people(
    svc: ServicesDep,
    principal: PrincipalDep,
    tree: TreeDep,
    on: Annotated[date | None, Query(description="the day the register is asked about (default today)")] = None,
    node: Annotated[str | None, Query(max_length=64, description="lived in this node's subtree on that day")] = None,
    name: Annotated[str | None, Query(max_length=50)] = None,
    tag: Tag | None = None,
    building: Annotated[str | None, Query(max_length=64)] = None,
    living: bool | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Offset = 0,
) -> RegisterPage:
    scopes = register_scopes(principal, tree, node, "read the register")
    day = on or today(svc)
    where = RegisterFilter(node, name, tag, building, living)
    total, rows = register_page(svc.engine, scopes, where, on=day, limit=limit, offset=offset)
    return RegisterPage(on=day, total=total, items=[RegisterRow.model_validate(row) for row in rows])


@router.get("/{person_id}")
def get_person(
    person_id: UUID,
    svc: ServicesDep,
    principal: PrincipalDep,
    tree: TreeDep,
    on: Annotated[date | None, Query(description="the day asked about (default today)")] = None,
) -> ResidentOut:
    person = svc.app.person(person_id)
    require_read(principal, tree, person)
    return person_out(svc, person, on or today(svc))


@router.post("/{person_id}/move", dependencies=WRITES)
def move(person_id: UUID, body: Move, svc: ServicesDep, may: PermitsDep) -> ResidentOut:
    who = _may(svc, may, P.MOVE, person_id)
    may.people(P.MOVE, body.building, f"into {body.building}")
    person = svc.app.move_person(
        person_id, building=body.building, unit=body.unit, room=body.room, on=body.on, actor=who, reason=body.reason
    )
    return person_out(svc, person, body.on)


@router.post("/{person_id}/correct-residence", dependencies=WRITES)
def correct_residence(person_id: UUID, body: CorrectResidence, svc: ServicesDep, may: PermitsDep) -> ResidentOut:
    who = _may(svc, may, P.CORRECT_RESIDENCE, person_id)
    person = svc.app.correct_residence(
        person_id,
        was=body.was,
        building=body.building,
        unit=body.unit,
        room=body.room,
        on=body.on,
        actor=who,
        reason=body.reason,
    )
    return person_out(svc, person, body.on)


@router.post("/{person_id}/correct-details", dependencies=WRITES)
def correct_details(person_id: UUID, body: CorrectDetails, svc: ServicesDep, may: PermitsDep) -> ResidentOut:
    who = _may(svc, may, P.CORRECT_DETAILS, person_id)
    changes = {str(k): v for k, v in body.changes.items()}
    person = svc.app.correct_details(person_id, changes=changes, actor=who, reason=body.reason)
    return person_out(svc, person, today(svc))


@router.post("/{person_id}/tag", dependencies=WRITES)
def tag(person_id: UUID, body: TagPerson, svc: ServicesDep, may: PermitsDep) -> ResidentOut:
    who = _may(svc, may, P.TAG, person_id)
    person = svc.app.tag_person(
        person_id, tag=body.tag, on=body.on, details=body.details, actor=who, reason=body.reason
    )
    return person_out(svc, person, body.on)


@router.post("/{person_id}/end-tag", dependencies=WRITES)
def end_tag(person_id: UUID, body: EndTag, svc: ServicesDep, may: PermitsDep) -> ResidentOut:
    who = _may(svc, may, P.END_TAG, person_id)
    person = svc.app.end_tag(person_id, tag=body.tag, on=body.on, actor=who, reason=body.reason)
    return person_out(svc, person, body.on)


@router.post("/{person_id}/death", dependencies=WRITES)
def death(person_id: UUID, body: Dated, svc: ServicesDep, may: PermitsDep) -> ResidentOut:
    who = _may(svc, may, P.RECORD_DEATH, person_id)
    return person_out(svc, svc.app.record_death(person_id, on=body.on, actor=who, reason=body.reason), body.on)


@router.post("/{person_id}/merge", dependencies=WRITES)
def merge(person_id: UUID, body: MergePerson, svc: ServicesDep, may: PermitsDep) -> ResidentOut:
    who = _may(svc, may, P.MERGE, person_id)
    _may(svc, may, P.MERGE, body.into)
    return person_out(svc, svc.app.merge_people(person_id, into=body.into, actor=who, reason=body.reason), today(svc))


@router.post("/{person_id}/undo-merge", dependencies=WRITES)
def undo_merge(person_id: UUID, body: Because, svc: ServicesDep, may: PermitsDep) -> ResidentOut:
    who = _may(svc, may, P.UNDO_MERGE, person_id)
    return person_out(svc, svc.app.undo_merge(person_id, actor=who, reason=body.reason), today(svc))


@router.post("/{person_id}/erase", dependencies=WRITES)
def erase(person_id: UUID, body: Because, svc: ServicesDep, may: PermitsDep) -> ResidentOut:
    """Destroys the person's key: their sealed fields read as erased everywhere; the history stays."""
    who = _may(svc, may, P.ERASE, person_id)
    person = svc.app.erase_person(person_id, actor=who, reason=body.reason)
    svc.settle_erasure()
    return person_out(svc, person, today(svc))


@router.post("/{person_id}/reveal")
def reveal(person_id: UUID, body: Reveal, svc: ServicesDep, may: PermitsDep) -> Revealed:
    """One sealed field in clear, for a stated reason; the read is recorded in the audit trail first."""
    who = _may(svc, may, P.REVEAL, person_id)
    value = svc.app.reveal(person_id, field=body.field, actor=who, reason=body.reason)
    return Revealed(person=str(person_id), field=body.field, value=value)


def register_scopes(principal: Principal, tree: GridTree, node: str | None, doing: str) -> list[str] | None:
    """The grid subtrees a register list may show the caller (None: everywhere); refuses other roles."""
    principal.require(principal.sees_everything or bool(principal.scopes(*GRID_ROLES)), doing)
    if node is not None:
        principal.require(principal.can_read_subtree(tree, node), f"{doing} under {node}")
    return None if principal.sees_everything else principal.scopes(*GRID_ROLES)


def require_read(principal: Principal, tree: GridTree, person: Person) -> None:
    """Grid roles read the people living in their subtree; administrators and auditors everyone."""
    allowed = principal.sees_everything or principal.covers(tree, person.node, *GRID_ROLES)
    principal.require(allowed, f"read person {person.id}")


def person_out(svc: Services, person: Person, on: date) -> ResidentOut:
    fields = svc.app.personal_fields(person) or {}
    place = person.residence_on(on)
    return ResidentOut(
        id=str(person.id),
        version=person.version,
        name=fields.get(Sensitive.NAME, ""),
        masked_id=masked(fields[Sensitive.ID_NUMBER]) if Sensitive.ID_NUMBER in fields else "",
        masked_phone=mask_phone(fields.get(Sensitive.PHONE, "")),
        gender=person.gender,
        building=place[0] if place else None,
        residences=[ResidenceOut(valid_from=start, building=p[0]) for start, p in sorted(person.residences.items())],
        tags=[TagOut(tag=t["tag"], valid_from=t["from"], valid_to=t["to"], details=t["details"]) for t in person.tags],
        died_on=person.died_on,
        living=person.living_on(on),
        merged_into=person.merged_into,
        absorbed=person.absorbed,
        erased=person.erased,
    )


def _may(svc: Services, may: PermitsDep, command: PeopleCommand, person_id: UUID) -> str:
    person = svc.app.person(person_id)
    return may.people(command, person.node, f"person {person_id}").username
