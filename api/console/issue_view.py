"""What a console page shows of an issue: the names behind its codes, and the actions it offers.

The names come from the JSON API's own catalogue routes and the grid tree; which actions to offer
comes from the domain (`commands_for`: the permission table and the transition tables), so a page
never offers what the API would refuse for the caller's role or the issue's state.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from api.bootstrap import Services
from api.console.labels import chinese
from api.http.routers import catalogue
from api.http.schemas.common import MAX_PAGE
from api.http.schemas.issues import DispatchOut, IssueOut
from domain.accounts.principal import Principal
from domain.grid.tree import GridTree
from domain.issues.permissions import commands_for
from domain.issues.status import Command
from domain.issues.values import Stage


@dataclass(frozen=True)
class Names:
    """Category, department and place names for codes, as every signed-in role may read them."""

    categories: dict[str, str]
    departments: dict[str, str]
    tree: GridTree

    @classmethod
    def load(cls, svc: Services, principal: Principal, tree: GridTree) -> Names:
        listed = svc.catalogue.catch_up()
        found = catalogue.list_categories(principal=principal, catalogue=listed, limit=MAX_PAGE, offset=0)
        departments = catalogue.list_departments(principal=principal, catalogue=listed, limit=MAX_PAGE, offset=0)
        return cls(
            categories={c.code: c.name if c.name == c.major else f"{c.major} · {c.name}" for c in found.items},
            departments={d.code: d.name for d in departments.items},
            tree=tree,
        )

    @staticmethod
    def zh(code: str) -> str:
        """A code's Chinese name where markup cannot go (an <option>, a button's message)."""
        return chinese(code)

    def category(self, code: str) -> str:
        return self.categories.get(code, code)

    def department(self, code: str) -> str:
        return self.departments.get(code, code)

    def node(self, code: str) -> str:
        return self.tree.node(code).name if code in self.tree else code

    def place(self, path: list[str]) -> str:
        """Where an issue is, below its street: community › compound › building."""
        return " › ".join(self.node(code) for code in path[1:] or path)


# Not in labels.ZH: a stage's value equals a command's ("accept", "handle", "verify"), and StrEnum
# members that compare equal are one key there, so the stage's name would replace the command's.
STAGE_NAMES: dict[Stage, str] = {
    Stage.ACCEPT: "立案时限",
    Stage.HANDLE_IN_GRID: "自行处置时限",
    Stage.CHECK_IN: "报到时限",
    Stage.HANDLE: "处置时限",
    Stage.VERIFY: "核查时限",
}


@dataclass(frozen=True)
class Deadline:
    stage: Stage
    department: str | None
    due: datetime

    @property
    def name(self) -> str:
        return STAGE_NAMES[self.stage]


def deadlines_of(issue: IssueOut) -> list[Deadline]:
    """The issue's running deadlines, soonest first; a key is its stage, and its department if any."""
    found = []
    for name, due in sorted(issue.deadlines.items(), key=lambda item: item[1]):
        stage, _, department = name.partition(":")
        found.append(Deadline(Stage(stage), department or None, due))
    return found


@dataclass(frozen=True)
class Offered:
    """The commands a caller may run on an issue now, and what each may act on."""

    commands: list[Command]
    acting_for: str | None  # the department a department command acts for
    departments: dict[Command, list[str]]  # for commands that name a department: the ones they may name

    def __contains__(self, command: object) -> bool:
        return command in self.commands


def offered(svc: Services, principal: Principal, tree: GridTree, issue_id: UUID, department: str | None) -> Offered:
    issue = svc.app.issue(issue_id)
    acting_for = department or next((d for d in principal.departments() if d in issue.dispatches), None)
    commands = commands_for(principal, tree, issue, acting_for)
    return Offered(commands, acting_for, {c: issue.departments_for(c) for c in commands})


def dispatch_of(issue: IssueOut, department: str) -> DispatchOut | None:
    return next((d for d in issue.dispatches if d.department == department), None)
