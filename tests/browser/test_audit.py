"""The auditor's bench in the browser: the trail by every filter, an issue's timeline, a queue as it
was before a check-in, proof badges checked by the browser itself, and nothing an auditor could change."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from datetime import UTC, datetime
from urllib.parse import quote

import httpx
from playwright.sync_api import Browser, Page, Route, expect

from api.auth.tokens import issue_token
from api.console.render import BEIJING
from tests.browser.conftest import Console
from tests.support.world import B1, BUILDING_WORK, K1, K2
from verifier.merkle import consistency_proof, inclusion_proof, root

ACTIONS = ("立案", "吹哨", "报到", "反馈", "核查", "结案", "退回", "评价")


def _api(console: Console, username: str) -> httpx.Client:
    """A client with a bearer token signed by the served store's key, as `gridgov users token` signs it."""
    settings = console.settings
    token = issue_token(username, key=settings.signing_key(), now=datetime.now(UTC), minutes=settings.token_minutes)
    return httpx.Client(base_url=console.base, headers={"Authorization": f"Bearer {token}"})


def _whistled_then_checked_in(console: Console) -> tuple[str, datetime]:
    """An issue whistled to CG and ZJ; CG checks in a little after the moment returned."""
    worker, leader, clerk = _api(console, "worker1"), _api(console, "leader1"), _api(console, "dept1")
    body = {"node": B1, "category": BUILDING_WORK, "description": "楼顶违建彩钢房", "reason": "巡查发现"}
    issue = worker.post("/api/v1/issues", json=body).json()["id"]
    assert leader.post(f"/api/v1/issues/{issue}/accept", json={"reason": "立案"}).status_code == 200
    whistle = {"kind": "routine", "lead": "CG", "co_handlers": ["ZJ"], "reason": "联合处置"}
    assert leader.post(f"/api/v1/issues/{issue}/whistle", json=whistle).status_code == 200
    time.sleep(1.1)  # the picker counts whole seconds: the moment lies strictly between the two events
    between = datetime.now(UTC).replace(microsecond=0)
    time.sleep(1.1)
    assert clerk.post(f"/api/v1/issues/{issue}/check-in", json={"department": "CG", "reason": "到场"}).is_success
    return issue, between


def _search(page: Page, **fields: str) -> None:
    page.goto("/console/audit")
    for label, value in fields.items():
        box = page.get_by_label(label, exact=True)
        if box.evaluate("e => e.tagName") == "SELECT":
            box.select_option(value)
        else:
            box.fill(value)
    with page.expect_navigation():
        page.get_by_role("button", name="查询").click()


def _events(page: Page) -> list[str]:
    return page.locator("table.trail td[data-label='事件'] code").all_inner_texts()


def _picked(moment: datetime) -> str:
    return moment.astimezone(BEIJING).strftime("%Y-%m-%dT%H:%M:%S")


def _read_only(page: Page) -> None:
    expect(page.locator("form[data-api]")).to_have_count(0)
    for name in ACTIONS:
        expect(page.get_by_role("button", name=name, exact=True)).to_have_count(0)


def test_an_auditor_searches_looks_back_and_verifies_proofs_but_changes_nothing(
    console: Console, browser: Browser
) -> None:
    issue, between = _whistled_then_checked_in(console)
    page = console.sign_in(browser, "auditor")
    assert page.url.endswith("/console/audit")
    _searches_the_trail_by_every_filter(page, issue, between)
    _opens_the_timeline_and_checks_proofs(page, issue)
    _hashes_as_the_verifier_does(page)
    _sees_the_queue_before_the_check_in(page, between)
    _sees_the_issue_and_the_worklist_as_they_were(page, issue, between)
    _is_refused_a_write(page, console, issue)


