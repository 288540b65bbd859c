"""A long log's leaves hashed on every core: each worker process reads its own range of positions.

hashlib holds the GIL for records of a few hundred bytes, so threads would not help. Workers get
the store's address, never a live connection, and return positions and leaf hashes; the parent
takes the ranges back in log order, a few ahead, so memory stays bounded on any size of log.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from projections.audit.event_leaves import Leaves, StoreAddress, leaves_at


def leaves_in_parallel(address: StoreAddress, last: int, *, chunk: int, workers: int, batch: int) -> Iterator[Leaves]:
    """The leaves of positions 1..last, one `Leaves` per range of `chunk` positions, in order."""
    # fork starts a worker in milliseconds (spawn re-imports the CLI or server, about half a second);
    # a worker only opens its own connection, so nothing the parent's threads hold is touched.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    starts = iter(range(0, last, chunk))
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method)) as pool:
        ahead: deque[Future[Leaves]] = deque()

        def submit() -> None:
            start = next(starts, None)
            if start is not None:
                ahead.append(pool.submit(leaves_at, address, start, min(start + chunk, last), batch))

        for _ in range(2 * workers):
            submit()
        while ahead:
            done = ahead.popleft().result()
            submit()
            yield done
