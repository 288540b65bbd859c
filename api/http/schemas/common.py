"""Fields shared by many requests and responses: bounded integers, free text, and `as_of`."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any

from annotated_types import Ge, Le
from fastapi import Query
from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_core import PydanticCustomError

# The largest log position, tree size or page cursor accepted anywhere: 2**53 - 1 is the largest
# integer every JSON reader (JavaScript's Number included) keeps exact, and far below BIGINT's limit.
MAX_POSITION = 2**53 - 1
# Any other count or amount a client sends: PostgreSQL's INTEGER, so no value reaches a column it overflows.
MAX_INT = 2**31 - 1
MAX_OFFSET = 10**9
MAX_PAGE = 1000

# Query parameters; a router that pages less at once narrows it: `Annotated[Limit, Le(500)]`.
Limit = Annotated[int, Ge(1), Le(MAX_PAGE), Query(description=f"items per page, 1 … {MAX_PAGE}")]
Offset = Annotated[int, Ge(0), Le(MAX_OFFSET), Query(description=f"items to skip, 0 … {MAX_OFFSET:,}")]
# Codes, usernames and names, as the domain bounds them (a longer one could never match).
Code = Annotated[str, Field(min_length=1, max_length=40)]
Name = Annotated[str, Field(min_length=1, max_length=100)]

# A '+' in a query string means a space: an unencoded "+08:00" arrives as " 08:00".
_SPACE_FOR_PLUS = re.compile(r"^(\d{4}-\d\d-\d\d[T ][0-9:.]+) (\d\d(?::?\d\d)?)$")


def _plus_encoded(value: Any) -> Any:
    if isinstance(value, str) and (match := _SPACE_FOR_PLUS.match(value.strip())):
        encoded = f"{match[1]}%2B{match[2]}"
        raise PydanticCustomError(
            "plus_not_encoded",
            "the + of the UTC offset arrived as a space: encode + as %2B ({encoded}), or give the time in UTC with Z",
            {"encoded": encoded},
        )
    return value


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        raise PydanticCustomError("offset_missing", "needs a UTC offset, e.g. 2026-11-27T10:05:00+08:00")
    return value


AsOf = Annotated[
    datetime | None,
    BeforeValidator(_plus_encoded),
    AfterValidator(_aware),
    Field(description="answer as of this moment (ISO 8601 with offset, + sent as %2B), replayed from the log"),
]
Reason = Annotated[str, Field(min_length=1, max_length=500, description="why: kept in the event")]
