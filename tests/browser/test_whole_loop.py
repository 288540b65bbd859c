"""One issue through the whole 吹哨报到 loop in the browser, each role in its own browser context.

A worker on a phone reports with a photo; the grid leader whistles to two departments; both check
in and feed back; the worker verifies; the street office closes and rates; the auditor finds it in
the trail, checks a proof badge and looks at the department's queue as it was before the check-in.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import httpx
from playwright.sync_api import Browser, Locator, Page, expect

from api.console.render import BEIJING
from tests.browser.conftest import PHONE, Console
from tests.support.images import png
from tests.support.world import PASSWORD

STORY = "楼顶私搭彩钢板房约20平方米"


class Api:
    """Only to read what the pages did; every step of the loop is taken in the browser."""

    def __init__(self, console: Console) -> None:
        answer = httpx.post(f"{console.base}/api/v1/auth/token", data={"username": "admin", "password": PASSWORD})
        token = answer.json()["access_token"]
        self.http = httpx.Client(base_url=console.base, headers={"Authorization": f"Bearer {token}"}, timeout=30)

    def issue(self) -> dict[str, object]:
        rows = self.http.get("/api/v1/issues", params={"limit": 10}).json()["items"]
        (row,) = (r for r in rows if r["description"] == STORY)
        return dict(self.http.get(f"/api/v1/issues/{row['id']}").json())

    def dispatches(self) -> dict[str, str]:
        return {d["department"]: d["status"] for d in self.issue()["dispatches"]}  # type: ignore[attr-defined]


def _until(check: Callable[[], bool], what: str) -> None:
    """A page sends its form, then reloads; the API has the result within moments."""
    deadline = time.monotonic() + 15
    while not check():
        assert time.monotonic() < deadline, f"never happened: {what}"
        time.sleep(0.2)


def _card(page: Page, selector: str) -> Locator:
    return page.locator(selector).filter(has_text=STORY)


def _tab(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="调度台分类").get_by_role("link", name=name).click()
    page.wait_for_load_state()


def test_one_issue_goes_round_the_whole_loop_in_the_browser(console: Console, browser: Browser, tmp_path: Path) -> None:
    api = Api(console)
    photo = tmp_path / "现场.png"
    photo.write_bytes(png(24, 18, rgb=(200, 80, 40)))

    # 1. The grid worker reports from a phone, with a photo.
    worker = console.sign_in(browser, "worker1", viewport=PHONE)
    worker.get_by_label("楼栋", exact=True).select_option(label="锦绣小区 1号楼")
    worker.get_by_label("事件类别").select_option(label="违法建设")
    worker.get_by_label("问题描述").fill(STORY)
    worker.get_by_label("现场照片").set_input_files(photo)
    worker.get_by_role("button", name="上报").click()
    expect(worker.locator("#report [data-result]")).to_contain_text("已上报")
    issue = api.issue()
    assert issue["status"] == "reported" and len(issue["attachments"]) == 1  # type: ignore[arg-type]

    # 2. The grid leader registers it and whistles: 城管 leads, 住建 co-handles, chosen by name.
    leader = console.sign_in(browser, "leader1")
    _card(leader, "article.board-item").get_by_role("button", name="立案").click()
    expect(_card(leader, "article.board-item")).to_have_count(0)
    _tab(leader, "待处置")
    card = _card(leader, "article.board-item")
    card.locator("summary", has_text="吹哨").click()
    card.get_by_label("主办部门").select_option(label="城管")
    card.get_by_role("group", name="协办部门（可多选）").get_by_label("住建").check()
    card.locator("form[data-api$='/whistle']").get_by_role("button", name="吹哨").click()
    expect(_card(leader, "article.board-item")).to_have_count(0)
    assert api.dispatches() == {"CG": "assigned", "ZJ": "assigned"}
    time.sleep(1.1)  # the auditor looks back to a whole second after the whistle and before the check-in
    before_check_in = datetime.now(UTC).replace(microsecond=0)
    time.sleep(1.1)

    # 3. Both departments check in and feed back, 城管 with a photo of the result.
    after = tmp_path / "拆除后.png"
    after.write_bytes(png(24, 18, rgb=(40, 160, 60)))
    departments: tuple[tuple[str, str, str, list[Path]], ...] = (
        ("dept1", "CG", "彩钢板房已拆除", [after]),
        ("dept2", "ZJ", "已核实无规划手续", []),
    )
    for username, code, result, photos in departments:
        desk = console.sign_in(browser, username)
        _card(desk, "article").get_by_role("button", name="报到").click()
        _until(lambda code=code: api.dispatches()[code] == "checked_in", f"{code} checked in")  # type: ignore[misc]
        desk.goto("/console/desk?bucket=in_progress")
        card = _card(desk, "article")
        card.locator("summary", has_text="反馈处置结果").click()
        card.get_by_label("处置结果").fill(result)
        if photos:
            card.get_by_label("现场照片").set_input_files(photos)
            expect(card.locator("[data-preview] img")).to_have_count(1)
        card.get_by_role("button", name="提交反馈").click()
        _until(lambda code=code: api.dispatches()[code] == "fed_back", f"{code} fed back")  # type: ignore[misc]
        desk.context.close()

    # 4. The worker sees both results and the photo, and verifies on site.
    worker.reload()
    task = _card(worker, "[id^='task-']")
    expect(task).to_contain_text("彩钢板房已拆除")
    expect(task).to_contain_text("已核实无规划手续")
    expect(task.get_by_role("img", name="反馈照片 拆除后.png")).to_be_visible()
    task.get_by_label("核查意见").fill("现场已恢复原状")
    task.get_by_role("button", name="核查通过").click()
    expect(_card(worker, "[id^='task-']")).to_have_count(0)
    assert api.issue()["status"] == "verified"

    # 5. The street office closes the issue and rates each department.
    office = console.sign_in(browser, "office1")
    _tab(office, "待结案")
    _card(office, "article.board-item").get_by_role("button", name="结案").click()
    expect(_card(office, "article.board-item")).to_have_count(0)
    _tab(office, "待评价")
    for department, rating in (("城管", "满意"), ("住建", "基本满意")):
        form = _card(office, "article.board-item").locator("form").filter(has_text=f"评价{department}")
        form.get_by_role("radio", name=rating, exact=True).check()
        form.get_by_role("button", name="评价").click()
        expect(_card(office, "article.board-item").locator("form").filter(has_text=f"评价{department}")).to_have_count(
            0
        )
    ratings = {d["department"]: d["rating"] for d in api.issue()["dispatches"]}  # type: ignore[attr-defined]
    assert ratings == {"CG": "satisfied", "ZJ": "basically_satisfied"}
    assert api.issue()["status"] == "closed"

    # 6. The auditor finds it in the trail, checks a proof, and sees 城管's queue before its check-in.
    auditor = console.sign_in(browser, "auditor")
    auditor.get_by_label("对象类型", exact=True).select_option("Issue")
    auditor.get_by_label("对象编号", exact=True).fill(str(issue["id"]))
    with auditor.expect_navigation():
        auditor.get_by_role("button", name="查询").click()
    expect(auditor.locator("table.trail")).to_contain_text("Issue.Closed")
    auditor.locator("table.trail").get_by_role("link", name=str(issue["id"])).first.click()
    expect(auditor.get_by_role("heading", name=STORY)).to_be_visible()
    auditor.locator("ol.timeline [data-proof]").first.click()
    expect(auditor.locator("ol.timeline [data-proof-result]").first).to_contain_text("✓ 已验证")
    auditor.get_by_role("link", name="部门队列").click()
    auditor.get_by_label("部门", exact=True).select_option("CG")
    auditor.get_by_label("时点").fill(before_check_in.astimezone(BEIJING).strftime("%Y-%m-%dT%H:%M:%S"))
    auditor.get_by_role("button", name="查看", exact=True).click()
    expect(auditor.get_by_role("row", name=STORY).get_by_role("cell").first).to_contain_text("待报到")
