"""The department desk: a clerk of 城管 (CG) works its queue in the browser.

State is arranged through the JSON API (a report, registration and the whistle); every action is
then done on the page, and checked both on screen and in the API's answer.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.conftest import PHONE, Console
from tests.support.images import png
from tests.support.world import B1, BUILDING_WORK, PASSWORD

ISSUES = "/api/v1/issues"
BEIJING = timezone(timedelta(hours=8))


class Api:
    """The JSON API as one account, to arrange state and to check what a page did."""

    def __init__(self, console: Console, username: str) -> None:
        signed_in = httpx.post(f"{console.base}/api/v1/auth/token", data={"username": username, "password": PASSWORD})
        token = signed_in.json()["access_token"]
        self.http = httpx.Client(base_url=console.base, headers={"Authorization": f"Bearer {token}"}, timeout=30)

    def get(self, path: str) -> Any:
        answer = self.http.get(path)
        assert answer.status_code == 200, answer.text
        return answer.json()

    def act(self, issue: str, command: str, **body: Any) -> dict[str, Any]:
        answer = self.http.post(f"{ISSUES}/{issue}/{command}", json={"reason": f"{command} in the test", **body})
        assert answer.status_code in (200, 201), answer.text
        return dict(answer.json())

    def dispatch(self, issue: str, department: str = "CG") -> dict[str, Any]:
        found = self.get(f"{ISSUES}/{issue}")["dispatches"]
        return dict(next(d for d in found if d["department"] == department))


def whistled(worker: Api, leader: Api, description: str, photo: dict[str, str] | None = None) -> str:
    """A report of building work at B1, registered and whistled to CG (lead) and ZJ."""
    body = {"node": B1, "category": BUILDING_WORK, "description": description, "attachments": [photo] if photo else []}
    answer = worker.http.post(ISSUES, json=body)
    assert answer.status_code == 201, answer.text
    issue = str(answer.json()["id"])
    leader.act(issue, "accept")
    leader.act(issue, "whistle", lead="CG", co_handlers=["ZJ"])
    return issue


def eventually(check: Callable[[], bool], what: str) -> None:
    """The page sends, then reloads; the API shows the result within moments."""
    deadline = time.monotonic() + 10
    while not check():
        assert time.monotonic() < deadline, f"never happened: {what}"
        time.sleep(0.1)


def item(page: Page, issue: str) -> Locator:
    return page.locator(f"article[aria-labelledby='item-{issue}']")


def test_a_department_works_its_queue_without_overwriting_a_change_made_meanwhile(
    console: Console, browser: Browser, tmp_path: Path
) -> None:
    worker, leader, zj = Api(console, "worker1"), Api(console, "leader1"), Api(console, "dept2")
    cg = Api(console, "dept1")
    shed = whistled(worker, leader, "楼顶新搭彩钢板房", worker_photo(worker))
    wrong = whistled(worker, leader, "小区门口占道经营")

    page = console.sign_in(browser, "dept1")
    assert page.url.endswith("/console/desk")
    expect(page.get_by_role("link", name="待报到 2")).to_be_visible()
    card = item(page, shed)
    expect(card).to_contain_text("违法建设")
    expect(card).to_contain_text("锦绣小区 › 1号楼")
    expect(card).to_contain_text("牵头")
    expect(card.locator("[data-countdown]")).to_contain_text("剩余")
    expect(card.get_by_role("img", name="上报照片：现场.png")).to_be_visible()

    card.get_by_role("button", name="报到").click()
    eventually(lambda: cg.dispatch(shed)["status"] == "checked_in", "the check-in")
    page.goto("/console/desk?bucket=in_progress")
    card = item(page, shed)

    card.locator("summary", has_text="记录进展").click()
    card.get_by_label("进展说明").fill("已下达限期拆除通知书")
    card.get_by_role("button", name="保存进展").click()
    expect(card.locator("[data-result]").first).to_have_text("已记录进展")
    progress = [e for e in cg.get(f"{ISSUES}/{shed}/timeline") if e["kind"] == "Issue.ProgressRecorded"]
    assert [e["data"]["note"] for e in progress] == ["已下达限期拆除通知书"]

    page.goto("/console/desk?bucket=in_progress")
    card = item(page, shed)
    until = (datetime.now(BEIJING) + timedelta(days=30)).replace(second=0, microsecond=0)
    card.locator("summary", has_text="申请延期").click()
    card.get_by_label("延期至（北京时间）").fill(until.strftime("%Y-%m-%dT%H:%M"))
    card.get_by_label("延期理由").fill("需协调产权单位共同拆除")
    card.get_by_role("button", name="提交申请").click()
    eventually(lambda: cg.dispatch(shed)["extension_until"] is not None, "the extension request")
    assert datetime.fromisoformat(cg.dispatch(shed)["extension_until"]) == until.astimezone(UTC)
    page.goto("/console/desk?bucket=in_progress")
    expect(item(page, shed)).to_contain_text("待批准")

    photo = tmp_path / "拆除后.png"
    photo.write_bytes(png(24, 16, (30, 120, 60)))
    card = item(page, shed)
    card.locator("summary", has_text="反馈处置结果").click()
    card.get_by_label("处置结果").fill("彩钢板房已拆除")
    card.get_by_label("现场照片").set_input_files(photo)
    expect(card.locator("[data-preview] img")).to_have_count(1)
    card.get_by_role("button", name="提交反馈").click()
    eventually(lambda: cg.dispatch(shed)["status"] == "fed_back", "the feedback")
    fed = cg.dispatch(shed)
    digest = hashlib.sha256(photo.read_bytes()).hexdigest()
    assert (fed["feedback"], fed["attachments"]) == ("彩钢板房已拆除", [{"sha256": digest, "name": "拆除后.png"}])

    page.goto("/console/desk")
    card = item(page, wrong)
    card.locator("summary", has_text="退回").click()
    card.get_by_label("退回理由").fill("占道经营不属违法建设，应由市场监管处理")
    card.get_by_role("button", name="退回").click()
    eventually(lambda: cg.dispatch(wrong)["status"] == "returned", "the return")
    returned = [e for e in cg.get(f"{ISSUES}/{wrong}/timeline") if e["kind"] == "Issue.DispatchReturned"]
    assert returned[0]["reason"] == "占道经营不属违法建设，应由市场监管处理"

    page.goto(f"/console/issues/{shed}")
    expect(page.get_by_role("heading", name="办理过程")).to_be_visible()
    expect(page.locator("ol.timeline")).to_contain_text("CG 报到")
    expect(page.locator("ol.timeline")).to_contain_text("已下达限期拆除通知书")
    feedback_photo = page.get_by_role("img", name="城管反馈照片：拆除后.png")
    expect(feedback_photo).to_be_visible()
    assert feedback_photo.evaluate("img => img.naturalWidth") == 24
    assert zj.dispatch(shed, "ZJ")["status"] == "assigned"  # nobody acted for the co-handler

    # A change made by somebody else after the page was opened is not overwritten.
    issue = whistled(worker, leader, "楼道私搭隔断")
    page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    page.goto("/console/desk?bucket=to_check_in")
    card = item(page, issue)
    expect(card.get_by_role("button", name="报到")).to_be_visible()

    zj.act(issue, "check-in")  # somebody else changes the issue after the page was opened
    card.get_by_role("button", name="报到").click()

    expect(card.locator("[data-result]").first).to_contain_text("this item changed since you opened it")
    assert cg.dispatch(issue)["status"] == "assigned"
    page.reload()
    item(page, issue).get_by_role("button", name="报到").click()
    eventually(lambda: cg.dispatch(issue)["status"] == "checked_in", "the check-in on the fresh version")

    # The countdown runs live and turns red once the deadline passes (the browser's clock moved on).
    page.clock.install()
    page.goto("/console/desk?bucket=in_progress")
    countdown = item(page, issue).locator("[data-countdown]")
    expect(countdown).to_contain_text("剩余")
    page.clock.fast_forward(int(timedelta(days=17).total_seconds() * 1000))
    expect(countdown).to_contain_text("超期")
    expect(countdown).to_have_class(re.compile(r"\boverdue\b"))

    # 消防 (XF) reads neither CG's queue nor an issue it was not called to.
    fire = console.sign_in(browser, "dept3")
    answer = fire.goto("/console/desk/CG")
    assert answer is not None and answer.status == 403
    expect(fire.get_by_role("alert")).to_contain_text("read the queue of department CG")
    fire.goto(f"/console/issues/{issue}")
    expect(fire.get_by_role("alert")).to_contain_text(f"read issue {issue}")

    # The street office, on the page of the issue CG sent back, is offered the office's actions only.
    office = console.sign_in(browser, "office1")
    office.goto(f"/console/issues/{wrong}")
    expect(office.get_by_role("button", name="报到")).to_have_count(0)
    redispatch = office.locator("details.action", has_text="改派")
    redispatch.locator("summary").click()
    redispatch.get_by_label("原部门").select_option(label="城管")
    redispatch.get_by_label("改派给").select_option(label="消防")
    redispatch.get_by_label("理由").fill("占道堵塞消防通道，改由消防处理")
    redispatch.get_by_role("button", name="改派").click()
    eventually(lambda: cg.dispatch(wrong)["status"] == "withdrawn", "the re-dispatch")
    assert Api(console, "dept3").dispatch(wrong, "XF")["status"] == "assigned"


def worker_photo(worker: Api) -> dict[str, str]:
    answer = worker.http.post("/api/v1/photos", files={"file": ("现场.png", png(32, 24), "image/png")})
    assert answer.status_code in (200, 201), answer.text
    return {"sha256": answer.json()["sha256"], "name": "现场.png"}