def _searches_the_trail_by_every_filter(page: Page, issue: str, between: datetime) -> None:
    _read_only(page)
    first = page.locator("table.trail td.pos").all_inner_texts()
    page.get_by_role("link", name="下一页 »").click()
    after = page.locator("table.trail td.pos").all_inner_texts()
    assert len(first) == 50 and int(after[0].lstrip("#")) > int(first[-1].lstrip("#"))
    _search(page, 对象类型="Issue", 对象编号=issue)
    reported, accepted, whistled = "Issue.Reported", "Issue.Accepted", "Issue.WhistleBlown"
    checked_in = "Issue.DepartmentCheckedIn"
    assert _events(page) == [reported, accepted, whistled, checked_in]
    _search(page, 操作人="dept1")
    assert _events(page) == [checked_in]
    _search(page, 事件类型=whistled)
    assert _events(page) == [whistled]
    expect(page.locator("table.trail")).to_contain_text("吹哨：CG 牵头")
    _search(page, **{"网格（含下级）": K1, "对象类型": "Issue"})
    assert len(_events(page)) == 4
    _search(page, **{"网格（含下级）": K2, "对象类型": "Issue"})
    assert _events(page) == []  # the issue lies under K1, not under its sibling

    _search(page, 对象编号=issue, **{"起（北京时间）": _picked(between)})
    assert _events(page) == [checked_in]
    _search(page, 对象编号=issue, **{"起（北京时间）": "2020-01-01T09:00:00", "止（北京时间）": "2020-12-31T18:00:00"})
    assert _events(page) == []
    expect(page.locator("main")).to_contain_text("共显示 0 条")
    _search(page, 对象编号=issue, **{"止（北京时间）": _picked(between)})
    assert _events(page) == [reported, accepted, whistled]
    export = page.get_by_role("link", name="JSON Lines").get_attribute("href")
    assert export is not None
    exported = page.request.get(export)
    assert exported.ok and len(exported.text().splitlines()) == 3  # the export keeps the time filter


def _opens_the_timeline_and_checks_proofs(page: Page, issue: str) -> None:
    _search(page, 对象类型="Issue", 对象编号=issue)
    page.locator("table.trail").get_by_role("link", name=issue).first.click()
    expect(page.get_by_role("heading", name="楼顶违建彩钢房")).to_be_visible()
    expect(page.locator("ol.timeline > li")).to_have_count(4)
    _read_only(page)

    badge = page.locator("ol.timeline [data-proof]").first
    result = page.locator("ol.timeline [data-proof-result]").first
    badge.click()
    expect(result).to_contain_text("✓ 已验证")
    for field, reason in (("audit_path", "审计路径不能从此事件推出"), ("signature", "签名无效")):
        page.route("**/api/v1/audit/proofs/*", _tamper(field))
        badge.click()
        expect(result).to_contain_text("✗ 校验失败")
        expect(result).to_contain_text(reason)
        page.unroute("**/api/v1/audit/proofs/*")

    key = page.get_by_label("可信公钥（64 位十六进制）")
    page.locator("summary", has_text="可信公钥").click()  # opens its <details>
    key.fill("ab" * 32)
    key.press("Tab")
    badge.click()
    expect(result).to_contain_text("与您保存的可信公钥不一致")
    key.fill("")
    key.press("Tab")
    badge.click()
    expect(result).to_contain_text("✓ 已验证")


