"""Signed bearer tokens (JWT, HS256); they carry only who you are, never what you may do."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt

ISSUER = "gridgov"


class TokenError(Exception):
    """The token is missing, forged, expired or malformed."""


def issue_token(username: str, *, key: str, now: datetime, minutes: int) -> str:
    claims = {"sub": username, "iss": ISSUER, "iat": now, "exp": now + timedelta(minutes=minutes)}
    return jwt.encode(claims, key, algorithm="HS256")


def read_token(token: str, *, key: str, now: datetime) -> str:
    """Returns the username the token was issued to; expiry is judged on the service's clock."""
    try:
        claims = jwt.decode(
            token,
            key,
            algorithms=["HS256"],
            issuer=ISSUER,
            options={"require": ["sub", "exp"], "verify_exp": False, "verify_iat": False},
        )
    except jwt.PyJWTError as error:
        raise TokenError(str(error)) from None
    if datetime.fromtimestamp(int(claims["exp"]), UTC) <= now:
        raise TokenError("the token has expired")
    return str(claims["sub"])
