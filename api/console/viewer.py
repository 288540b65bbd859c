"""Who is looking at a console page: the session's principal, its CSRF token, its home and menu."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, HTTPException, Request

from api.auth.sessions import COOKIE, csrf_for
from api.http.deps import ServicesDep, caller
from domain.accounts.principal import Principal
from domain.accounts.roles import Role

# Each role's home, first match wins for an account that holds several roles.
HOMES: tuple[tuple[Role, str], ...] = (
    (Role.ADMIN, "/console/admin"),
    (Role.AUDITOR, "/console/audit"),
    (Role.OFFICE, "/console/board"),
    (Role.GRID_LEADER, "/console/board"),
    (Role.DEPARTMENT, "/console/desk"),
    (Role.GRID_WORKER, "/console/worker"),
)
# The menu: each page and the roles that use it.
MENU: tuple[tuple[str, str, tuple[Role, ...]], ...] = (
    ("/console/worker", "上报与任务", (Role.GRID_WORKER, Role.GRID_LEADER)),
    ("/console/board", "调度台", (Role.OFFICE, Role.GRID_LEADER, Role.ADMIN)),
    ("/console/desk", "部门工作台", (Role.DEPARTMENT,)),
    ("/console/people", "人口", (Role.GRID_WORKER, Role.GRID_LEADER, Role.OFFICE, Role.ADMIN, Role.AUDITOR)),
    ("/console/rectification", "整治", (Role.GRID_LEADER, Role.OFFICE, Role.ADMIN, Role.AUDITOR)),
    ("/console/audit", "审计", (Role.AUDITOR, Role.ADMIN)),
    ("/console/admin", "管理", (Role.ADMIN,)),
)

# Pages that belong to a menu entry beside those under its own path.
SECTIONS: dict[str, tuple[str, ...]] = {
    "/console/people": ("/console/households",),
    "/console/desk": ("/console/issues",),
}


class SignInRequiredError(Exception):
    """A console page was asked for without a valid session: the answer is the sign-in page."""

    def __init__(self, next_path: str) -> None:
        self.next_path = next_path

    @property
    def location(self) -> str:
        return f"/login?next={quote(self.next_path)}"


@dataclass(frozen=True)
class Viewer:
    principal: Principal
    csrf: str

    @property
    def home(self) -> str:
        return home_of(self.principal)

    @property
    def menu(self) -> list[tuple[str, str]]:
        return [(path, name) for path, name, roles in MENU if self.principal.has(*roles)]

    @staticmethod
    def current(page: str, path: str) -> bool:
        """Whether the menu entry at `path` is the one `page` belongs to (households are people's)."""
        return any(page.startswith(prefix) for prefix in (path, *SECTIONS.get(path, ())))


def home_of(who: Principal) -> str:
    return next((path for role, path in HOMES if who.has(role)), "/console/none")


def viewer(request: Request, svc: ServicesDep) -> Viewer:
    session = request.cookies.get(COOKIE)
    if not session:
        raise SignInRequiredError(request.url.path)
    try:
        who = caller(svc, session)
    except HTTPException:
        raise SignInRequiredError(request.url.path) from None
    request.state.account = who.username  # for the request's log line
    return Viewer(who, csrf_for(session, key=svc.settings.signing_key()))


ViewerDep = Annotated[Viewer, Depends(viewer)]
