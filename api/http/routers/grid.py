"""Reading the grid tree: nodes, lists, subtrees, paths and who is responsible, now or as of."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.auth.masking import mask_phone
from api.bootstrap import Services
from api.http.deps import AsOfDep, PrincipalDep, ServicesDep, TreeDep
from api.http.schemas.common import Limit, Offset
from api.http.schemas.grid import (
    ChainLink,
    NodeBrief,
    NodeOut,
    NodePage,
    PersonOut,
    ResponsibleOut,
    SubtreeAnswer,
    SubtreeOut,
)
from domain.accounts.principal import Principal
from domain.accounts.roles import Role
from domain.grid.duties import Duty
from domain.grid.levels import Level
from domain.grid.model import GridNode
from domain.grid.tree import GridTree, NodeView, Subtree
from domain.shared.errors import NotFoundError
from projections.grid_tree import tree_as_of

router = APIRouter(prefix="/api/v1/grid/nodes", tags=["grid"])


@router.get("")
def list_nodes(
    svc: ServicesDep,
    principal: PrincipalDep,
    tree: TreeDep,
    level: Annotated[str | None, Query(max_length=20, description="street, community, compound or building")] = None,
    parent: Annotated[str | None, Query(max_length=40, description="only the children of this node")] = None,
    include_retired: bool = False,
    as_of: AsOfDep = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> NodePage:
    chosen = tree_as_of(svc.app, as_of) if as_of else tree
    wanted = Level.parse(level) if level else None
    if parent is not None:
        _require_read(principal, tree, parent)
        views = chosen.children(parent, include_retired=include_retired)
        views = [v for v in views if wanted is None or v.level == wanted]
    else:
        views = chosen.nodes(level=wanted, include_retired=include_retired)
    visible = [v for v in views if principal.can_read_subtree(tree, v.code)]
    return NodePage(total=len(visible), items=[_brief(v) for v in visible[offset : offset + limit]])


@router.get("/{code}")
def get_node(
    code: str, svc: ServicesDep, principal: PrincipalDep, tree: TreeDep, response: Response, as_of: AsOfDep = None
) -> NodeOut:
    _require_read(principal, tree, code)
    node = svc.app.node_as_of(code, as_of) if as_of else svc.app.node(code)
    response.headers["ETag"] = f'"{node.version}"'
    return node_out(svc, principal, tree, node)


@router.get("/{code}/subtree")
def get_subtree(
    code: str,
    svc: ServicesDep,
    principal: PrincipalDep,
    tree: TreeDep,
    depth: Annotated[int | None, Query(ge=0, le=3)] = None,
    include_retired: bool = False,
    as_of: AsOfDep = None,
) -> SubtreeAnswer:
    _require_read(principal, tree, code, subtree=True)
    chosen = _tree_at(svc, tree, code, as_of)
    sub = chosen.subtree(code, depth=depth, include_retired=include_retired)
    return SubtreeAnswer(root=_subtree_out(sub), counts=sub.counts())


@router.get("/{code}/path")
def get_path(
    code: str, svc: ServicesDep, principal: PrincipalDep, tree: TreeDep, as_of: AsOfDep = None
) -> list[NodeBrief]:
    _require_read(principal, tree, code)
    return [_brief(v) for v in _tree_at(svc, tree, code, as_of).path(code)]


@router.get("/{code}/responsible")
def get_responsible(
    code: str, svc: ServicesDep, principal: PrincipalDep, tree: TreeDep, as_of: AsOfDep = None
) -> ResponsibleOut:
    _require_read(principal, tree, code)
    chosen = _tree_at(svc, tree, code, as_of)
    leader = chosen.responsible(code, Duty.LEADER)
    workers = chosen.responsible(code, Duty.WORKER)
    return ResponsibleOut(
        code=code,
        leader=leader[1][0] if leader else None,
        leader_at=leader[0] if leader else None,
        workers=workers[1] if workers else [],
        workers_at=workers[0] if workers else None,
        escalation=[
            ChainLink(code=v.code, name=v.name, level=v.level.label, leader=v.leader, workers=list(v.workers))
            for v in chosen.escalation_chain(code)
        ],
    )


def _require_read(principal: Principal, tree: GridTree, code: str, *, subtree: bool = False) -> None:
    if code not in tree:
        # Scoped roles get 403 for unknown codes too, so a code's existence does not leak.
        principal.require(principal.sees_everything or principal.has(Role.DEPARTMENT), f"read grid node {code}")
        raise NotFoundError(f"no grid node with code {code!r}", field="code")
    allowed = principal.can_read_subtree(tree, code) if subtree else principal.can_read_node(tree, code)
    principal.require(allowed, f"read grid node {code}{' and its subtree' if subtree else ''}")


def _tree_at(svc: Services, tree: GridTree, code: str, as_of: datetime | None) -> GridTree:
    if as_of is None:
        return tree
    past = tree_as_of(svc.app, as_of)
    if code not in past:
        raise NotFoundError(f"grid node {code!r} did not exist at {as_of.isoformat()}", field="as_of")
    return past


def _brief(view: NodeView) -> NodeBrief:
    return NodeBrief(
        code=view.code, name=view.name, level=view.level.label, parent_code=view.parent_code, retired=view.retired
    )


def _subtree_out(sub: Subtree) -> SubtreeOut:
    node = sub.node
    return SubtreeOut(
        code=node.code,
        name=node.name,
        level=node.level.label,
        retired=node.retired,
        children=[_subtree_out(child) for child in sub.children],
    )


def node_out(svc: Services, principal: Principal, tree: GridTree, node: GridNode) -> NodeOut:
    show_phone = principal.sees_personal_data(tree, node.code)

    def person(username: str) -> PersonOut:
        account = svc.app.account(username)
        own = username == principal.username
        phone = account.phone if show_phone or own else mask_phone(account.phone)
        return PersonOut(username=username, display_name=account.display_name, phone=phone)

    level = Level(node.level)
    return NodeOut(
        code=node.code,
        name=node.name,
        level=level.label,
        level_name=level.chinese,
        parent_code=node.parent_code,
        retired=node.retired,
        leader=person(node.leader) if node.leader else None,
        workers=[person(w) for w in node.workers],
        version=node.version,
    )
