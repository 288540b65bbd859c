"""A grid worker checks residents' reports on site from the phone: confirm one, dismiss another."""

from __future__ import annotations

from pathlib import Path

import httpx
from playwright.sync_api import Browser, expect

from tests.browser.conftest import PHONE, Console
from tests.support.world import B1, BUILDING_WORK


def resident_reports(console: Console, description: str) -> str:
    form = {"category": BUILDING_WORK, "description": description, "node": B1, "phone": "13911112222"}
    answer = httpx.post(f"{console.base}/public/v1/reports", data=form, timeout=30)
    assert answer.status_code == 201, answer.text
    return str(answer.json()["request_id"])


def progress(console: Console, request_id: str) -> dict[str, str]:
    return dict(httpx.get(f"{console.base}/public/v1/requests/{request_id}", timeout=30).json())


def test_the_worker_confirms_one_report_and_dismisses_another_with_a_reason_the_resident_sees(
    browser: Browser, console: Console, screens: Path | None
) -> None:
    kept = resident_reports(console, "楼道堆放杂物堵住消防通道")
    dropped = resident_reports(console, "楼下有辆车乱停")
    page = console.sign_in(browser, "worker1", viewport=PHONE)
    expect(page.get_by_role("heading", name="市民报告待核实")).to_contain_text("2")
    if screens is not None:
        page.screenshot(path=str(screens / "worker-citizen-check.png"), full_page=True)

    card = page.locator(f"#task-{kept}")
    card.get_by_label("现场核实情况").fill("到现场看过，杂物属实")
    card.get_by_role("button", name="核实属实，立案").click()
    expect(card.locator("[data-result]")).to_contain_text("已核实立案")
    page.wait_for_load_state("load")

    card = page.locator(f"#task-{dropped}")
    card.get_by_label("现场核实情况").fill("现场未见乱停车辆，已驶离")
    card.get_by_role("button", name="核实不属实").click()
    expect(card.locator("[data-result]")).to_contain_text("不予立案")

    assert progress(console, kept)["status"] == "registered"
    declined = progress(console, dropped)
    assert (declined["status"], declined["notes"]) == ("declined", "现场未见乱停车辆，已驶离")
