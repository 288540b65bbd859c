"""Password hashing with Argon2id; only hashes reach the event log. The rules: domain/accounts/sign_in.py."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from domain.accounts.sign_in import check_password

_hasher = PasswordHasher()


def hash_password(password: str, username: str = "") -> str:
    """Hashes a password that meets the rules (one shared by several accounts gives no username)."""
    return _hasher.hash(check_password(password, username))


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
