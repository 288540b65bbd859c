"""The people register in the browser: a grid worker registers and tags a resident, the street office
reveals one sealed field for a stated reason, and other roles meet the API's own refusals.

One server for the whole story; what each page shows is checked on screen and in the page's HTML
(the full ID number and phone appear nowhere until a reveal asks for one), and what each action did
is checked through the JSON API.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Browser, Page, expect

from domain.people.idcard import check_character
from tests.browser.conftest import DESKTOP, PHONE, Console
from tests.support.world import B1, PASSWORD

NAME, PHONE_NUMBER, ROOM = "欧阳秀兰", "13912340001", "302"
FIRST17 = "11010119560307123"
ID_NUMBER = FIRST17 + check_character(FIRST17)
WRONG_CHECK = FIRST17 + ("0" if ID_NUMBER[-1] != "0" else "1")
REASON = "核实独居老人的紧急联系电话"


def _api(console: Console, username: str) -> httpx.Client:
    signed_in = httpx.post(f"{console.base}/api/v1/auth/token", data={"username": username, "password": PASSWORD})
    token = signed_in.json()["access_token"]
    return httpx.Client(base_url=console.base, headers={"Authorization": f"Bearer {token}"}, timeout=30)


def _nothing_personal(page: Page) -> None:
    html = page.content()
    assert ID_NUMBER not in html and PHONE_NUMBER not in html


def _shot(page: Page, screens: Path | None, name: str) -> None:
    if screens is None:
        return
    for width, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(viewport)  # type: ignore[arg-type]
        page.screenshot(path=str(screens / f"people-{name}-{width}.png"), full_page=True)


def test_a_worker_registers_and_tags_a_resident_and_the_office_reveals_a_phone_on_record(
    console: Console, browser: Browser, screens: Path | None
) -> None:
    worker = console.sign_in(browser, "worker1", viewport=PHONE)
    worker.goto("/console/people/new")
    for control in worker.locator("main input:visible, main select:visible").all():
        label = control.evaluate("e => e.labels.length ? e.labels[0].innerText : ''")
        assert label, control.evaluate("e => e.outerHTML")
    worker.get_by_label("姓名").fill(NAME)
    worker.get_by_label("身份证号").fill(WRONG_CHECK)
    worker.get_by_role("radio", name="女").check()
    worker.get_by_label("电话").fill(PHONE_NUMBER)
    worker.get_by_label("楼栋").select_option(B1)
    worker.get_by_label("房号").fill(ROOM)
    worker.get_by_role("button", name="登记").click()
    expect(worker.locator("[data-result]")).to_contain_text("check character")  # the API's problem+json, shown
    worker.get_by_label("身份证号").fill(ID_NUMBER)
    worker.get_by_role("button", name="登记").click()
    worker.wait_for_url("**/console/people")

    row = worker.locator("tbody tr").filter(has_text=NAME)
    expect(row).to_contain_text(f"{ID_NUMBER[:4]}**********{ID_NUMBER[-4:]}")
    expect(row).to_contain_text("锦绣小区 1号楼")
    _nothing_personal(worker)
    _shot(worker, screens, "register")

    worker.set_viewport_size(PHONE)  # type: ignore[arg-type]
    row.get_by_role("link", name=NAME).click()
    expect(worker.get_by_role("heading", level=1)).to_have_text(NAME)
    expect(worker.get_by_text("139****0001")).to_be_visible()
    _nothing_personal(worker)
    assert worker.get_by_text("查看加密信息").count() == 0  # the table lets a grid worker tag, not reveal
    worker.locator("summary", has_text="添加标签").click()
    worker.get_by_label("选择标签").select_option(label="独居老人")
    worker.locator("#tag-reason").fill("独居，子女在外地")
    worker.get_by_role("button", name="保存标签").click()
    expect(worker.locator(".tag-list")).to_contain_text("独居老人")

    person_id = worker.url.split("/console/people/")[1].split("?")[0]
    answer: dict[str, Any] = _api(console, "worker1").get(f"/api/v1/people/{person_id}").json()
    assert [t["tag"] for t in answer["tags"]] == ["elderly_alone"]

    office = console.sign_in(browser, "office1")
    office.goto(f"/console/people/{person_id}")
    _nothing_personal(office)
    office.locator("summary", has_text="查看加密信息").click()
    expect(office.get_by_text("记入审计日志").first).to_be_visible()
    office.get_by_label("要查看的项目").select_option(label="电话")
    office.locator("#reveal-reason").fill(REASON)
    office.get_by_role("button", name="查看并记录").click()
    expect(office.locator(".revealed output")).to_have_text(PHONE_NUMBER)
    _shot(office, screens, "person")
    office.reload()
    _nothing_personal(office)  # shown once, in the form's box: not kept on the page

    trail = _api(console, "auditor").get("/api/v1/audit/events", params={"kind": "AccessRecord.Queried"}).json()
    reveals = [e for e in trail["items"] if e["payload"].get("what") == "people/reveal"]
    params = [(e["actor"], e["payload"]["params"]["field"], e["payload"]["params"]["reason"]) for e in reveals]
    assert params == [("office1", "phone", REASON)]

    department = console.sign_in(browser, "dept1")
    refused = department.goto("/console/people")
    assert refused is not None and refused.status == 403
    expect(department.get_by_role("alert")).to_contain_text("read the register")
