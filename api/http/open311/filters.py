"""GET requests' filters as the spec gives them: comma lists, open/closed, and a window of at most
90 days on requested_datetime (the most recent 90 days when no date is sent)."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from api.http.open311.formats import parse_w3c
from domain.issues.public import Open311Status
from domain.shared.errors import InvalidInputError

WINDOW = timedelta(days=90)
MAX_IDS = 100
MAX_CODES = 50


def comma_list(text: str | None, field: str, most: int) -> list[str]:
    """The non-empty items of a comma separated value, each at most 40 characters, at most `most`."""
    items = list(dict.fromkeys(item.strip() for item in (text or "").split(",") if item.strip()))
    if len(items) > most:
        raise InvalidInputError(f"{field}: at most {most} values, comma separated", field=field)
    if any(len(item) > 40 for item in items):
        raise InvalidInputError(f"{field}: each value is at most 40 characters", field=field)
    return items


def statuses(text: str | None) -> frozenset[Open311Status]:
    chosen = comma_list(text, "status", 2)
    known = {str(s) for s in Open311Status}
    if any(item not in known for item in chosen):
        raise InvalidInputError("status: send open, closed or both, comma separated", field="status")
    return frozenset(Open311Status(item) for item in chosen)


def window(start_date: str | None, end_date: str | None, *, now: datetime, zone: tzinfo) -> tuple[datetime, datetime]:
    """[start, end] in UTC: the dates sent, one widened by 90 days, or the last 90 days."""
    start = parse_w3c(start_date, "start_date", zone) if start_date else None
    end = parse_w3c(end_date, "end_date", zone) if end_date else None
    if start is None and end is None:
        return now - WINDOW, now
    if start is None:
        assert end is not None
        return end - WINDOW, end
    if end is None:
        return start, start + WINDOW
    if end < start:
        raise InvalidInputError("end_date is before start_date", field="end_date")
    if end - start > WINDOW:
        raise InvalidInputError(
            f"start_date to end_date spans {(end - start).days} days: a window may span at most 90 days",
            field="end_date",
        )
    return start, end