def _sees_the_queue_before_the_check_in(page: Page, between: datetime) -> None:
    page.get_by_role("link", name="部门队列").click()
    page.get_by_label("部门", exact=True).select_option("CG")
    page.get_by_label("时点").fill(_picked(between))
    page.get_by_role("button", name="查看", exact=True).click()
    row = page.get_by_role("row", name="楼顶违建彩钢房")
    expect(row.get_by_role("cell").first).to_contain_text("待报到")
    expect(page.locator(".as-of-note")).to_contain_text(between.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M"))
    page.get_by_label("时点").fill("")
    page.get_by_role("button", name="查看", exact=True).click()
    expect(page.get_by_role("row", name="楼顶违建彩钢房").get_by_role("cell").first).to_contain_text("处置中")
    _read_only(page)


def _sees_the_issue_and_the_worklist_as_they_were(page: Page, issue: str, between: datetime) -> None:
    page.goto(f"/console/audit/state?kind=Issue&id={issue}&at={quote(_picked(between))}")
    expect(page.get_by_role("heading", name=issue)).to_contain_text("版本 3")
    assert '"status": "assigned"' in page.locator("dl.state").inner_text()  # CG had not checked in
    page.goto(f"/console/audit/worklist?node={K1}&at=2020-01-01T09:00:00")
    expect(page.locator("main")).to_contain_text("此时点没有未结问题")
    page.goto(f"/console/audit/worklist?node={K1}")
    expect(page.get_by_role("row", name="楼顶违建彩钢房")).to_contain_text("已吹哨")
    _read_only(page)


def _is_refused_a_write(page: Page, console: Console, issue: str) -> None:
    auditor = _api(console, "auditor")
    version = auditor.get(f"/api/v1/issues/{issue}").json()["version"]
    refused = page.evaluate(
        """async (issue) => {
            const csrf = document.querySelector('meta[name="csrf-token"]').content;
            const answer = await fetch(`/api/v1/issues/${issue}/progress`, {
                method: "POST", headers: {"Content-Type": "application/json", "X-CSRF-Token": csrf},
                body: JSON.stringify({department: "CG", note: "审计不应能写", reason: "试探"})});
            return [answer.status, (await answer.json()).detail];
        }""",
        issue,
    )
    assert refused == [403, "auditor may not change anything: auditors are read-only"]
    assert auditor.get(f"/api/v1/issues/{issue}").json()["version"] == version


def _tamper(field: str) -> Callable[[Route], None]:
    """Serves the real proof with one hex field of it changed, as a forger in the middle would."""

    def handle(route: Route) -> None:
        response = route.fetch()
        bundle = response.json()
        if field == "audit_path":
            bundle["audit_path"][0] = _flip(bundle["audit_path"][0])
        else:
            bundle["tree_head"][field] = _flip(bundle["tree_head"][field])
        route.fulfill(response=response, json=bundle)

    return handle


def _flip(hex_text: str) -> str:
    return ("0" if hex_text[0] != "0" else "1") + hex_text[1:]


def _hashes_as_the_verifier_does(page: Page) -> None:
    """The browser's RFC 9162 checks accept the Python verifier's proofs for every small tree, and
    refuse each with one sibling hash changed."""
    leaves = [hashlib.sha256(b"\x00" + bytes([i])).digest() for i in range(13)]
    cases = []
    for size in range(1, 14):
        tree = leaves[:size]
        top = root(tree).hex()
        cases += [["in", i, size, tree[i].hex(), [h.hex() for h in inclusion_proof(i, tree)], top] for i in range(size)]
        cases += [
            ["co", m, size, root(tree[:m]).hex(), [h.hex() for h in consistency_proof(m, tree)], top]
            for m in range(1, size + 1)
        ]
    verdicts = page.evaluate(
        """async (cases) => {
            const p = window.gridgovProof, hex = (xs) => xs.map(p.fromHex), out = [];
            for (const [what, a, size, first, proof, top] of cases) {
                const ok = what === "in"
                    ? await p.verifyInclusion(a, size, p.fromHex(first), hex(proof), p.fromHex(top))
                    : await p.verifyConsistency(a, size, p.fromHex(first), p.fromHex(top), hex(proof));
                const flip = (h) => (h[0] === "0" ? "1" : "0") + h.slice(1);
                const bent = proof.length ? [flip(proof[0]), ...proof.slice(1)] : null;
                const caught = bent === null || !(what === "in"
                    ? await p.verifyInclusion(a, size, p.fromHex(first), hex(bent), p.fromHex(top))
                    : await p.verifyConsistency(a, size, p.fromHex(first), p.fromHex(top), hex(bent)));
                out.push(ok && caught);
            }
            return out;
        }""",
        cases,
    )
    assert len(verdicts) == 2 * sum(range(1, 14)) and all(verdicts)
