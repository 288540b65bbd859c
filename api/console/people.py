"""The people register's pages (人口): the register as of a day, one person, households, a new resident.

Every list and record comes from the JSON API's own route functions, called with the signed-in
account, so a page shows what the API shows that account (ID numbers and phones masked as the API
masks them) and is refused where the API refuses. The actions a record offers are the people
permission table's answer for this caller at the record's building, asked through the same
`Permits` the routes use; the forms send them to the API's routes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Annotated
from urllib.parse import urlencode
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import BeforeValidator

from api.auth.permits import Permits
from api.bootstrap import Services
from api.console.labels import chinese
from api.console.render import page
from api.console.viewer import Viewer, ViewerDep
from api.http.deps import ServicesDep, TreeDep
from api.http.fresh import fresh
from api.http.routers import grid, households, people
from api.http.schemas.common import MAX_PAGE, Offset
from api.http.schemas.grid import SubtreeOut
from api.http.schemas.people import HouseholdOut, ResidentOut
from domain.accounts.principal import GRID_ROLES
from domain.grid.levels import Level
from domain.grid.tree import GridTree
from domain.people.permissions import PeopleCommand
from domain.people.values import Gender, Relation, Sensitive, Tag
from domain.shared.errors import DomainError, ForbiddenError

router = APIRouter(prefix="/console", include_in_schema=False)

PAGE = 50  # register rows per page
HOUSEHOLDS_PAGE = 20  # each row opens its head's record for the name
PLACES_SHOWN = 500  # options in one place picker; choosing a smaller area lists the buildings beneath it
LIST_LIMIT = 500  # the most the register and household routes answer at once
P = PeopleCommand
PERSON_COMMANDS = (P.MOVE, P.TAG, P.END_TAG, P.REVEAL, P.FORM_HOUSEHOLD)
HOUSEHOLD_COMMANDS = (P.JOIN_HOUSEHOLD, P.LEAVE_HOUSEHOLD)
MEMBER_RELATIONS = [r for r in Relation if r is not Relation.HEAD]  # a household changes its head, never adds one

Blank = BeforeValidator(lambda value: value or None)  # an unchosen <select> or an empty box sends ""
Day = Annotated[date | None, Blank, Query(description="the day asked about (default today in Beijing)")]
NodeCode = Annotated[str, Query(max_length=64, description="blank: the caller's whole grid")]


@dataclass(frozen=True)
class Place:
    code: str
    name: str  # the node's name after its parent's, enough to tell two "1号楼" apart
    level: Level


@router.get("/people", dependencies=[fresh("people")])
def register(
    request: Request,
    viewer: ViewerDep,
    svc: ServicesDep,
    tree: TreeDep,
    on: Day = None,
    node: NodeCode = "",
    name: Annotated[str, Query(max_length=50)] = "",
    tag: Annotated[Tag | None, Blank, Query()] = None,
    building: NodeCode = "",
    living: Annotated[bool | None, Blank, Query()] = None,
    offset: Offset = 0,
) -> HTMLResponse:
    who = viewer.principal
    found = people.list_people(
        svc=svc,
        principal=who,
        tree=tree,
        on=on,
        node=node or None,
        name=name or None,
        tag=tag,
        building=building or None,
        living=living,
        limit=PAGE,
        offset=offset,
    )
    roots = _roots(viewer, svc, tree)
    # Buildings are listed beneath the chosen area, or the caller's own grid; a whole district is too many.
    under = [node] if node in tree else [] if who.sees_everything else roots
    chosen = {"on": found.on, "node": node, "name": name, "tag": tag, "building": building, "living": living}
    return page(
        request,
        "people/register.html",
        viewer,
        found=found,
        chosen=chosen,
        query=urlencode(
            {k: str(v).lower() if isinstance(v, bool) else v for k, v in chosen.items() if v not in (None, "")}
        ),
        areas=_places(viewer, svc, tree, roots, Level.COMPOUND),
        buildings=_places(viewer, svc, tree, under, Level.BUILDING, only=Level.BUILDING),
        tags=list(Tag),
        zh=chinese,
        may_register=any(_may(viewer, svc, tree, P.REGISTER, root) for root in roots),
        where=_namer(tree),
        offset=offset,
        page_size=PAGE,
    )


@router.get("/people/new")
def new_resident(request: Request, viewer: ViewerDep, svc: ServicesDep, tree: TreeDep) -> HTMLResponse:
    """The form a grid worker registers a resident with, at a building of their own grid."""
    roots = [root for root in _roots(viewer, svc, tree) if _may(viewer, svc, tree, P.REGISTER, root)]
    return page(
        request,
        "people/new.html",
        viewer,
        buildings=_places(viewer, svc, tree, roots, Level.BUILDING, only=Level.BUILDING),
        genders=list(Gender),
        today=people.today(svc),
    )


@router.get("/people/{person_id}", dependencies=[fresh("people")])
def person_page(
    request: Request, person_id: UUID, viewer: ViewerDep, svc: ServicesDep, tree: TreeDep, on: Day = None
) -> HTMLResponse:
    day = on or people.today(svc)
    person = people.get_person(person_id=person_id, svc=svc, principal=viewer.principal, tree=tree, on=day)
    home = person.residences[-1].building  # where the record lives in the grid: its latest residence
    offered = _offered(viewer, svc, tree, home, PERSON_COMMANDS)
    household = _household_of(viewer, svc, tree, person, day)
    movable: list[Place] = []
    if P.MOVE in offered:
        roots = [root for root in _roots(viewer, svc, tree) if _may(viewer, svc, tree, P.MOVE, root)]
        movable = _places(viewer, svc, tree, roots, Level.BUILDING, only=Level.BUILDING)
    head = None
    if household is not None:
        head = person if household.head == person.id else _residents(viewer, svc, tree, [household.head], day)[0]
    return page(
        request,
        "people/person.html",
        viewer,
        person=person,
        day=day,
        offered=offered,
        household=household,
        head=head,
        movable=movable,
        current_from=max((r.valid_from for r in person.residences if r.valid_from <= day), default=None),
        tags=list(Tag),
        fields=list(Sensitive),
        zh=chinese,
        where=_namer(tree),
    )


@router.get("/households", dependencies=[fresh("people")])
def household_list(
    request: Request,
    viewer: ViewerDep,
    svc: ServicesDep,
    tree: TreeDep,
    on: Day = None,
    node: NodeCode = "",
    offset: Offset = 0,
) -> HTMLResponse:
    day = on or people.today(svc)
    found = households.list_households(
        svc=svc, principal=viewer.principal, tree=tree, on=day, node=node or None, limit=HOUSEHOLDS_PAGE, offset=offset
    )
    heads = _residents(viewer, svc, tree, [h.head for h in found.items], day)
    chosen = {"on": day, "node": node}
    return page(
        request,
        "people/households.html",
        viewer,
        found=found,
        rows=list(zip(found.items, heads, strict=True)),
        chosen=chosen,
        query=urlencode({k: v for k, v in chosen.items() if v}),
        areas=_places(viewer, svc, tree, _roots(viewer, svc, tree), Level.COMPOUND),
        where=_namer(tree),
        offset=offset,
        page_size=HOUSEHOLDS_PAGE,
    )


@router.get("/households/{household_id}", dependencies=[fresh("people")])
def household_page(
    request: Request, household_id: UUID, viewer: ViewerDep, svc: ServicesDep, tree: TreeDep, on: Day = None
) -> HTMLResponse:
    day = on or people.today(svc)
    household = households.get_household(
        household_id=household_id, svc=svc, principal=viewer.principal, tree=tree, on=day
    )
    everyone = list(dict.fromkeys([household.head, *(m.person for m in household.history)]))
    names = dict(zip(everyone, _residents(viewer, svc, tree, everyone, day), strict=True))
    offered = _offered(viewer, svc, tree, household.building, HOUSEHOLD_COMMANDS)
    joinable = []
    if P.JOIN_HOUSEHOLD in offered:
        here = people.list_people(
            svc=svc,
            principal=viewer.principal,
            tree=tree,
            on=day,
            node=None,
            name=None,
            tag=None,
            building=household.building,
            living=True,
            limit=LIST_LIMIT,
            offset=0,
        )
        current = {m.person for m in household.members}
        joinable = [row for row in here.items if row.id not in current]
    return page(
        request,
        "people/household.html",
        viewer,
        household=household,
        names=names,
        day=day,
        offered=offered,
        joinable=joinable,
        relations=MEMBER_RELATIONS,
        zh=chinese,
        where=_namer(tree),
    )


def _may(viewer: Viewer, svc: Services, tree: GridTree, command: PeopleCommand, node: str) -> bool:
    try:
        Permits(viewer.principal, tree, svc.app).people(command, node, f"at {node}")
    except ForbiddenError:
        return False
    return True


def _offered(
    viewer: Viewer, svc: Services, tree: GridTree, node: str, commands: Iterable[PeopleCommand]
) -> set[PeopleCommand]:
    return {command for command in commands if _may(viewer, svc, tree, command, node)}


def _roots(viewer: Viewer, svc: Services, tree: GridTree) -> list[str]:
    """The tops of the caller's register: their grid grants, or every street for those who see everything."""
    who = viewer.principal
    if who.sees_everything:
        streets = grid.list_nodes(
            svc=svc,
            principal=who,
            tree=tree,
            level=Level.STREET.label,
            parent=None,
            include_retired=False,
            as_of=None,
            limit=MAX_PAGE,
            offset=0,
        )
        return [street.code for street in streets.items]
    return [scope for scope in dict.fromkeys(who.scopes(*GRID_ROLES)) if scope in tree]


