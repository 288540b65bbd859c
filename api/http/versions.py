"""The If-Match header of optimistic commands: the aggregate version a caller decided on.

A client that read version 3 (an issue's or a grid node's answer says so in its ETag, `"3"`)
sends `If-Match: "3"` (a weak `W/"3"` too, as some proxies rewrite it); the command is refused
with 409 if the aggregate has moved on, instead of overwriting a change the caller never saw.
Without the header (or with `If-Match: *`) a command runs on whatever is current, as before.
A malformed header is refused naming If-Match (its echo cut short by the error table).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Header

from domain.shared.errors import InvalidInputError

IfMatch = Annotated[
    str | None,
    Header(max_length=40, description='the version you decided on, e.g. "3" (409 if it has changed since)'),
]


def expected_version(if_match: str | None) -> int | None:
    if if_match is None or if_match.strip() == "*":  # HTTP's "any current version": no condition
        return None
    raw = if_match.removeprefix("W/").strip('"')
    if not raw.isdigit():
        raise InvalidInputError(f'If-Match must be a version such as "3", not {if_match!r}', field="If-Match")
    return int(raw)
