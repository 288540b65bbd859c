"""Rectification cases in the browser: the street office works a case from the list, an auditor reads
it (as it is, and as it was before the office moved it on), and an account outside its grid is refused.

One server for the whole story; the case is opened through the JSON API, every action is then done on
the page and checked both on screen and in the API's answer.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import DESKTOP, PHONE, Console
from tests.support.world import C1, PASSWORD

CASES = "/api/v1/rectification/cases"
BEIJING = timezone(timedelta(hours=8))


def _api(console: Console, username: str) -> httpx.Client:
    signed_in = httpx.post(f"{console.base}/api/v1/auth/token", data={"username": username, "password": PASSWORD})
    token = signed_in.json()["access_token"]
    return httpx.Client(base_url=console.base, headers={"Authorization": f"Bearer {token}"}, timeout=30)


def _post(api: httpx.Client, path: str, **body: Any) -> dict[str, Any]:
    answer = api.post(path, json=body)
    assert answer.status_code in (200, 201), answer.text
    return dict(answer.json())


def _labelled_and_narrow(page: Page) -> None:
    """Every visible control has a name, and a phone needs no sideways scrolling."""
    for control in page.locator("main input:visible, main select:visible, main textarea:visible").all():
        name = control.evaluate(
            "e => e.labels && e.labels.length ? e.labels[0].innerText : e.getAttribute('aria-label')"
        )
        assert name, control.evaluate("e => e.outerHTML")
    wide, viewport = page.evaluate("document.documentElement.scrollWidth"), page.viewport_size
    assert viewport is not None and wide <= viewport["width"] + 1, f"{page.url} is {wide}px wide"


def _shot(page: Page, screens: Path | None, name: str) -> None:
    if screens is None:
        return
    for width, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(viewport)  # type: ignore[arg-type]
        page.screenshot(path=str(screens / f"rectification-{name}-{width}.png"), full_page=True)


def test_the_office_works_a_case_the_auditor_reads_it_then_and_now_and_others_are_refused(
    console: Console, browser: Browser, screens: Path | None
) -> None:
    office = _api(console, "office1")
    in_a_month = (date.today() + timedelta(days=30)).isoformat()
    case = _post(
        office,
        CASES,
        target_kind="grid_node",
        target_id=C1,
        source="年度软弱涣散排查",
        criterion="secretary_vacant",
        reason="书记缺职4个月",
    )
    url = f"{CASES}/{case['id']}"
    _post(
        office,
        f"{url}/items",
        problem="书记长期缺职",
        measure="选派第一书记",
        owner="worker1",
        reviewer="leader1",
        deadline=in_a_month,
    )

    page = console.sign_in(browser, "office1", viewport=PHONE)
    page.goto("/console/rectification")
    row = page.locator("table.rect-cases tbody tr", has_text="多福巷社区")
    expect(row).to_contain_text("排查认定")
    expect(row.locator("[data-countdown]")).to_have_count(0)  # no plan yet, so no deadline to count down
    _labelled_and_narrow(page)
    _shot(page, screens, "list")
    row.get_by_role("link", name="多福巷社区").click()
    expect(page.locator("h1")).to_contain_text("多福巷社区")
    expect(page.locator("li[aria-current=step]")).to_contain_text("排查认定")
    expect(page.locator("#ledger")).to_contain_text("1 项")
    _labelled_and_narrow(page)
    _shot(page, screens, "identified")

    page.locator("#act-add_item summary").click()
    form = page.locator("#act-add_item form")
    form.get_by_label("问题").fill("三会一课记录不全")
    form.get_by_label("整改措施").fill("补齐会议记录，每月检查")
    form.get_by_label("责任人 账号", exact=True).fill("worker1")
    form.get_by_label("销号审核人").fill("leader1")
    form.get_by_label("整改期限").fill(in_a_month)
    form.get_by_label("理由").fill("排查发现")
    _shot(page, screens, "add-item")
    form.get_by_role("button", name="列入台账").click()
    expect(page.locator("article.rect-item h3", has_text="三会一课记录不全")).to_be_visible()
    assert [i["problem"] for i in office.get(url).json()["items"]] == ["书记长期缺职", "三会一课记录不全"]

    # A moment between the new item and the advance, to the second as the picker takes it.
    before = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=1)
    time.sleep(max(0.0, (before - datetime.now(UTC)).total_seconds()) + 0.2)
    page.locator("#act-approve_plan summary").click()
    form = page.locator("#act-approve_plan form")
    form.get_by_label("整改方案").fill("选派第一书记，补齐班子，规范组织生活")
    form.get_by_label("整改期限").fill((date.today() + timedelta(days=90)).isoformat())
    form.get_by_label("理由").fill("方案经街道审定")
    form.get_by_role("button", name="审定方案").click()
    expect(page.locator("li[aria-current=step]")).to_contain_text("方案已审定")
    expect(page.locator("#facts + dl [data-countdown]")).to_have_count(1)
    assert office.get(url).json()["stage"] == "plan_approved"
    _shot(page, screens, "plan-approved")
    page.context.close()

    auditor = console.sign_in(browser, "auditor")
    auditor.goto(f"/console/rectification/{case['id']}")
    expect(auditor.locator("li[aria-current=step]")).to_contain_text("方案已审定")
    expect(auditor.locator("form[data-api]")).to_have_count(0)  # read-only: no form of any command
    auditor.get_by_label("时点").fill(before.astimezone(BEIJING).strftime("%Y-%m-%dT%H:%M:%S"))
    auditor.get_by_role("button", name="查看").click()
    expect(auditor.locator(".as-of-note")).to_contain_text("只读")
    expect(auditor.locator("li[aria-current=step]")).to_contain_text("排查认定")
    expect(auditor.locator("article.rect-item")).to_have_count(2)
    expect(auditor.locator("form[data-api]")).to_have_count(0)
    _shot(auditor, screens, "as-of")
    auditor.context.close()

    outsider = console.sign_in(browser, "worker2")  # a worker of compound K2, below the case's community
    answer = outsider.goto(f"/console/rectification/{case['id']}")
    assert answer is not None and answer.status == 403
    expect(outsider.get_by_role("alert")).to_contain_text("worker2 may not read")
    outsider.context.close()
