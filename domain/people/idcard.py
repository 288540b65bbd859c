"""Resident identity card numbers (居民身份证号码, GB 11643-1999): 17 digits and an ISO 7064 check character."""

from __future__ import annotations

from datetime import date

from domain.shared.errors import InvalidInputError

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"  # the check character for each remainder of the weighted sum mod 11


def check_character(first17: str) -> str:
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def validated(number: str, field: str = "id_number") -> str:
    """The number in its canonical form (upper-case X), or a refusal saying what is wrong with it."""
    value = number.strip().upper()
    if len(value) != 18:
        raise InvalidInputError(f"a resident ID number has 18 characters, not {len(value)}", field=field)
    if not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        raise InvalidInputError("a resident ID number is 17 digits and a digit or X", field=field)
    try:
        date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise InvalidInputError(
            "the birth date inside the ID number (characters 7-14) is not a date", field=field
        ) from None
    if check_character(value[:17]) != value[17]:
        raise InvalidInputError("the ID number's check character (the last one) does not match: a typo?", field=field)
    return value


def masked(number: str) -> str:
    """First 4 and last 4 characters: enough to tell two people apart on a list, not to identify one."""
    return f"{number[:4]}{'*' * (len(number) - 8)}{number[-4:]}" if len(number) > 8 else "*" * len(number)
