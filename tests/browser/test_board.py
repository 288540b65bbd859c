"""The dispatch board (调度台) in Chromium: the grid leader registers, declines and whistles; the street
office approves an extension, re-dispatches a returned dispatch, sees overdue items in red with who
was escalated, closes and rates; the rates show as a table and a chart; a grid worker is refused."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from playwright.sync_api import Browser, Locator, Page, expect

from api.auth.tokens import issue_token
from api.bootstrap import bootstrap
from domain.shared.clock import ManualClock
from tests.browser.conftest import PHONE, Console
from tests.support.world import B1, B2, BUILDING_WORK, RUBBISH

RED = "rgb(179, 38, 30)"  # --accent in console.css


class Api:
    """The JSON API as one account, to arrange what the board then shows and to check what it did."""

    def __init__(self, console: Console, username: str) -> None:
        token = issue_token(username, key=console.settings.signing_key(), now=datetime.now(UTC), minutes=60)
        self.http = httpx.Client(base_url=f"{console.base}/api/v1", headers={"Authorization": f"Bearer {token}"})

    def report(self, node: str, category: str, description: str) -> str:
        return str(self._post("/issues", {"node": node, "category": category, "description": description})["id"])

    def act(self, issue: str, command: str, **body: Any) -> dict[str, Any]:
        return self._post(f"/issues/{issue}/{command}", {"reason": f"arranged: {command}", **body})

    def issue(self, issue: str) -> dict[str, Any]:
        return dict(self.http.get(f"/issues/{issue}").raise_for_status().json())

    def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        answer = self.http.post(path, json=body)
        assert answer.is_success, answer.text
        return dict(answer.json())


def _card(page: Page, text: str) -> Locator:
    return page.locator("article.board-item").filter(has_text=text)


def _tab(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="调度台分类").get_by_role("link", name=name).click()
    page.wait_for_load_state()


def _dispatches(issue: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {d["department"]: d for d in issue["dispatches"]}


def _backdated_report(console: Console, days: int) -> str:
    """A report made `days` ago, written to the served store directly: no test waits for a deadline."""
    services = bootstrap(console.settings, clock=ManualClock(datetime.now(UTC) - timedelta(days=days)))
    try:
        issue, _ = services.app.report_issue(
            node=B2, category=RUBBISH, description="积压多日的建筑垃圾", actor="worker1"
        )
    finally:
        services.close()
    return str(issue.id)


def test_the_grid_leader_and_the_street_office_work_the_board(console: Console, browser: Browser) -> None:
    worker, leader, dept1, dept2 = (Api(console, u) for u in ("worker1", "leader1", "dept1", "dept2"))
    office_api = Api(console, "office1")
    _backdated_report(console, days=6)
    roof = worker.report(B1, BUILDING_WORK, "楼顶搭建彩钢房")
    twice = worker.report(B2, RUBBISH, "楼道堆放杂物（重复上报）")
    # What the office finds: an extension asked for and a dispatch sent back on one issue, one verified.
    shed = worker.report(B1, BUILDING_WORK, "院内私搭棚子")
    leader.act(shed, "accept")
    leader.act(shed, "whistle", lead="CG", co_handlers=["ZJ"])
    due = datetime.fromisoformat(_dispatches(leader.issue(shed))["CG"]["due"])
    until = (due + timedelta(days=2)).replace(microsecond=0)
    dept1.act(shed, "request-extension", until=until.isoformat())
    dept2.act(shed, "return", reason="不属住建职责")
    fixed = worker.report(B1, RUBBISH, "垃圾桶满溢")
    leader.act(fixed, "accept")
    leader.act(fixed, "whistle", lead="CG")
    dept1.act(fixed, "check-in")
    dept1.act(fixed, "feedback", result="已清运")
    worker.act(fixed, "verify", passed=True)

    page = console.sign_in(browser, "leader1")
    assert page.url.endswith("/console/board")
    _card(page, "楼顶搭建彩钢房").get_by_role("button", name="立案").click()
    expect(_card(page, "楼顶搭建彩钢房")).to_have_count(0)
    assert leader.issue(roof)["status"] == "registered"
    declined = _card(page, "重复上报")
    declined.locator("summary", has_text="不予立案").click()
    declined.get_by_label("不予立案理由（必填）").fill("与上周上报的是同一处杂物")
    declined.get_by_role("button", name="不予立案").click()
    expect(_card(page, "重复上报")).to_have_count(0)
    assert leader.issue(twice)["status"] == "declined"

    _tab(page, "待处置")
    card = _card(page, "楼顶搭建彩钢房")
    card.locator("summary", has_text="吹哨").click()
    card.get_by_label("疑难吹哨").check()
    card.get_by_label("主办部门").select_option(label="城管")
    co_handlers = card.get_by_role("group", name="协办部门（可多选）")
    expect(co_handlers.get_by_label("城管")).to_be_disabled()  # the lead cannot co-handle as well
    co_handlers.get_by_label("住建").check()
    card.locator("form[data-api$='/whistle']").get_by_role("button", name="吹哨").click()
    expect(_card(page, "楼顶搭建彩钢房")).to_have_count(0)
    whistled = leader.issue(roof)
    assert whistled["status"] == "dispatched"
    assert {d: (v["lead"], v["status"]) for d, v in _dispatches(whistled).items()} == {
        "CG": (True, "assigned"),
        "ZJ": (False, "assigned"),
    }
    _tab(page, "评价统计")  # a grid leader may not compare departments: the board compares its compounds
    expect(page.get_by_role("table").get_by_role("row", name="锦绣小区")).to_be_visible()
    page.context.close()

    office = console.sign_in(browser, "office1", viewport=PHONE)
    office.goto("/console/board?tab=extensions")
    card = _card(office, "院内私搭棚子")
    expect(card).to_contain_text("城管 申请将期限")
    card.get_by_role("button", name="批准延期").click()
    expect(_card(office, "院内私搭棚子")).to_have_count(0)
    extended = _dispatches(office_api.issue(shed))["CG"]
    assert extended["extension_until"] is None and datetime.fromisoformat(extended["due"]) == until

    _tab(office, "退回改派")
    card = _card(office, "院内私搭棚子")
    expect(card).to_contain_text("住建 已退回")
    card.get_by_label("改派部门").select_option(label="消防（非本类职责）")
    card.get_by_role("button", name="改派").click()
    expect(_card(office, "院内私搭棚子")).to_have_count(0)
    moved = _dispatches(office_api.issue(shed))
    assert (moved["ZJ"]["status"], moved["XF"]["status"]) == ("withdrawn", "assigned")

    _tab(office, "超期")
    card = _card(office, "积压多日的建筑垃圾")
    expect(card).to_have_class(re.compile(r"\blate\b"))
    countdown = card.locator("[data-countdown]").first
    expect(countdown).to_have_text(re.compile(r"^超期 \d"))
    assert countdown.evaluate("el => getComputedStyle(el).color") == RED
    _until_shown(office, card, "已上提")  # the watcher of `gridgov serve` escalates the missed deadline
    expect(card.locator(".escalated")).to_contain_text("锦绣小区（多福巷社区网格长 leader1）")

    _tab(office, "待结案")
    _card(office, "垃圾桶满溢").get_by_role("button", name="结案").click()
    expect(_card(office, "垃圾桶满溢")).to_have_count(0)
    assert office_api.issue(fixed)["status"] == "closed"
    _tab(office, "待评价")
    card = _card(office, "垃圾桶满溢")
    card.get_by_role("radio", name="满意", exact=True).check()
    card.get_by_role("button", name="评价").click()
    expect(_card(office, "垃圾桶满溢")).to_have_count(0)
    assert _dispatches(office_api.issue(fixed))["CG"]["rating"] == "satisfied"

    _tab(office, "评价统计")
    expect(office.get_by_role("table").get_by_role("row", name="城管")).to_be_visible()
    expect(office.locator(".rate-chart .bar-row", has_text="城管")).to_be_visible()
    office.get_by_label("各网格").check()
    office.get_by_role("button", name="查看").click()
    expect(office.get_by_role("table").get_by_role("row", name="多福巷社区")).to_be_visible()
    office.context.close()

    refused = console.sign_in(browser, "worker1")
    answer = refused.goto("/console/board")
    assert answer is not None and answer.status == 403
    expect(refused.get_by_role("alert")).to_contain_text("may not open the dispatch board")


def _until_shown(page: Page, card: Locator, text: str, seconds: float = 15) -> None:
    """Reloads until the card shows `text`: the watcher acts on its own schedule, not the test's."""
    deadline = time.monotonic() + seconds
    while text not in card.inner_text():
        assert time.monotonic() < deadline, f"{text!r} never appeared on the card"
        time.sleep(0.5)
        page.reload()
