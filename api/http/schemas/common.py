"""Fields shared by many requests and responses."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, Field

from domain.shared.errors import InvalidInputError


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        raise InvalidInputError("as_of needs a UTC offset, e.g. 2026-11-27T10:05:00+08:00", field="as_of")
    return value


AsOf = Annotated[
    datetime | None,
    AfterValidator(_aware),
    Field(description="answer as of this moment (ISO 8601 with offset), replayed from the log"),
]
Reason = Annotated[str, Field(min_length=1, max_length=500, description="why: kept in the event")]
