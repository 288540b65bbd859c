"""The auditor's search forms: Beijing wall time in the pickers, aware moments for the API, and
the API's own errors shown beside the form that caused them."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from api.console.labels import chinese
from api.console.render import BEIJING
from api.http.errors import STATUS
from domain.grid.levels import Level
from domain.shared.errors import InvalidInputError, NotFoundError

# A search that names something missing or malformed is answered beside its form; a refusal
# (403) is still the error page, as for any page.
SEARCH_ERRORS = (ValidationError, InvalidInputError, NotFoundError)
# What a datetime-local picker sends: no offset, since the browser's own zone is not the district's.
EXAMPLE = "2026-03-03T09:05"


def moment(value: str, field: str) -> datetime | None:
    """A picker's value read as Beijing time (a value with an offset keeps its own); blank is none."""
    if not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInputError(
            f"{value!r} is not a date and time: pick one, e.g. {EXAMPLE} (北京时间)", field=field
        ) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=BEIJING)


def picker(value: datetime | None) -> str:
    """A moment as a datetime-local picker shows it: Beijing wall time to the second."""
    return "" if value is None else value.astimezone(BEIJING).strftime("%Y-%m-%dT%H:%M:%S")


def problem(error: Exception) -> tuple[int, dict[str, Any]]:
    """The status and problem the API's error table gives, for an error caught on a search page."""
    if isinstance(error, ValidationError):
        errors = [{"field": ".".join(str(p) for p in e["loc"]), "reason": e["msg"]} for e in error.errors()]
        return 422, {"title": "Invalid input", "detail": "请检查查询条件", "errors": errors}
    assert isinstance(error, InvalidInputError | NotFoundError)
    status, title = next(v for kind, v in STATUS.items() if isinstance(error, kind))
    return status, {"title": title, "detail": error.message, "errors": list(error.details)}


def pretty(value: object) -> str:
    """A stored value as an auditor reads it: indented JSON, Chinese left as Chinese."""
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)


def left(seconds: int | None) -> str:
    """Working time left at the moment looked at, or how late it was then, in working hours (a
    working day is the calendar's periods, not 24 hours, so days would mislead)."""
    if seconds is None:
        return "—"
    hours, minutes = divmod(abs(seconds) // 60, 60)
    return f"{'剩余' if seconds >= 0 else '超期'} {hours}小时{minutes}分"


# What the bench's templates call besides the shared filters (option text cannot hold markup).
HELPERS = {"chinese": chinese, "pretty": pretty, "left": left, "levels": {v.label: v.chinese for v in Level}}
