"""Changing the grid tree: every route is one command and one event, with who and why."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from api.bootstrap import Services
from api.http.deps import WRITES, PrincipalDep, ServicesDep, TreeDep
from api.http.routers.grid import node_out
from api.http.schemas.grid import AssignPerson, CreateNode, MoveNode, NodeOut, RenameNode, RetireNode
from api.http.versions import IfMatch, expected_version
from domain.accounts.principal import Principal
from domain.accounts.roles import Role
from domain.grid.duties import Duty
from domain.grid.model import GridNode
from domain.grid.tree import GridTree
from domain.shared.errors import NotFoundError

router = APIRouter(prefix="/api/v1/grid/nodes", tags=["grid"], dependencies=WRITES)


@router.post("", status_code=status.HTTP_201_CREATED)
def create_node(
    body: CreateNode, svc: ServicesDep, principal: PrincipalDep, tree: TreeDep, response: Response
) -> NodeOut:
    who = principal.username
    if body.parent_code is None:
        principal.require_admin("create a street")
        node = svc.app.create_street(code=body.code, name=body.name, actor=who, reason=body.reason)
    else:
        _require_in_tree(tree, body.parent_code, "parent_code")
        principal.require_grid_write(tree, body.parent_code, f"add a node under {body.parent_code}", Role.OFFICE)
        node = svc.app.add_node(
            parent_code=body.parent_code, code=body.code, name=body.name, actor=who, reason=body.reason
        )
    return _answer(svc, principal, node, response)


@router.post("/{code}/rename")
def rename_node(
    code: str,
    body: RenameNode,
    svc: ServicesDep,
    principal: PrincipalDep,
    tree: TreeDep,
    response: Response,
    if_match: IfMatch = None,
) -> NodeOut:
    _require_in_tree(tree, code, "code")
    principal.require_grid_write(tree, code, f"rename {code}", Role.OFFICE)
    node = svc.app.rename_node(
        code=code,
        name=body.name,
        actor=principal.username,
        reason=body.reason,
        expected_version=expected_version(if_match),
    )
    return _answer(svc, principal, node, response)


@router.post("/{code}/move")
def move_node(
    code: str,
    body: MoveNode,
    svc: ServicesDep,
    principal: PrincipalDep,
    response: Response,
    if_match: IfMatch = None,
) -> NodeOut:
    principal.require_admin(f"move {code}")
    node = svc.app.move_node(
        code=code,
        new_parent=body.new_parent,
        actor=principal.username,
        reason=body.reason,
        expected_version=expected_version(if_match),
    )
    return _answer(svc, principal, node, response)


@router.post("/{code}/retire")
def retire_node(
    code: str,
    body: RetireNode,
    svc: ServicesDep,
    principal: PrincipalDep,
    response: Response,
    if_match: IfMatch = None,
) -> NodeOut:
    principal.require_admin(f"retire {code}")
    node = svc.app.retire_node(
        code=code, actor=principal.username, reason=body.reason, expected_version=expected_version(if_match)
    )
    return _answer(svc, principal, node, response)


@router.post("/{code}/assign")
def assign(
    code: str, body: AssignPerson, svc: ServicesDep, principal: PrincipalDep, tree: TreeDep, response: Response
) -> NodeOut:
    _require_staffing(principal, tree, code, body.duty)
    node = svc.app.assign(
        code=code, username=body.username, duty=body.duty, actor=principal.username, reason=body.reason
    )
    return _answer(svc, principal, node, response)


@router.post("/{code}/unassign")
def unassign(
    code: str, body: AssignPerson, svc: ServicesDep, principal: PrincipalDep, tree: TreeDep, response: Response
) -> NodeOut:
    _require_staffing(principal, tree, code, body.duty)
    node = svc.app.unassign(
        code=code, username=body.username, duty=body.duty, actor=principal.username, reason=body.reason
    )
    return _answer(svc, principal, node, response)


def _require_staffing(principal: Principal, tree: GridTree, code: str, duty: str) -> None:
    """Offices staff their subtree; a grid leader may add and remove workers below them."""
    _require_in_tree(tree, code, "code")
    roles = (Role.OFFICE, Role.GRID_LEADER) if Duty.parse(duty) == Duty.WORKER else (Role.OFFICE,)
    principal.require_grid_write(tree, code, f"change the {duty}s of {code}", *roles)


def _require_in_tree(tree: GridTree, code: str, field: str) -> None:
    if code not in tree:
        raise NotFoundError(f"no grid node with code {code!r}", field=field)


def _answer(svc: Services, principal: Principal, node: GridNode, response: Response) -> NodeOut:
    response.headers["ETag"] = f'"{node.version}"'
    return node_out(svc, principal, svc.follower.catch_up(), node)