def _places(
    viewer: Viewer, svc: Services, tree: GridTree, roots: list[str], deepest: Level, only: Level | None = None
) -> list[Place]:
    """The active nodes under `roots` down to `deepest` (or just those at level `only`), at most PLACES_SHOWN."""
    found: list[Place] = []
    for root in roots:
        depth = max(0, deepest - tree.node(root).level)
        answer = grid.get_subtree(root, svc, viewer.principal, tree, depth=depth, include_retired=False, as_of=None)
        found.extend(p for p in _walk(answer.root, _namer(tree)) if only is None or p.level is only)
        if len(found) >= PLACES_SHOWN:
            break
    return found[:PLACES_SHOWN]


def _walk(node: SubtreeOut, name: Callable[[str], str]) -> Iterator[Place]:
    yield Place(node.code, name(node.code), Level.parse(node.level))
    for child in node.children:
        yield from _walk(child, name)


def _namer(tree: GridTree) -> Callable[[str | None], str]:
    def name(code: str | None) -> str:
        if code is None or code not in tree:
            return code or "—"
        return " ".join(view.name for view in tree.path(code)[-2:])

    return name


def _residents(viewer: Viewer, svc: Services, tree: GridTree, ids: list[str], day: date) -> list[ResidentOut | None]:
    """Each person as the API shows them to the caller; None where it refuses (a member living elsewhere)."""
    found: list[ResidentOut | None] = []
    for person_id in ids:
        try:
            answer = people.get_person(
                person_id=UUID(person_id), svc=svc, principal=viewer.principal, tree=tree, on=day
            )
            found.append(answer)
        except DomainError:
            found.append(None)
    return found


def _household_of(viewer: Viewer, svc: Services, tree: GridTree, person: ResidentOut, day: date) -> HouseholdOut | None:
    """The household the person belonged to on `day`, among those headed in the building they lived in.

    The person's answer names no household, so the households of their building are asked instead.
    """
    if person.building is None:
        return None
    try:
        listed = households.list_households(
            svc=svc, principal=viewer.principal, tree=tree, on=day, node=person.building, limit=LIST_LIMIT, offset=0
        )
    except ForbiddenError:  # on a day they lived outside the caller's grid
        return None
    return next((h for h in listed.items if any(m.person == person.id for m in h.members)), None)
