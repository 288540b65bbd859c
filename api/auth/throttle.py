"""Counting wrong passwords per network address in this process (the per-account count is in the log).

An address is kept only as a keyed hash. Several API processes each count on their own, so the
bound per address is MAX_ADDRESS_FAILURES per process; the reverse proxy's rate limit is the hard
one (docs/deploy.md).
"""

from __future__ import annotations

import hashlib
import hmac
import threading
from collections import defaultdict, deque
from datetime import datetime

from domain.accounts.sign_in import MAX_ADDRESS_FAILURES, WINDOW


class AddressThrottle:
    def __init__(self, key: str) -> None:
        self._key = key.encode()
        self._failures: defaultdict[str, deque[datetime]] = defaultdict(deque)
        self._lock = threading.Lock()

    def tag(self, address: str) -> str:
        """The keyed hash an address is known by in the log and in memory."""
        return hmac.new(self._key, b"address|" + address.encode(), hashlib.sha256).hexdigest()[:16]

    def locked_until(self, tag: str, at: datetime) -> datetime | None:
        with self._lock:
            recent = self._recent(tag, at)
            return recent[0] + WINDOW if len(recent) >= MAX_ADDRESS_FAILURES else None

    def fail(self, tag: str, at: datetime) -> None:
        with self._lock:
            self._recent(tag, at).append(at)

    def _recent(self, tag: str, at: datetime) -> deque[datetime]:
        times = self._failures[tag]
        while times and at - times[0] >= WINDOW:
            times.popleft()
        if not times:
            del self._failures[tag]
            times = self._failures[tag]
        return times
