"""Rendering console pages: the templates, Beijing time on screen, and the Chinese names of codes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from api.console.labels import chinese
from api.console.viewer import Viewer

# China keeps one offset all year, so a fixed zone needs no tz database on the server.
BEIJING = timezone(timedelta(hours=8), "北京时间")
TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")


def beijing(moment: datetime | None) -> str:
    if moment is None:
        return "—"
    return moment.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")


def when(moment: datetime | None) -> Markup:
    """A <time> in Beijing time on screen, UTC in its machine-readable value (for countdowns)."""
    if moment is None:
        return Markup("—")
    utc = moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
    return Markup('<time datetime="{0}" title="{0}">{1}</time>').format(utc, beijing(moment))


def term(code: object) -> Markup:
    """A code's Chinese name, with the code itself for the English toggle and as a tooltip."""
    if code is None:
        return Markup("—")
    value = str(code)
    return Markup('<span class="term" title="{0}">{1}<span class="en" lang="en"> {0}</span></span>').format(
        value, chinese(code)
    )


TEMPLATES.env.filters.update(beijing=beijing, when=when, term=term)


def page(request: Request, name: str, viewer: Viewer | None, status_code: int = 200, **context: Any) -> HTMLResponse:
    return TEMPLATES.TemplateResponse(
        request, name, {"viewer": viewer, **context}, status_code=status_code, headers={"Cache-Control": "no-store"}
    )
