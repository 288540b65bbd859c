"""The console's session: the same signed token as the API's, carried in a cookie, plus its CSRF token.

The cookie is HttpOnly and SameSite=Strict; on top of that every state-changing request made with
the cookie must carry the CSRF token, derived from the session by HMAC, so nothing extra is stored.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

COOKIE = "gridgov_session"
CSRF_HEADER = "X-CSRF-Token"
SIGN_IN_COOKIE = "gridgov_signin"  # the sign-in form's own CSRF token, before there is a session
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def csrf_for(session: str, *, key: str) -> str:
    return hmac.new(key.encode(), b"csrf|" + session.encode(), hashlib.sha256).hexdigest()[:40]


def csrf_matches(session: str, given: str | None, *, key: str) -> bool:
    return bool(given) and hmac.compare_digest(csrf_for(session, key=key), str(given))


def sign_in_nonce() -> str:
    return secrets.token_urlsafe(24)
