"""Resident ID numbers (GB 11643): the check character, the birth date inside, the mask."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.people.idcard import check_character, masked, validated
from domain.shared.errors import InvalidInputError

# A published example of the standard: 11010519491231002X.
EXAMPLE = "11010519491231002X"


def test_the_standards_example_is_valid_and_canonical() -> None:
    assert validated(EXAMPLE.lower()) == EXAMPLE
    assert masked(EXAMPLE) == "1101**********002X"


@given(st.from_regex(r"\A[1-6][0-9]{5}(19[5-9][0-9]|20[01][0-9])(0[1-9]|1[0-2])(0[1-9]|1[0-9]|2[0-8])[0-9]{3}\Z"))
def test_any_number_with_its_check_character_is_valid_and_any_other_is_not(first17: str) -> None:
    right = check_character(first17)
    assert validated(first17 + right) == first17 + right
    for wrong in sorted(set("0123456789X") - {right})[:3]:
        with pytest.raises(InvalidInputError) as refused:
            validated(first17 + wrong)
        assert refused.value.field == "id_number"


@pytest.mark.parametrize(
    ("number", "says"),
    [
        ("1101051949123100", "18 characters"),
        ("11010519491231002Y", "17 digits"),
        ("11010519491331002X", "birth date"),
    ],
)
def test_a_malformed_number_says_what_is_wrong(number: str, says: str) -> None:
    with pytest.raises(InvalidInputError, match=says):
        validated(number)
