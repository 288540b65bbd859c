"""The two formats the façade answers in, and the W3C datetimes GeoReport v2 exchanges.

Every datetime goes out in the district's local time with its offset (the working calendar's UTC
offset, +08:00 by default: Asia/Shanghai, which has no daylight saving), to the second. A datetime
coming in must carry Z or an offset, as the spec requires; a bare date means that day's midnight
in the district.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, tzinfo
from enum import StrEnum

from domain.shared.errors import InvalidInputError, NotFoundError

PREFIX = "/open311/"
FIRST_YEAR, LAST_YEAR = 1970, 9998  # a year past 9998 overflows once shifted to UTC or widened by 90 days
_W3C = re.compile(
    r"(?P<date>\d{4}-\d\d-\d\d)"
    r"(?:T(?P<time>\d\d:\d\d(?::\d\d(?:\.\d{1,6})?)?)(?P<offset>Z|[+-]\d\d:\d\d))?"
)
# A '+' left unencoded in a query string arrives as a space: "…T00:00:00 08:00".
_SPACE_FOR_PLUS = re.compile(r"^(\S+T\S+) (\d\d:\d\d)$")


class Format(StrEnum):
    """The formats the URL may end in (`services.json`, `services.xml`)."""

    JSON = "json"
    XML = "xml"


def format_named(name: str) -> Format:
    """The format a URL asked for; any other ending is a resource that does not exist (404)."""
    try:
        return Format(name)
    except ValueError:
        raise NotFoundError(
            f"no such format {name[:20]!r}: the façade answers .json and .xml", field="format"
        ) from None


def format_of_path(path: str) -> Format:
    """The format an error is told in: XML if the URL asked for XML, else JSON."""
    return Format.XML if path.endswith(".xml") else Format.JSON


def w3c(at: datetime, zone: tzinfo) -> datetime:
    """`at` in the district's time, to the second (rendered as 2026-03-02T09:00:00+08:00)."""
    return at.astimezone(zone).replace(microsecond=0)


def parse_w3c(text: str, field: str, zone: tzinfo) -> datetime:
    """A W3C datetime (with Z or an offset) or date, as an aware UTC datetime; anything else is 400."""
    text = text.strip()
    if match := _SPACE_FOR_PLUS.match(text):
        text = f"{match[1]}+{match[2]}"
    found = _W3C.fullmatch(text)
    if found is None:
        raise InvalidInputError(
            f"{field}: give a W3C datetime with its offset, e.g. 2026-03-01T00:00:00Z or 2026-03-01T08:00:00+08:00",
            field=field,
        )
    try:
        if found["time"] is None:
            local = datetime.combine(datetime.fromisoformat(found["date"]).date(), time(), tzinfo=zone)
        else:
            local = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInputError(f"{field}: {text[:40]!r} is not a date on the calendar", field=field) from None
    if not FIRST_YEAR <= local.year <= LAST_YEAR:
        raise InvalidInputError(f"{field}: give a year from {FIRST_YEAR} to {LAST_YEAR}", field=field)
    return local.astimezone(UTC)
