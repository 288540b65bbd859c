"""The sign-in rules in one place: passwords, throttling and lock-out, signing out.

Throttling follows NIST SP 800-63B §5.2.2 (limit failed attempts per account) with a short window, so
a typo costs a clerk a minute at most while guessing stays hopeless; password rules follow §5.1.1.2
(length and a deny list, no composition rules).
"""

from __future__ import annotations

from datetime import timedelta

from domain.shared.errors import InvalidInputError

MAX_FAILURES = 5  # wrong passwords for one account within WINDOW; the next attempt is locked out
WINDOW = timedelta(minutes=1)  # …and the lock-out lasts until WINDOW after the last of them
MAX_ADDRESS_FAILURES = 20  # wrong passwords from one network address within WINDOW, over all accounts
PASSWORD_MIN, PASSWORD_MAX = 10, 128
# Passwords seen first in every breach list, and the obvious local ones.
DENIED = frozenset(
    {
        "1234567890",
        "0123456789",
        "12345678910",
        "1qaz2wsx3edc",
        "qwertyuiop",
        "password123",
        "password1234",
        "iloveyou123",
        "woaini1314",
        "aaaaaaaaaa",
        "abc1234567",
        "gridgov123",
        "admin12345",
        "administrator",
    }
)


def check_password(password: str, username: str) -> str:
    """Refuses a password a guesser would try first, naming the rule it breaks."""
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        raise InvalidInputError(f"password must have {PASSWORD_MIN} to {PASSWORD_MAX} characters", field="password")
    lowered = password.casefold()
    if username and username.casefold() in lowered:
        raise InvalidInputError("password must not contain the username", field="password")
    if lowered in DENIED or len(set(lowered)) < 4:
        raise InvalidInputError("password is too easy to guess: choose a longer phrase", field="password")
    return password
