"""Every page renders from the app's own origin alone (an intranet with no internet), for each role
at phone and desktop width; with `--screens DIR` each role's home is saved there as a PNG."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
from playwright.sync_api import Browser, Page, Request, Route

from tests.browser.conftest import DESKTOP, PHONE, Console, assert_labelled
from tests.support.world import B1, B2, BUILDING_WORK, PASSWORD, RUBBISH

HOMES = {
    "worker1": "/console/worker",
    "leader1": "/console/board",
    "office1": "/console/board",
    "dept1": "/console/desk",
    "auditor": "/console/audit",
    "admin": "/console/admin",
}
OTHER_PAGES = ["/login", "/docs", "/redoc"]
# The one outside address a page names: ReDoc's bundle draws its "API docs by Redocly" footer logo from
# its CDN, unconditionally, after the page has rendered. The content policy refuses it (img-src 'self'),
# so no request leaves the machine, and ReDoc hides the broken image; the rest of ReDoc is local.
BUILT_IN = {"/redoc": ("https://cdn.redoc.ly/redoc/logo-mini.svg",)}


class Isolated:
    """A browser context that reaches only the app: any other address is refused and remembered."""

    def __init__(self, browser: Browser, console: Console, viewport: dict[str, int]) -> None:
        self.outside: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(viewport=viewport, base_url=console.base)  # type: ignore[arg-type]
        # A pattern, not a function, so the driver matches it: the app's own requests go straight through
        # instead of each waiting on a round trip to this process, and every other address comes here.
        self.context.route(re.compile(f"^(?!{re.escape(console.base)}/)"), self._refuse)
        self.page = self.context.new_page()
        self.page.on("requestfailed", self._failed)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)

    def _failed(self, request: Request) -> None:
        """A request cut short by leaving its page (ERR_ABORTED) is no failure of the page being opened;
        one the content policy refused is an attempt to leave the app's origin, like a routed one."""
        if request.failure == "net::ERR_ABORTED":
            return
        if request.failure == "csp":
            self.outside.append(request.url)
        else:
            self.failed.append(f"{request.url} {request.failure}")

    def _refuse(self, route: Route) -> None:
        self.outside.append(route.request.url)
        route.abort("internetdisconnected")

    def start(self, path: str) -> None:
        """Navigates to `path` without waiting for its page to settle: `settle` does, so that many contexts
        load at once and their quiet half-seconds overlap instead of adding up."""
        self.path, self.response = path, self.page.goto(path, wait_until="commit")

    def settle(self) -> Page:
        """Waits until the page `start` opened has made every request it will (no traffic for 500 ms)."""
        self.page.wait_for_load_state("networkidle")
        path, response = self.path, self.response
        assert response is not None and response.status == 200, (path, response and response.status)
        known = BUILT_IN.get(path, ())
        asked = [url for url in self.outside if url not in known]
        assert not asked, f"{path} asked the internet for {asked}"
        assert not self.failed, f"{path}: {self.failed}"
        # The policy's refusal of a known attempt is also logged, at times, as a console error.
        errors = [e for e in self.errors if not any(url in e for url in known)]
        assert not errors, f"{path}: {errors}"
        return self.page

    def open(self, path: str) -> Page:
        self.start(path)
        return self.settle()

    def submit_sign_in(self, username: str) -> None:
        page = self.page
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()


def _arrange(console: Console) -> None:
    """A few issues at different steps, so every home has something on it (and its screenshot too)."""

    def as_(username: str) -> httpx.Client:
        answer = httpx.post(f"{console.base}/api/v1/auth/token", data={"username": username, "password": PASSWORD})
        token = answer.json()["access_token"]
        return httpx.Client(base_url=console.base, headers={"Authorization": f"Bearer {token}"}, timeout=30)

    worker, leader, cg = as_("worker1"), as_("leader1"), as_("dept1")

    def report(node: str, category: str, text: str) -> str:
        answer = worker.post("/api/v1/issues", json={"node": node, "category": category, "description": text})
        assert answer.status_code == 201, answer.text
        return str(answer.json()["id"])

    def act(who: httpx.Client, issue: str, command: str, **body: object) -> None:
        answer = who.post(f"/api/v1/issues/{issue}/{command}", json={"reason": "演示", **body})
        assert answer.is_success, answer.text

    report(B2, RUBBISH, "2号楼门口垃圾桶满溢")
    for text, steps in (("楼顶私搭彩钢板房", 2), ("院内违建棚子", 3), ("屋顶违建阳光房", 4)):
        issue = report(B1, BUILDING_WORK, text)
        act(leader, issue, "accept")
        act(leader, issue, "whistle", lead="CG", co_handlers=["ZJ"])
        if steps >= 3:
            act(cg, issue, "check-in")
        if steps >= 4:
            act(cg, issue, "feedback", result="已拆除")


def test_every_page_renders_with_only_the_apps_origin_reachable(
    console: Console, browser: Browser, screens: Path | None
) -> None:
    _arrange(console)
    anonymous = Isolated(browser, console, DESKTOP)
    for path, title in zip(OTHER_PAGES, (None, ".swagger-ui .info .title", "h1"), strict=True):
        page = anonymous.open(path)
        if title is not None:  # the API docs render their title from the app's own schema
            page.locator(title).first.wait_for()
            assert "gridgov" in page.locator(title).first.inner_text(), path
    anonymous.context.close()

    # Every role at once, step by step: each context opens its own pages one after another, but the
    # contexts wait out their quiet half-seconds together; each signs in once and is seen at both widths.
    signed_in = {username: Isolated(browser, console, PHONE) for username in HOMES}
    _open_each([(isolated, "/login") for isolated in signed_in.values()])
    for username, isolated in signed_in.items():
        isolated.submit_sign_in(username)
    for isolated in signed_in.values():
        isolated.page.wait_for_url("**/console/**")
    for width, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        for isolated in signed_in.values():
            isolated.page.set_viewport_size(viewport)  # type: ignore[arg-type]
        _open_each([(signed_in[username], home) for username, home in HOMES.items()])
        menus = [_home_checked(signed_in[username].page, home, viewport) for username, home in HOMES.items()]
        roles = list(zip(signed_in.values(), menus, strict=True))
        for step in range(max(len(menu) for menu in menus)):
            _open_each([(isolated, menu[step]) for isolated, menu in roles if step < len(menu)])
        if screens is not None:
            for username, home in HOMES.items():
                page = signed_in[username].open(home)
                page.screenshot(path=str(screens / f"{username}-{width}.png"), full_page=True)
    for isolated in signed_in.values():
        isolated.context.close()


def _home_checked(page: Page, home: str, viewport: dict[str, int]) -> list[str]:
    """Checks a role's home as it stands at `viewport`; returns the addresses its menu links to."""
    assert page.locator("h1").first.is_visible(), (page.url, home)
    assert_labelled(page)
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= viewport["width"] + 1, f"{home} is {wide}px wide on a {viewport['width']}px screen"
    return [str(link.get_attribute("href")) for link in page.locator("header nav a").all()]


def _open_each(visits: list[tuple[Isolated, str]]) -> None:
    """Starts every context on its page, then lets each settle and checks it."""
    for isolated, path in visits:
        isolated.start(path)
    for isolated, _ in visits:
        isolated.settle()
