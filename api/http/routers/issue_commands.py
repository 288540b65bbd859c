"""Issue commands over HTTP: each route checks who may act, then calls one command."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from api.auth.principal import GRID_ROLES, Principal
from api.bootstrap import Services
from api.http.deps import WRITES, PrincipalDep, ServicesDep, TreeDep
from api.http.routers.issues import issue_out
from api.http.schemas.issues import (
    Because,
    DepartmentAct,
    Extend,
    Feedback,
    IssueOut,
    Merge,
    Park,
    Progress,
    Rate,
    Redispatch,
    Verify,
    Whistle,
)
from domain.accounts.roles import Role
from domain.grid.tree import GridTree
from domain.shared.errors import InvalidInputError

router = APIRouter(prefix="/api/v1/issues/{issue_id}", tags=["issue commands"], dependencies=WRITES)

LEADERS = (Role.OFFICE, Role.GRID_LEADER)  # who registers, whistles, closes (街居吹哨)


def _grid(svc: Services, principal: Principal, tree: GridTree, issue_id: UUID, doing: str, *roles: Role) -> None:
    issue = svc.app.issue(issue_id)
    allowed = principal.has(Role.ADMIN) or principal.covers_issue(tree, issue.node, issue.owner, *roles)
    principal.require(allowed, f"{doing} issue {issue_id}")


def _department(principal: Principal, department: str | None, doing: str) -> str:
    """Department staff act for their own department; one with several must name it."""
    mine = principal.departments()
    if department is None:
        if len(mine) != 1:
            raise InvalidInputError("name the department you act for", field="department")
        department = mine[0]
    principal.require(department in mine, f"{doing} for department {department}")
    return department


@router.post("/accept")
def accept(issue_id: UUID, body: Because, svc: ServicesDep, principal: PrincipalDep, tree: TreeDep) -> IssueOut:
    _grid(svc, principal, tree, issue_id, "register", *LEADERS)
    return issue_out(svc.app.accept_issue(issue_id, actor=principal.username, reason=body.reason))


@router.post("/decline")
def decline(issue_id: UUID, body: Because, svc: ServicesDep, principal: PrincipalDep, tree: TreeDep) -> IssueOut:
    _grid(svc, principal, tree, issue_id, "decline", *LEADERS)
    return issue_out(svc.app.decline_issue(issue_id, actor=principal.username, reason=body.reason))


@router.post("/handle")
def handle(issue_id: UUID, body: Because, svc: ServicesDep, principal: PrincipalDep, tree: TreeDep) -> IssueOut:
    _grid(svc, principal, tree, issue_id, "handle", *LEADERS)
    return issue_out(svc.app.handle_in_grid(issue_id, actor=principal.username, reason=body.reason))


@router.post("/whistle")
def whistle(issue_id: UUID, body: Whistle, svc: ServicesDep, principal: PrincipalDep, tree: TreeDep) -> IssueOut:
    _grid(svc, principal, tree, issue_id, "blow the whistle on", *LEADERS)
    issue = svc.app.blow_whistle(
        issue_id,
        kind=body.kind,
        lead=body.lead,
        co_handlers=body.co_handlers,
        actor=principal.username,
        reason=body.reason,
    )
    return issue_out(issue)


@router.post("/check-in")
def check_in(issue_id: UUID, body: DepartmentAct, svc: ServicesDep, principal: PrincipalDep) -> IssueOut:
    department = _department(principal, body.department, "check in")
    return issue_out(svc.app.check_in(issue_id, department=department, actor=principal.username, reason=body.reason))


@router.post("/progress")
def progress(issue_id: UUID, body: Progress, svc: ServicesDep, principal: PrincipalDep) -> IssueOut:
    department = _department(principal, body.department, "record progress")
    issue = svc.app.record_progress(
        issue_id, department=department, note=body.note, actor=principal.username, reason=body.reason
    )
    return issue_out(issue)


@router.post("/feedback")
def feedback(issue_id: UUID, body: Feedback, svc: ServicesDep, principal: PrincipalDep, tree: TreeDep) -> IssueOut:
    if principal.has(Role.DEPARTMENT) and (body.department or not principal.scopes(*GRID_ROLES)):
        department: str | None = _department(principal, body.department, "feed back")
    else:
        _grid(svc, principal, tree, issue_id, "feed back on", *GRID_ROLES)
        department = None
    issue = svc.app.feed_back(
        issue_id, department=department, result=body.result, actor=principal.username, reason=body.reason
    )
    return issue_out(issue)


@router.post("/return")
def return_dispatch(issue_id: UUID, body: DepartmentAct, svc: ServicesDep, principal: PrincipalDep) -> IssueOut:
    department = _department(principal, body.department, "return a dispatch")
    issue = svc.app.return_dispatch(issue_id, department=department, actor=principal.username, reason=body.reason)
    return issue_out(issue)


@router.post("/redispatch")
def redispatch(issue_id: UUID, body: Redispatch, svc: ServicesDep, principal: PrincipalDep, tree: TreeDep) -> IssueOut:
    _grid(svc, principal, tree, issue_id, "re-dispatch", *LEADERS)
    issue = svc.app.redispatch(
        issue_id,
        from_department=body.from_department,
        to_department=body.to_department,
        actor=principal.username,
        reason=body.reason,
    )
    return issue_out(issue)


@router.post("/verify")
def verify(issue_id: UUID, body: Verify, svc: ServicesDep, principal: PrincipalDep, tree: TreeDep) -> IssueOut:
    _grid(svc, principal, tree, issue_id, "verify", *GRID_ROLES)
    issue = svc.app.verify(
        issue_id, passed=body.passed, departments=body.departments, actor=principal.username, reason=body.reason
    )
    return issue_out(issue)


@router.post("/close")
def close(issue_id: UUID, body: Because, svc: ServicesDep, principal: PrincipalDep, tree: TreeDep) -> IssueOut:
    _grid(svc, principal, tree, issue_id, "close", *LEADERS)
    return issue_out(svc.app.close_issue(issue_id, actor=principal.username, reason=body.reason))


@router.post("/rate")
def rate(issue_id: UUID, body: Rate, svc: ServicesDep, principal: PrincipalDep, tree: TreeDep) -> IssueOut:
    _grid(svc, principal, tree, issue_id, "rate departments on", Role.OFFICE)
    issue = svc.app.rate(
        issue_id, department=body.department, rating=body.rating, actor=principal.username, reason=body.reason
    )
    return issue_out(issue)


@router.post("/reopen")
def reopen(issue_id: UUID, body: Because, svc: ServicesDep, principal: PrincipalDep, tree: TreeDep) -> IssueOut:
    _grid(svc, principal, tree, issue_id, "reopen", *LEADERS)
    return issue_out(svc.app.reopen(issue_id, actor=principal.username, reason=body.reason))


@router.post("/extend")
def extend(issue_id: UUID, body: Extend, svc: ServicesDep, principal: PrincipalDep, tree: TreeDep) -> IssueOut:
    """A department asks for more time (with `until`); the street office approves (without)."""
    if body.until is not None:
        department = _department(principal, body.department, "ask for an extension")
        issue = svc.app.request_extension(
            issue_id, department=department, until=body.until, actor=principal.username, reason=body.reason
        )
        return issue_out(issue)
    _grid(svc, principal, tree, issue_id, "approve extensions on", Role.OFFICE)
    if body.department is None:
        raise InvalidInputError("name the department whose extension you approve", field="department")
    issue = svc.app.grant_extension(issue_id, department=body.department, actor=principal.username, reason=body.reason)
    return issue_out(issue)


@router.post("/park")
def park(issue_id: UUID, body: Park, svc: ServicesDep, principal: PrincipalDep, tree: TreeDep) -> IssueOut:
    _grid(svc, principal, tree, issue_id, "park", Role.OFFICE)
    command = svc.app.unpark if body.resume else svc.app.park
    return issue_out(command(issue_id, actor=principal.username, reason=body.reason))


@router.post("/merge")
def merge(issue_id: UUID, body: Merge, svc: ServicesDep, principal: PrincipalDep, tree: TreeDep) -> IssueOut:
    _grid(svc, principal, tree, issue_id, "merge", *LEADERS)
    try:
        target = UUID(body.into)
    except ValueError:
        raise InvalidInputError("into must be an issue id", field="into") from None
    _grid(svc, principal, tree, target, "merge into", *LEADERS)
    return issue_out(svc.app.merge(issue_id, into=target, actor=principal.username, reason=body.reason))
