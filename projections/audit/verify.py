"""Recomputing the tamper evidence from the stored events: `gridgov verify` and POST /audit/verify.

One pass over the events in log order beside the leaf log: an altered, deleted, inserted or
swapped row shows at its exact position; every signed tree head is re-derived from the events
themselves, so a rewrite of both an event and its leaf still breaks the signed root. The events'
leaves come from raw rows, hashed in worker processes when the log is long; batches of a couple of
thousand rows stay in the CPU cache from fetch to tree, which larger ones did not (10–15% slower).
"""

from __future__ import annotations

import os
from bisect import bisect_right
from collections.abc import Generator, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import psycopg
from eventsourcing.application import Application
from eventsourcing.persistence import ApplicationRecorder
from sqlalchemy import Engine

from projections.audit.event_leaves import Leaves, address_of, leaves_between, own_cursor, pages
from projections.audit.heads import all_heads
from projections.audit.tables import leaves
from projections.audit.verify_parallel import leaves_in_parallel
from verifier.heads import TreeHead
from verifier.merkle import RootBuilder

BATCH = 2048  # rows per query, leaves per comparison and tree step
PARALLEL_ABOVE = 50_000  # below this, starting workers costs more than it saves
CHUNK = 25_000
RUN = 512  # leaves compared as one list; a run holding a difference goes leaf by leaf


@dataclass
class Finding:
    position: int
    problem: str


@dataclass
class VerifyReport:
    events_checked: int = 0
    heads_checked: int = 0
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings

    def first(self) -> Finding | None:
        return self.findings[0] if self.findings else None


def verify_log(
    app: Application[UUID],
    engine: Engine,
    *,
    parallel_above: int = PARALLEL_ABOVE,
    chunk: int = CHUNK,
    workers: int | None = None,
) -> VerifyReport:
    report = VerifyReport()
    heads = {h.size: h for h in all_heads(engine)}
    for head in heads.values():
        if not head.signature_ok():
            report.findings.append(Finding(-1, f"tree head of size {head.size} has a bad signature"))
    raw = engine.raw_connection()
    try:
        # psycopg's binary format gives each leaf's bytes without the text format's hex round trip
        driver = raw.driver_connection
        cursor = driver.cursor(binary=True) if isinstance(driver, psycopg.Connection) else raw.cursor()
        cursor.execute(f"SELECT max(leaf_index), max(position) FROM {leaves.name}")
        top, last = cursor.fetchone() or (None, None)
        mark = "?" if engine.dialect.paramstyle == "qmark" else "%s"
        fan_out = workers or os.cpu_count() or 1
        with (
            closing(_stored_leaves(cursor, mark, -1 if top is None else top)) as stored,
            closing(_event_leaves(app.recorder, last or 0, parallel_above, chunk, fan_out)) as batches,
        ):
            _compare(stored, _Events(batches), heads, report)
    finally:
        raw.close()
    report.findings.sort(key=lambda f: f.position)
    return report


class _Events:
    """The events' leaves not matched yet, refilled from their batches as the comparison reaches them."""

    def __init__(self, batches: Iterator[Leaves]) -> None:
        self._batches = batches
        self.positions: list[int] = []
        self.hashes: list[bytes] = []
        self.at = 0

    def have(self, count: int) -> int:
        """How many are at hand, up to `count`: fewer only at the end of the log."""
        while len(self.positions) - self.at < count and (more := next(self._batches, None)):
            self.positions = self.positions[self.at :] + more.positions
            self.hashes = self.hashes[self.at :] + more.hashes
            self.at = 0
        return min(count, len(self.positions) - self.at)


def _compare(stored: Iterator[Leaves], events: _Events, heads: dict[int, TreeHead], report: VerifyReport) -> None:
    """The leaf log beside the events' own leaves, both in log order; the roots rebuilt as they go."""
    builder, sizes, last = RootBuilder(), sorted(heads), 0
    for batch in stored:
        verified = _match(batch, events, report)
        start = builder.size
        for size in sizes[bisect_right(sizes, start) : bisect_right(sizes, start + len(verified))]:
            builder.extend(verified[builder.size - start : size - start])
            _check_head(builder, heads[size], batch.positions[size - start - 1], report)
        builder.extend(verified[builder.size - start :])
        last = batch.positions[-1] if batch.positions else last
    # Every head was signed over leaves that existed: a head beyond the leaf log's end means hashed
    # events were removed from the end, events and leaves alike (else it would pass unnoticed).
    for size in sizes[bisect_right(sizes, builder.size) :]:
        report.heads_checked += 1
        report.findings.append(
            Finding(
                last + 1, f"the log ends after {builder.size} hashed events, short of the signed head of size {size}"
            )
        )


def _match(stored: Leaves, events: _Events, report: VerifyReport) -> list[bytes]:
    """The batch's leaves as the events give them, a deleted event's stored leaf in its place.

    Runs where both sides hold the same positions and hashes pass as whole lists; a run with any
    difference goes leaf by leaf, so each finding lands at its exact position.
    """
    verified: list[bytes] = []
    for lo in range(0, len(stored.positions), RUN):
        hi = min(lo + RUN, len(stored.positions))
        count = events.have(hi - lo)
        at = events.at
        if (
            count == hi - lo
            and stored.positions[lo:hi] == events.positions[at : at + count]
            and stored.hashes[lo:hi] == events.hashes[at : at + count]
        ):
            verified += stored.hashes[lo:hi]
            events.at += count
            report.events_checked += count
        else:
            verified += [
                _one(p, h, events, report) for p, h in zip(stored.positions[lo:hi], stored.hashes[lo:hi], strict=True)
            ]
    return verified


def _one(position: int, expected: bytes, events: _Events, report: VerifyReport) -> bytes:
    """One stored leaf beside the events: the leaf that takes its place in the tree, and any findings."""
    while events.have(1) and events.positions[events.at] < position:
        report.findings.append(Finding(events.positions[events.at], "an event was inserted into the hashed history"))
        events.at += 1
    if not events.have(1) or events.positions[events.at] > position:
        report.findings.append(Finding(position, "the event was deleted"))
        return bytes(expected)
    actual = events.hashes[events.at]
    if actual != expected:
        report.findings.append(Finding(position, "the stored event's bytes were altered"))
    events.at += 1
    report.events_checked += 1
    return actual


def _check_head(builder: RootBuilder, head: TreeHead, position: int, report: VerifyReport) -> None:
    report.heads_checked += 1
    if builder.root() != head.root:
        report.findings.append(
            Finding(position, f"the events up to here no longer give the signed root of size {builder.size}")
        )


def _stored_leaves(cursor: Any, mark: str, top: int) -> Generator[Leaves, None, None]:
    """The leaf log up to the index it had when verification began, in batches on a raw cursor."""
    query = (
        f"SELECT leaf_index, position, leaf_hash FROM {leaves.name} "
        f"WHERE leaf_index > {mark} AND leaf_index <= {mark} ORDER BY leaf_index LIMIT {BATCH}"
    )
    for rows in pages(cursor, query, -1, top, BATCH):
        yield Leaves([row[1] for row in rows], [row[2] for row in rows])


def _event_leaves(
    recorder: ApplicationRecorder, last: int, parallel_above: int, chunk: int, workers: int
) -> Generator[Leaves, None, None]:
    address = address_of(recorder)
    if last > parallel_above and workers > 1 and address.shareable:
        yield from leaves_in_parallel(address, last, chunk=chunk, workers=workers, batch=BATCH)
        return
    with own_cursor(recorder) as (cursor, query, ident):
        yield from leaves_between(cursor, query, ident, 0, last, BATCH)
