"""Signed bearer tokens (JWT, HS256); they carry only who you are, never what you may do."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

import jwt

ISSUER = "gridgov"


class TokenError(Exception):
    """The token is missing, forged, expired or malformed."""


@dataclass(frozen=True)
class Token:
    username: str
    issued: datetime  # to the microsecond (claim `iat_us`), so a sign-out revokes exactly the earlier tokens


def issue_token(username: str, *, key: str, now: datetime, minutes: int) -> str:
    claims = {
        "sub": username,
        "iss": ISSUER,
        "iat": now,
        "iat_us": int(now.timestamp() * 1_000_000),
        "exp": now + timedelta(minutes=minutes),
    }
    return jwt.encode(claims, key, algorithm="HS256")


def read_token(token: str, *, key: str, now: datetime) -> Token:
    """Who the token was issued to, and when; expiry is judged on the service's clock."""
    username, issued, expires = _verified(token, key)
    if expires <= now:
        raise TokenError("the token has expired")
    return Token(username, issued)


@lru_cache(maxsize=4096)
def _verified(token: str, key: str) -> tuple[str, datetime, datetime]:
    """The signature is checked once per token and process (a forged one raises, and is not kept)."""
    try:
        claims = jwt.decode(
            token,
            key,
            algorithms=["HS256"],
            issuer=ISSUER,
            options={"require": ["sub", "exp", "iat"], "verify_exp": False, "verify_iat": False},
        )
        expires = datetime.fromtimestamp(int(claims["exp"]), UTC)
        micros = int(claims.get("iat_us", int(claims["iat"]) * 1_000_000))
        issued = datetime.fromtimestamp(micros / 1_000_000, UTC)
    except (jwt.PyJWTError, TypeError, ValueError, OverflowError) as error:
        raise TokenError(str(error)) from None
    return str(claims["sub"]), issued, expires
