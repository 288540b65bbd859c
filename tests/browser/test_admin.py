"""The administrator's read-only pages: the grid tree level by level, accounts, the catalogue, the calendar."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from tests.browser.conftest import PHONE, Console


def test_the_admin_browses_the_grid_and_reads_every_table(reading_console: Console, browser: Browser) -> None:
    page = reading_console.sign_in(browser, "admin", viewport=PHONE)
    assert page.url.endswith("/console/admin")
    streets = page.get_by_role("table")
    expect(streets).to_contain_text("东华门街道")
    expect(streets).to_contain_text("景山街道")

    for name in ("东华门街道", "多福巷社区", "锦绣小区"):
        page.get_by_role("link", name=name, exact=True).click()
        expect(page.locator("#here-title")).to_contain_text(name)
    here = page.locator("section", has=page.locator("#here-title"))
    expect(here).to_contain_text("李秀英")  # worker1 works compound K1
    buildings = page.get_by_role("table")
    expect(buildings).to_contain_text("1号楼")
    expect(buildings).to_contain_text("居住楼栋")
    expect(buildings.get_by_role("link")).to_have_count(0)  # a building is the last level
    crumbs = page.get_by_role("navigation", name="所在路径")
    expect(crumbs).to_contain_text("东华门街道 › 多福巷社区 › 锦绣小区")
    crumbs.get_by_role("link", name="东华门街道").click()
    community = page.get_by_role("row", name="多福巷社区")
    expect(community).to_contain_text("王建国")  # leader1 leads C1

    page.get_by_role("link", name="账号", exact=True).click()
    accounts = page.get_by_role("table")
    expect(accounts).to_contain_text("139****5678")  # worker1's phone, masked as the API masks it
    assert "13912345678" not in page.content()
    page.get_by_label("角色", exact=True).select_option("department")
    page.get_by_role("button", name="筛选").click()
    expect(page.get_by_role("table").locator("tbody tr")).to_have_count(3)

    page.get_by_role("link", name="部门", exact=True).click()
    expect(page.get_by_role("row", name="ZJ")).to_contain_text("100001")
    expect(page.get_by_role("row", name="XF")).to_contain_text("全区")

    page.get_by_role("link", name="问题类别", exact=True).click()
    building_work = page.get_by_role("row", name="02.01")
    expect(building_work).to_contain_text("部门处置 5 工作日")
    expect(building_work).to_contain_text("城管")
    expect(building_work).to_contain_text("住建")

    page.get_by_role("link", name="工作日历", exact=True).click()
    expect(page.get_by_role("region", name="节假日")).to_contain_text("2026-03-09")
    expect(page.get_by_role("region", name="调休上班日")).to_contain_text("2026-03-14")
    expect(page.locator("main")).to_contain_text("周一、周二、周三、周四、周五")
    page.context.close()

    for username in ("auditor", "office1"):
        refused = reading_console.sign_in(browser, username)
        answer = refused.goto("/console/admin/accounts")
        assert answer is not None and answer.status == 403, username
        expect(refused.get_by_role("alert")).to_contain_text("may not open the admin pages")
        refused.context.close()
