"""The grid worker's home on a phone: reporting with a photo, the duplicate check, and my tasks."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import PHONE, Console
from tests.support.images import png
from tests.support.world import B1, B2, BUILDING_WORK, PASSWORD, RUBBISH

ISSUES = "/api/v1/issues"


class Api:
    """The JSON API as one account, to arrange state fast and to check what a page did."""

    def __init__(self, console: Console, username: str) -> None:
        signed_in = httpx.post(f"{console.base}/api/v1/auth/token", data={"username": username, "password": PASSWORD})
        token = signed_in.json()["access_token"]
        self.http = httpx.Client(base_url=console.base, headers={"Authorization": f"Bearer {token}"}, timeout=30)

    def get(self, path: str, **params: Any) -> Any:
        answer = self.http.get(path, params=params)
        assert answer.status_code == 200, answer.text
        return answer.json()

    def post(self, path: str, body: dict[str, Any], status: int = 200) -> dict[str, Any]:
        answer = self.http.post(path, json=body)
        assert answer.status_code == status, answer.text
        return dict(answer.json())

    def act(self, issue: str, command: str, **body: Any) -> dict[str, Any]:
        return self.post(f"{ISSUES}/{issue}/{command}", {"reason": f"{command} in the test", **body})

    def photo(self, content: bytes, name: str) -> dict[str, str]:
        answer = self.http.post("/api/v1/photos", files={"file": (name, content, "image/png")})
        assert answer.status_code in (200, 201), answer.text
        return {"sha256": answer.json()["sha256"], "name": name}


def fill_report(page: Page, *, building: str, description: str, category: str = "暴露垃圾", place: str = "") -> None:
    """Fills the report form; `place` is typed into the filter box first, as a worker narrows the list."""
    page.get_by_label("筛选楼栋").fill(place)
    page.get_by_label("楼栋", exact=True).select_option(label=building)
    page.get_by_label("事件类别").select_option(label=category)
    page.get_by_label("问题描述").fill(description)


def test_a_worker_reports_with_a_photo_and_is_shown_a_possible_duplicate(
    console: Console, browser: Browser, tmp_path: Path
) -> None:
    photo = tmp_path / "楼道.png"
    photo.write_bytes(png(16, 12))
    page = console.sign_in(browser, "worker1", viewport=PHONE)
    assert page.url.endswith("/console/worker")

    fill_report(page, place="2号", building="锦绣小区 2号楼", description="楼道里堆了很多垃圾")
    expect(page.locator("#duplicates")).to_contain_text("附近没有尚未办结的同类事件")
    page.get_by_role("radio", name="紧急").check()
    page.get_by_label("现场照片").set_input_files(photo)
    expect(page.locator("[data-preview] img")).to_have_count(1)
    page.get_by_role("button", name="上报").click()
    expect(page.locator("#report [data-result]")).to_contain_text("已上报")
    expect(page.locator("[data-preview] img")).to_have_count(0)  # the form is ready for the next report

    worker = Api(console, "worker1")
    rows = worker.get(ISSUES)["items"]
    assert [(r["node"], r["category"], r["urgency"]) for r in rows] == [(B2, RUBBISH, "urgent")]
    first = worker.get(f"{ISSUES}/{rows[0]['id']}")
    digest = hashlib.sha256(photo.read_bytes()).hexdigest()
    assert first["attachments"] == [{"sha256": digest, "name": "楼道.png"}]
    assert worker.http.get(f"/api/v1/photos/{digest}").content == photo.read_bytes()

    fill_report(page, place="1号", building="锦绣小区 1号楼", description="楼下也有垃圾")
    expect(page.locator("#duplicates")).to_contain_text("附近可能重复的事件 1 条")
    expect(page.locator("#duplicates")).to_contain_text("楼道里堆了很多垃圾")
    page.get_by_role("button", name="上报").click()
    expect(page.locator("#report [data-result]")).to_contain_text("已上报")
    second = next(r for r in worker.get(ISSUES)["items"] if r["node"] == B1)
    deadline = time.monotonic() + 15  # the served process's worker flags it after the report
    while (
        not (flagged := worker.get(f"{ISSUES}/{second['id']}")["possible_duplicates"]) and time.monotonic() < deadline
    ):
        time.sleep(0.2)
    assert flagged == [first["id"]]


def test_a_worker_verifies_department_work_and_sends_grid_work_back(
    console: Console, browser: Browser, tmp_path: Path
) -> None:
    worker, leader = Api(console, "worker1"), Api(console, "leader1")
    cg, zj = Api(console, "dept1"), Api(console, "dept2")
    whistled = worker.post(ISSUES, {"node": B1, "category": BUILDING_WORK, "description": "屋顶违建"}, 201)["id"]
    leader.act(whistled, "accept")
    leader.act(whistled, "whistle", lead="CG", co_handlers=["ZJ"])
    after = cg.photo(png(rgb=(20, 160, 60)), "拆除后.png")
    for department, result, photos in ((cg, "已拆除彩钢板房", [after]), (zj, "已核实无审批手续", [])):
        department.act(whistled, "check-in")
        department.act(whistled, "feedback", result=result, attachments=photos)
    in_grid = worker.post(ISSUES, {"node": B2, "category": RUBBISH, "description": "门口垃圾"}, 201)["id"]
    leader.act(in_grid, "accept")
    leader.act(in_grid, "handle")

    page = console.sign_in(browser, "worker1", viewport=PHONE)
    task = page.locator(f"#task-{whistled}")
    expect(task).to_contain_text("已拆除彩钢板房")
    expect(task).to_contain_text("已核实无审批手续")
    expect(task.get_by_role("img", name="反馈照片 拆除后.png")).to_be_visible()
    task.get_by_label("核查意见").fill("现场已恢复原状")
    task.get_by_role("button", name="核查通过").click()
    expect(page.locator(f"#task-{whistled}")).to_have_count(0)  # the page reloads without it
    assert worker.get(f"{ISSUES}/{whistled}")["status"] == "verified"

    photo = tmp_path / "清理后.png"
    photo.write_bytes(png(rgb=(10, 10, 200)))
    task = page.locator(f"#task-{in_grid}")
    task.get_by_label("处置结果").fill("已清运")
    task.get_by_label("处置后照片").set_input_files(photo)
    task.get_by_role("button", name="处置完毕").click()
    task = page.locator(f"#task-{in_grid}")
    expect(task.get_by_role("button", name="退回重办")).to_be_visible()
    expect(task).to_contain_text("结果：已清运")  # the verifier sees what the grid reported, with its photo
    expect(task.get_by_role("img", name="处置照片 清理后.png")).to_be_visible()
    task.get_by_label("核查意见").fill("角落还有垃圾")
    task.get_by_role("button", name="退回重办").click()
    expect(page.locator(f"#task-{in_grid}").get_by_role("button", name="处置完毕")).to_be_visible()
    assert worker.get(f"{ISSUES}/{in_grid}")["status"] == "handling"
