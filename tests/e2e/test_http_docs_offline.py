"""/docs and /redoc work on an intranet: every script, style and icon comes from the app itself."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.support.world import World

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
_REFERENCE = re.compile(r"""(?:src|href|spec-url)\s*=\s*["']([^"']+)["']|\burl\s*:\s*["']([^"']+)["']""")


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_the_docs_page_loads_every_asset_from_the_app_itself(client: TestClient, world: World, page: str) -> None:
    answer = client.get(page)
    assert answer.status_code == 200
    html = answer.text
    hosts = set(re.findall(r"https?://[^\s\"'<>)]+", html))
    assert hosts <= {"http://testserver"}, hosts
    references = [a or b for a, b in _REFERENCE.findall(html)]
    assert any(r.endswith(".js") for r in references), references
    assert "/openapi.json" in references
    for reference in references:
        fetched = client.get(reference)
        assert fetched.status_code == 200, reference
        assert fetched.content, reference


def test_the_vendored_assets_carry_their_licences(client: TestClient, world: World) -> None:
    for path in ("/static/swagger_ui/LICENSE", "/static/redoc/LICENSE"):
        answer = client.get(path)
        assert answer.status_code == 200, path
        assert "Permission is hereby granted" in answer.text or "Apache License" in answer.text
