"""Reports made offline wait in the outbox and are sent once each, however often the phone reconnects
or loses an answer."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Route, expect

from tests.browser.conftest import PHONE, Console
from tests.browser.test_worker import ISSUES, Api, fill_report
from tests.support.images import png


def test_queues_two_reports_while_offline_in_the_outbox_and_shows_exactly_two_issues_after_reconnecting_twice(
    console: Console, browser: Browser, tmp_path: Path
) -> None:
    photo = tmp_path / "积水.png"
    photo.write_bytes(png(rgb=(0, 90, 200)))
    page = console.sign_in(browser, "worker1", viewport=PHONE)
    outbox = page.locator("[data-outbox]")
    expect(outbox.locator("[data-outbox-count]")).to_have_text("0")

    page.context.set_offline(True)
    for description, photos in (("小区门口积水", [photo]), ("2号楼路灯不亮", [])):
        fill_report(page, building="锦绣小区 2号楼", description=description)
        page.get_by_label("现场照片").set_input_files(photos)
        page.get_by_role("button", name="上报").click()
        expect(page.locator("#report [data-result]")).to_contain_text("已存入待发送")
    expect(outbox.locator("[data-outbox-count]")).to_have_text("2")
    expect(outbox.locator("li")).to_have_count(2)
    expect(outbox).to_contain_text("小区门口积水（1 张照片")
    expect(outbox).to_contain_text("2号楼路灯不亮（0 张照片")

    page.context.set_offline(False)
    page.evaluate("() => { window.dispatchEvent(new Event('online')); window.dispatchEvent(new Event('online')); }")
    expect(outbox.locator("[data-outbox-count]")).to_have_text("0")
    expect(outbox.locator("li")).to_have_count(0)
    page.reload()  # and the flush on load finds nothing more to send
    expect(outbox.locator("[data-outbox-count]")).to_have_text("0")

    worker = Api(console, "worker1")
    reported = worker.get(ISSUES)
    assert reported["total"] == 2
    assert sorted(i["description"] for i in reported["items"]) == ["2号楼路灯不亮", "小区门口积水"]
    with_photo = next(i for i in reported["items"] if i["description"] == "小区门口积水")
    assert len(worker.get(f"{ISSUES}/{with_photo['id']}")["attachments"]) == 1

    # Online, but the answer to a report is lost on the way back: the outbox keeps it and sends it
    # again under the same key, and the API answers with the issue it already made.
    keys: list[str] = []

    def lose_the_first_answer(route: Route) -> None:
        keys.append(route.request.headers["idempotency-key"])
        if len(keys) == 1:
            route.fetch()  # the server makes the issue; the phone never hears of it
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route("**/api/v1/issues", lose_the_first_answer)
    fill_report(page, building="锦绣小区 1号楼", description="垃圾桶满了")
    page.get_by_role("button", name="上报").click()
    expect(page.locator("#report [data-result]")).to_contain_text("已存入待发送")
    expect(page.locator("[data-outbox-count]")).to_have_text("1")
    assert worker.get(ISSUES)["total"] == 3

    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    expect(page.locator("[data-outbox-count]")).to_have_text("0")
    assert len(keys) == 2 and keys[0] == keys[1]
    assert worker.get(ISSUES)["total"] == 3
