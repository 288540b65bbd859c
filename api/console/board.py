"""The dispatch board (调度台) of grid leaders and the street office: what waits for them, tab by tab.

Every list, every number and every refusal is the JSON API's: the page calls its route functions
as the signed-in account, and its forms post to the same routes (console.js), so no rule is copied.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from api.console.board_data import (
    PAGE,
    TAB_NAMES,
    Caller,
    Choice,
    Tab,
    cards,
    category_names,
    choices,
    counts,
    departments,
    issue_list,
    may,
    places,
    rate_nodes,
)
from api.console.render import page
from api.console.viewer import ViewerDep
from api.http.deps import ServicesDep, TreeDep
from api.http.fresh import fresh
from api.http.routers.catalogue import CatalogueDep
from api.http.routers.dispatch import get_rates
from api.http.schemas.common import Offset
from api.http.schemas.issues import IssueOut
from domain.grid.duties import Duty
from domain.grid.tree import GridTree
from domain.issues.status import Command
from domain.issues.values import Rating, WhistleKind
from domain.shared.errors import ForbiddenError

router = APIRouter(prefix="/console", include_in_schema=False)
BOARD = "/console/board"
NodeCode = Annotated[str | None, Query(max_length=64)]
RatesBy = Literal["department", "node"]


@router.get("/board", dependencies=[fresh("issues")])
def board(
    request: Request,
    viewer: ViewerDep,
    svc: ServicesDep,
    tree: TreeDep,
    catalogue: CatalogueDep,
    tab: Tab = Tab.NEW,
    node: NodeCode = None,
    offset: Offset = 0,
    by: RatesBy | None = None,
    of: NodeCode = None,
) -> HTMLResponse:
    """`node` is whose board (default: the caller's own grid); `by` and `of` choose the rates shown
    (default: per department where the caller may compare departments, else per grid node)."""
    who = viewer.principal
    # The menu says which roles use the board; the lists below would also answer a grid worker.
    who.require(BOARD in dict(viewer.menu), "open the dispatch board (调度台) of street offices and grid leaders")
    caller = Caller(svc, who, tree, catalogue)
    mine = places(caller)
    if node is None and not mine:
        raise ForbiddenError(f"{who.username} leads no grid node whose board could be shown")
    here = node or mine[0].code
    context: dict[str, Any] = {
        "tab": tab,
        "tabs": TAB_NAMES,
        "counts": counts(caller, here),
        "here": tree.node(here),
        "places": mine,
        "place": _place(tree),
    }
    if tab is Tab.RATES:
        context |= _rates(caller, by, of or here, here)
    else:
        found = issue_list(caller, here, tab, offset=offset)
        shown = cards(caller, found)
        context |= {
            "cards": shown,
            "total": found.total,
            "offset": offset,
            "page_size": PAGE,
            "now": svc.app.clock.now(),
            "category": category_names(caller),
            "department": {d.code: d.name for d in departments(caller)},
            "may": lambda command, issue: may(caller, Command(command), issue),
            "kinds": list(WhistleKind),
            "ratings": list(Rating),
            "choices": _choices(caller),
            "owner": _owner(tree),
        }
    return page(request, "board/board.html", viewer, **context)


def _rates(caller: Caller, by: RatesBy | None, of: str, here: str) -> dict[str, Any]:
    """The API's rates, or its refusal (a grid leader may compare grid nodes, not departments)."""
    refused = None
    shown: RatesBy = by or "department"
    try:
        rows = get_rates(caller.svc, caller.principal, caller.tree, by=shown, node=of if shown == "node" else None)
    except ForbiddenError as error:
        if by is not None:
            rows, refused = [], error.message
        else:
            shown = "node"
            rows = get_rates(caller.svc, caller.principal, caller.tree, by=shown, node=of)
    names = {d.code: d.name for d in departments(caller)} if shown == "department" else {}
    return {
        "by": shown,
        "of": caller.tree.node(of),
        "rate_nodes": rate_nodes(caller.tree, here),
        "rows": rows,
        "refused": refused,
        "label_of": lambda key: names.get(key) or (caller.tree.node(key).name if key in caller.tree else key),
        "percent": _percent,
    }


def _percent(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.1f}%"


def _place(tree: GridTree) -> Callable[[str], str]:
    """Where an issue is, from its community down: the street is the board's own."""

    def place(code: str) -> str:
        if code not in tree:
            return code
        return " · ".join(view.name for view in tree.path(code)[1:]) or tree.node(code).name

    return place


def _owner(tree: GridTree) -> Callable[[str], str]:
    """The node an issue was escalated to and who leads it (上提至): the person now answerable."""

    def owner(code: str) -> str:
        if code not in tree:
            return "区级"
        name, answerable = tree.node(code).name, tree.responsible(code, Duty.LEADER)
        if answerable is None:
            return name
        where, leaders = answerable
        above = "" if where == code else tree.node(where).name
        return f"{name}（{above}网格长 {'、'.join(leaders)}）"

    return owner


def _choices(caller: Caller) -> Callable[[IssueOut], list[Choice]]:
    """Departments to call for an issue; issues of one street and category share the answer."""
    same = cache(lambda street, category: choices(caller, street, category))
    return lambda issue: same(issue.path[0], issue.category)
