"""The administrator's pages: the grid tree level by level with who leads each node; the account,
catalogue and calendar tables hang off the same router. Read-only: the CLI and API change them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse

from api.console import admin_lists
from api.console.admin_access import AdminDep
from api.console.render import page
from api.http.deps import ServicesDep, TreeDep
from api.http.routers import grid
from api.http.schemas.common import Offset
from domain.grid.levels import Level

router = APIRouter(prefix="/console", include_in_schema=False)
PAGE = 50


@router.get("/admin")
def grid_tree(
    request: Request,
    viewer: AdminDep,
    svc: ServicesDep,
    tree: TreeDep,
    node: Annotated[str, Query(max_length=40)] = "",
    offset: Offset = 0,
) -> HTMLResponse:
    """One level at a time: the streets, or the chosen node with its children and their people."""
    who = viewer.principal
    here = path = None
    if node:
        here = grid.get_node(code=node, svc=svc, principal=who, tree=tree, response=Response(), as_of=None)
        path = grid.get_path(code=node, svc=svc, principal=who, tree=tree, as_of=None)
    level = None if node else Level.STREET.label
    listed = grid.list_nodes(
        svc=svc,
        principal=who,
        tree=tree,
        level=level,
        parent=node or None,
        include_retired=True,
        as_of=None,
        limit=PAGE,
        offset=offset,
    )
    children = [
        grid.get_node(code=c.code, svc=svc, principal=who, tree=tree, response=Response(), as_of=None)
        for c in listed.items
    ]
    return page(
        request,
        "admin/grid.html",
        viewer,
        here=here,
        path=path or [],
        children=children,
        total=listed.total,
        offset=offset,
        page_size=PAGE,
        leaf=Level.BUILDING.label,
    )


router.include_router(admin_lists.router)
