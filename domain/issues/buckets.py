"""The buckets of a department's dispatch queue (吹哨报到): what each open dispatch needs next.

Which dispatch falls in which bucket is decided in one place, `projections/issues/queue.py`
(`IN_BUCKET`), as conditions an index can serve; this is only the vocabulary.
"""

from __future__ import annotations

from enum import StrEnum


class Bucket(StrEnum):
    OVERDUE = "overdue"  # its running deadline has passed (超期), whatever it waits for
    TO_CHECK_IN = "to_check_in"  # called, not yet checked in (待报到)
    IN_PROGRESS = "in_progress"  # checked in, acting (处置中)
    RETURNED = "returned"  # sent back as not its remit, waiting for the grid to re-dispatch (已退回)
    AWAITING_VERIFICATION = "awaiting_verification"  # fed back; the grid verifies on site (待核查)
