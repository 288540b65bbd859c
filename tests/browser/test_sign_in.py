"""Signing in and out of the console, each role landing on its own home."""

from __future__ import annotations

from playwright.sync_api import Browser

from tests.browser.conftest import Console
from tests.support.world import PASSWORD


def test_the_root_shows_the_sign_in_page_and_a_wrong_password_is_refused(
    reading_console: Console, browser: Browser
) -> None:
    page = browser.new_context(base_url=reading_console.base).new_page()
    page.goto("/")
    assert page.url.endswith("/login")
    page.get_by_label("用户名").fill("worker1")
    page.get_by_label("密码").fill("not-the-password")
    page.get_by_role("button", name="登录").click()
    assert "用户名或密码错误" in page.get_by_role("alert").inner_text()


def test_each_role_lands_on_its_home_and_signs_out(reading_console: Console, browser: Browser) -> None:
    homes = {
        "admin": "/console/admin",
        "auditor": "/console/audit",
        "office1": "/console/board",
        "leader1": "/console/board",
        "worker1": "/console/worker",
        "dept1": "/console/desk",
    }
    for username, home in homes.items():
        page = reading_console.sign_in(browser, username)
        assert page.url.endswith(home), (username, page.url)
        cookie = next(c for c in page.context.cookies() if c["name"] == "gridgov_session")
        assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
        page.get_by_role("button", name="退出").click()
        page.wait_for_url("**/login")
        page.goto("/console")
        assert "/login" in page.url
        page.context.close()


def test_signing_in_and_reporting_work_with_the_keyboard_alone(reading_console: Console, browser: Browser) -> None:
    page = browser.new_context(base_url=reading_console.base).new_page()
    page.goto("/login")
    page.keyboard.type("worker1")  # the username box has the focus when the page opens
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/console/worker")
    for control in page.locator("main input:visible, main select:visible, main textarea:visible").all():
        name = control.evaluate(
            "e => e.labels && e.labels.length ? e.labels[0].innerText : e.getAttribute('aria-label')"
        )
        assert name, control.evaluate("e => e.outerHTML")
