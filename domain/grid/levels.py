"""Grid levels and the rules on codes and names that every node obeys."""

from __future__ import annotations

import re
from enum import IntEnum

from domain.shared.errors import InvalidInputError


class Level(IntEnum):
    """A grid level; a child is always exactly one level below its parent."""

    STREET = 1  # 街道
    COMMUNITY = 2  # 社区
    COMPOUND = 3  # 居民小区
    BUILDING = 4  # 居住楼栋

    @property
    def label(self) -> str:
        return self.name.lower()

    @property
    def chinese(self) -> str:
        return _CHINESE[self]

    @classmethod
    def parse(cls, value: str | int) -> Level:
        """Accepts 1-4 or street/community/compound/building."""
        if isinstance(value, int) or str(value).isdigit():
            try:
                return cls(int(value))
            except ValueError:
                pass
        else:
            try:
                return cls[str(value).upper()]
            except KeyError:
                pass
        raise InvalidInputError(f"unknown level {value!r}: use street, community, compound or building", field="level")


_CHINESE = {
    Level.STREET: "街道",
    Level.COMMUNITY: "社区",
    Level.COMPOUND: "居民小区",
    Level.BUILDING: "居住楼栋",
}

# Codes are the segments of a Beijing-style grid code; letters and dashes allow local schemes.
_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_-]{0,39}$")
MAX_NAME_LENGTH = 100


def check_code(code: str, field: str = "code") -> str:
    if not _CODE.match(code):
        raise InvalidInputError(
            f"code {code!r} must be 1-40 letters, digits, '-' or '_', starting with a letter or digit",
            field=field,
        )
    return code


def check_name(name: str, field: str = "name") -> str:
    cleaned = name.strip()
    if not cleaned:
        raise InvalidInputError("name must not be empty", field=field)
    if len(cleaned) > MAX_NAME_LENGTH:
        raise InvalidInputError(f"name is longer than {MAX_NAME_LENGTH} characters", field=field)
    return cleaned
