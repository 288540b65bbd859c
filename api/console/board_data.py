"""What the dispatch board shows, fetched by calling the JSON API's own route functions.

Each list is the API's list with the caller's scope (a leader sees their community, the office its
street); each card adds the issue as GET /issues/{id} answers it, for its version (If-Match), its
dispatches and its deadlines. Which actions a card offers is asked of the domain's permission table.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from uuid import UUID

from api.bootstrap import Services
from api.http.routers.catalogue import list_categories, list_departments
from api.http.routers.dispatch import awaiting_rating
from api.http.routers.issues import get_issue, list_issues
from api.http.schemas.catalogue import DepartmentOut
from api.http.schemas.issues import IssueOut, IssuePage, IssueRow
from domain.accounts.permissions import Target
from domain.accounts.principal import Principal
from domain.accounts.roles import Role
from domain.grid.levels import Level
from domain.grid.tree import GridTree, NodeView
from domain.issues.permissions import authorize
from domain.issues.status import Command, Status
from domain.shared.errors import ForbiddenError
from projections.catalogue import CatalogueFollower

PAGE = 20
ALL_DEPARTMENTS = 100  # a district has a few dozen; the API's own page size


class Tab(StrEnum):
    NEW = "new"  # 新上报: accept or decline
    REGISTERED = "registered"  # 已立案: handle in the grid or blow the whistle
    RETURNED = "returned"  # 退回: re-dispatch
    EXTENSIONS = "extensions"  # 申请延期: approve
    OVERDUE = "overdue"  # 超期: how late, and who it was escalated to
    CLOSE = "close"  # 核查通过: close
    RATE = "rate"  # 已结案: rate each department
    RATES = "rates"  # 评价统计


TAB_NAMES: dict[Tab, str] = {
    Tab.NEW: "新上报",
    Tab.REGISTERED: "待处置",
    Tab.RETURNED: "退回改派",
    Tab.EXTENSIONS: "延期申请",
    Tab.OVERDUE: "超期",
    Tab.CLOSE: "待结案",
    Tab.RATE: "待评价",
    Tab.RATES: "评价统计",
}
# The issue list's filters behind each tab.
_FILTERS: dict[Tab, dict[str, Any]] = {
    Tab.NEW: {"status": Status.REPORTED},
    Tab.REGISTERED: {"status": Status.REGISTERED},
    Tab.RETURNED: {"returned": True},
    Tab.EXTENSIONS: {"extension_asked": True},
    Tab.OVERDUE: {"overdue": True},
    Tab.CLOSE: {"status": Status.VERIFIED},
}
COUNTED = (Tab.NEW, Tab.REGISTERED, Tab.RETURNED, Tab.EXTENSIONS, Tab.OVERDUE, Tab.CLOSE, Tab.RATE)


@dataclass(frozen=True)
class Caller:
    """The signed-in principal with what the API's route functions take beside it."""

    svc: Services
    principal: Principal
    tree: GridTree
    catalogue: CatalogueFollower


@dataclass(frozen=True)
class Card:
    row: IssueRow
    issue: IssueOut


@dataclass(frozen=True)
class Choice:
    """A department the grid may call to an issue; `in_remit` when it serves the issue's category."""

    code: str
    name: str
    in_remit: bool


def places(caller: Caller) -> list[NodeView]:
    """The nodes whose board the caller may open: their own grids, or every street for administrators."""
    if caller.principal.has(Role.ADMIN):
        return caller.tree.streets()
    codes = caller.principal.scopes(Role.OFFICE, Role.GRID_LEADER)
    return [caller.tree.node(code) for code in dict.fromkeys(codes) if code in caller.tree]


def issue_list(caller: Caller, node: str, tab: Tab, *, limit: int = PAGE, offset: int = 0) -> IssuePage:
    if tab is Tab.RATE:
        return awaiting_rating(node, caller.svc, caller.principal, caller.tree, limit=limit, offset=offset)
    where = {"status": None, "returned": None, "overdue": None, "extension_asked": False, **_FILTERS[tab]}
    return list_issues(
        caller.svc,
        caller.principal,
        caller.tree,
        node=node,
        category=None,
        department=None,
        limit=limit,
        offset=offset,
        **where,
    )


def counts(caller: Caller, node: str) -> dict[Tab, int]:
    return {tab: issue_list(caller, node, tab, limit=1).total for tab in COUNTED}


def cards(caller: Caller, page: IssuePage) -> list[Card]:
    return [Card(row, get_issue(UUID(row.id), caller.svc, caller.principal, caller.tree, None)) for row in page.items]


def may(caller: Caller, command: Command, issue: IssueOut) -> bool:
    """Whether the permission table lets the caller run `command` on the issue (the API asks the same)."""
    called = tuple(d.department for d in issue.dispatches)
    try:
        authorize(command, caller.principal, caller.tree, Target(issue.id, issue.node, issue.owner, called))
    except ForbiddenError:
        return False
    return True


def departments(caller: Caller, *, street: str | None = None, category: str | None = None) -> list[DepartmentOut]:
    found = list_departments(caller.principal, caller.catalogue, street, category, ALL_DEPARTMENTS, 0)
    return found.items


def choices(caller: Caller, street: str, category: str) -> list[Choice]:
    """The departments serving the street, those whose remit holds the category first."""
    serving = departments(caller, street=street)
    in_remit = {d.code for d in departments(caller, street=street, category=category)}
    ordered = sorted(serving, key=lambda d: d.code not in in_remit)
    return [Choice(d.code, d.name, d.code in in_remit) for d in ordered]


def category_names(caller: Caller) -> dict[str, str]:
    found = list_categories(caller.principal, caller.catalogue, None, 1000, 0)
    return {c.code: c.name for c in found.items}


def rate_nodes(tree: GridTree, node: str) -> list[NodeView]:
    """The node and the nodes below it whose children can be compared (buildings have none)."""
    return [view for view in tree.subtree(node, depth=2).walk() if view.level < Level.BUILDING]
