"""The grid worker's home (phone first): report an incident, and my tasks to verify or finish.

Every choice and every list comes from the JSON API's own route functions, called with the signed-in
account, so the page shows exactly what the API would let this account see and do.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from api.auth.permits import Permits
from api.bootstrap import Services
from api.console.render import page
from api.console.viewer import Viewer, ViewerDep
from api.http.deps import ServicesDep, TreeDep
from api.http.fresh import fresh
from api.http.routers import catalogue, grid, issues
from api.http.schemas.catalogue import CategoryOut
from api.http.schemas.common import MAX_PAGE
from api.http.schemas.grid import SubtreeOut
from api.http.schemas.issues import IssueOut
from domain.accounts.principal import GRID_ROLES
from domain.grid.levels import Level
from domain.grid.tree import GridTree
from domain.issues.status import Status
from domain.issues.values import Urgency
from domain.shared.errors import DomainError

router = APIRouter(prefix="/console", include_in_schema=False)

TASKS_SHOWN = 20  # of each kind, newest first: more rarely wait in one worker's grid
PLACES_SHOWN = 2000  # a street office's whole street fits; the filter box narrows it
MAX_PHOTOS = 4  # as the API allows on a feedback; photos.js holds the same number


@dataclass
class Compound:
    """One group of the place picker: a compound and its buildings (a grant on one building: that alone)."""

    code: str
    name: str
    community: str  # two compounds of a street may share a name; their communities tell them apart
    buildings: list[tuple[str, str]] = field(default_factory=list)  # (code, name)


@router.get("/worker", dependencies=[fresh("issues")])
def worker_home(request: Request, viewer: ViewerDep, svc: ServicesDep, tree: TreeDep) -> HTMLResponse:
    who = viewer.principal
    compounds = _compounds(viewer, svc, tree)
    found = catalogue.list_categories(who, catalogue.current_catalogue(svc), department=None, limit=MAX_PAGE, offset=0)
    departments = catalogue.list_departments(
        who, catalogue.current_catalogue(svc), street=None, category=None, limit=MAX_PAGE, offset=0
    )
    shown = (Status.CITIZEN, Status.AWAITING_VERIFICATION, Status.HANDLING)
    tasks = {status: _tasks(viewer, svc, tree, status) for status in shown}
    names = {c.code: c.name for c in compounds} | {
        code: f"{c.name} {name}" for c in compounds for code, name in c.buildings
    }
    return page(
        request,
        "worker/home.html",
        viewer,
        compounds=compounds,
        majors=_by_major(found.items),
        categories={c.code: c for c in found.items},
        departments={d.code: d.name for d in departments.items},
        urgencies=list(Urgency),
        to_check=tasks[Status.CITIZEN],
        to_verify=tasks[Status.AWAITING_VERIFICATION],
        handling=tasks[Status.HANDLING],
        names=names,
        max_photos=MAX_PHOTOS,
    )


@router.get("/worker/duplicates")
def duplicates(
    request: Request,
    viewer: ViewerDep,
    svc: ServicesDep,
    tree: TreeDep,
    node: Annotated[str, Query(max_length=64)] = "",
    category: Annotated[str, Query(max_length=64)] = "",
) -> HTMLResponse:
    """The report form's duplicate check, as a fragment the form swaps in when a place or category is chosen."""
    found, problem = None, None
    if node and category:
        try:
            found = issues.possible_duplicates(svc, Permits(viewer.principal, tree, svc.app), node, category)
        except DomainError as refused:  # shown beside the form, which stays usable
            problem = refused.message
    return page(request, "worker/duplicates.html", viewer, found=found, problem=problem)


def _compounds(viewer: Viewer, svc: Services, tree: GridTree) -> list[Compound]:
    """The places the account reports at: each compound under its grid grants, with its buildings."""
    found: list[Compound] = []
    for scope in dict.fromkeys(viewer.principal.scopes(*GRID_ROLES)):
        if scope not in tree:
            continue  # a grant on a node since retired or moved away reaches nothing
        answer = grid.get_subtree(scope, svc, viewer.principal, tree, depth=None, include_retired=False, as_of=None)
        found.extend(_walk(answer.root, []))
    shown, room = [], PLACES_SHOWN
    for compound in found:
        if room <= 0:
            break
        compound.buildings = compound.buildings[: room - 1]
        room -= 1 + len(compound.buildings)
        shown.append(compound)
    return shown


def _walk(node: SubtreeOut, above: list[str]) -> Iterator[Compound]:
    if Level.parse(node.level) >= Level.COMPOUND:
        yield Compound(node.code, node.name, "".join(above[-1:]), [(b.code, b.name) for b in node.children])
        return
    for child in node.children:
        yield from _walk(child, [*above, node.name])


def _by_major(categories: list[CategoryOut]) -> dict[str, list[CategoryOut]]:
    majors: dict[str, list[CategoryOut]] = {}
    for category in sorted(categories, key=lambda c: c.code):
        majors.setdefault(category.major, []).append(category)
    return majors


def _tasks(viewer: Viewer, svc: Services, tree: GridTree, status: Status) -> tuple[int, list[IssueOut]]:
    """The total in this state within the account's grid, and the newest of them in full."""
    rows = issues.list_issues(
        svc,
        viewer.principal,
        tree,
        node=None,
        status=status,
        category=None,
        department=None,
        overdue=None,
        returned=None,
        limit=TASKS_SHOWN,
        offset=0,
    )
    full = [issues.get_issue(UUID(row.id), svc, viewer.principal, tree, as_of=None) for row in rows.items]
    return rows.total, full
