"""Recomputing the tamper evidence from the stored events: `gridgov verify` and POST /audit/verify.

One pass over the events in log order beside the leaf log: an altered, deleted, inserted or
swapped row shows at its exact position; every signed tree head is re-derived from the events
themselves, so a rewrite of both an event and its leaf still breaks the signed root. The events'
leaves come from raw rows in large batches, hashed in worker processes when the log is long.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from itertools import chain
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import ApplicationRecorder
from sqlalchemy import Engine

from projections.audit.event_leaves import Leaves, address_of, leaves_between, own_cursor
from projections.audit.heads import all_heads
from projections.audit.tables import leaves
from projections.audit.verify_parallel import leaves_in_parallel
from verifier.heads import TreeHead
from verifier.merkle import RootBuilder

BATCH = 20_000
PARALLEL_ABOVE = 50_000  # below this, starting workers costs more than it saves
CHUNK = 25_000


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
        cursor = raw.cursor()
        cursor.execute(f"SELECT max(leaf_index), max(position) FROM {leaves.name}")
        top, last = cursor.fetchone() or (None, None)
        mark = "?" if engine.dialect.paramstyle == "qmark" else "%s"
        stored = chain.from_iterable(_stored_leaves(cursor, mark, -1 if top is None else top))
        fan_out = workers or os.cpu_count() or 1
        with closing(_event_leaves(app.recorder, last or 0, parallel_above, chunk, fan_out)) as batches:
            _compare(stored, chain.from_iterable(batches), heads, report)
    finally:
        raw.close()
    report.findings.sort(key=lambda f: f.position)
    return report


def _compare(
    stored: Iterator[tuple[int, int, bytes]],
    events: Iterator[tuple[int, bytes]],
    heads: dict[int, TreeHead],
    report: VerifyReport,
) -> None:
    """The leaf log beside the events' own leaves, both in log order; the roots rebuilt as they go."""
    builder = RootBuilder()
    pending = next(events, None)
    for _, position, expected in stored:
        while pending is not None and pending[0] < position:
            report.findings.append(Finding(pending[0], "an event was inserted into the hashed history"))
            pending = next(events, None)
        if pending is None or pending[0] > position:
            report.findings.append(Finding(position, "the event was deleted"))
            builder.append(bytes(expected))
        else:
            actual = pending[1]
            if actual != expected:
                report.findings.append(Finding(position, "the stored event's bytes were altered"))
            builder.append(actual)
            report.events_checked += 1
            pending = next(events, None)
        if builder.size in heads:
            _check_head(builder, heads[builder.size], position, report)


def _check_head(builder: RootBuilder, head: TreeHead, position: int, report: VerifyReport) -> None:
    report.heads_checked += 1
    if builder.root() != head.root:
        report.findings.append(
            Finding(position, f"the events up to here no longer give the signed root of size {builder.size}")
        )


def _stored_leaves(cursor: Any, mark: str, top: int) -> Iterator[list[tuple[int, int, bytes]]]:
    """The leaf log up to the index it had when verification began, in batches on a raw cursor."""
    query = (
        f"SELECT leaf_index, position, leaf_hash FROM {leaves.name} "
        f"WHERE leaf_index > {mark} AND leaf_index <= {mark} ORDER BY leaf_index LIMIT {BATCH}"
    )
    after = -1
    while True:
        cursor.execute(query, (after, top))
        rows = cursor.fetchall()
        yield rows
        if len(rows) < BATCH:
            return
        after = rows[-1][0]


def _event_leaves(
    recorder: ApplicationRecorder, last: int, parallel_above: int, chunk: int, workers: int
) -> Generator[Leaves, None, None]:
    address = address_of(recorder)
    if last > parallel_above and workers > 1 and address.shareable:
        yield from leaves_in_parallel(address, last, chunk=chunk, workers=workers)
        return
    with own_cursor(recorder) as (cursor, query, ident):
        yield from leaves_between(cursor, query, ident, 0, last, BATCH)
