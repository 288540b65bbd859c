"""Citizen reports per network address, counted in this process (the per-phone count is in the log).

The bound and window are the domain's (`domain/issues/intake.py`); an address is kept only as a
keyed hash. Several API processes each count on their own; the reverse proxy's limit is the hard one.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
from collections import defaultdict, deque
from datetime import datetime

from domain.issues.intake import ADDRESS_LIMIT, ADDRESS_WINDOW
from domain.shared.errors import RateLimitedError


class AddressLimit:
    def __init__(self, key: str) -> None:
        self._key = key.encode()
        self._sent: defaultdict[str, deque[datetime]] = defaultdict(deque)
        self._lock = threading.Lock()

    def admit(self, address: str, at: datetime) -> None:
        """Counts one report from `address`, or refuses it once the window holds ADDRESS_LIMIT."""
        tag = hmac.new(self._key, b"intake|" + address.encode(), hashlib.sha256).hexdigest()[:16]
        with self._lock:
            times = self._sent[tag]
            while times and at - times[0] >= ADDRESS_WINDOW:
                times.popleft()
            if len(times) >= ADDRESS_LIMIT:
                raise RateLimitedError(
                    f"{ADDRESS_LIMIT} reports came from this network address in the last "
                    f"{ADDRESS_WINDOW.total_seconds() / 60:.0f} minutes: "
                    "try again later, or call the hotline",
                    field="address",
                )
            times.append(at)
            for old in [k for k, v in self._sent.items() if not v]:
                del self._sent[old]
