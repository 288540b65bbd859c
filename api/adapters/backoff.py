"""How long a command waits before it retries a lost version race: a random pause under a doubling cap
(full jitter), so twenty departments writing to one issue at once spread out and all land."""

from __future__ import annotations

import random
import time

CAP_SECONDS = 0.05


def backoff(attempt: int) -> None:
    time.sleep(random.uniform(0, min(CAP_SECONDS, 0.002 * 2**attempt)))
