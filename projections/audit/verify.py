"""Recomputing the tamper evidence from the stored events: `gridgov verify` and POST /audit/verify.

One pass over the events in log order beside the leaf log: an altered, deleted, inserted or
swapped row shows at its exact position; every signed tree head is re-derived from the events
themselves, so a rewrite of both an event and its leaf still breaks the signed root.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import Notification
from sqlalchemy import Engine, select

from projections.audit.heads import all_heads
from projections.audit.leaves import record_of
from projections.audit.tables import leaves
from verifier.heads import TreeHead
from verifier.merkle import RootBuilder, leaf_hash

BATCH = 1000


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


def verify_log(app: Application[UUID], engine: Engine) -> VerifyReport:
    report = VerifyReport()
    heads = {h.size: h for h in all_heads(engine)}
    for head in heads.values():
        if not head.signature_ok():
            report.findings.append(Finding(-1, f"tree head of size {head.size} has a bad signature"))
    builder = RootBuilder()
    with engine.connect() as conn:
        stored = conn.execute(
            select(leaves.c.position, leaves.c.leaf_hash).order_by(leaves.c.leaf_index),
            execution_options={"yield_per": BATCH},
        )
        events = _events(app)
        pending = next(events, None)
        for position, expected in stored:
            while pending is not None and pending.id < position:
                report.findings.append(Finding(pending.id, "an event was inserted into the hashed history"))
                pending = next(events, None)
            if pending is None or pending.id > position:
                report.findings.append(Finding(position, "the event was deleted"))
                builder.append(bytes(expected))
            else:
                actual = leaf_hash(record_of(pending))
                if actual != bytes(expected):
                    report.findings.append(Finding(position, "the stored event's bytes were altered"))
                builder.append(actual)
                report.events_checked += 1
                pending = next(events, None)
            _check_head(builder, heads, position, report)
    report.findings.sort(key=lambda f: f.position)
    return report


def _check_head(builder: RootBuilder, heads: dict[int, TreeHead], position: int, report: VerifyReport) -> None:
    head = heads.get(builder.size)
    if head is None:
        return
    report.heads_checked += 1
    if builder.root() != head.root:
        report.findings.append(
            Finding(position, f"the events up to here no longer give the signed root of size {builder.size}")
        )


def _events(app: Application[UUID]) -> Iterator[Notification]:
    after = 0
    while True:
        batch = app.recorder.select_notifications(after, BATCH, inclusive_of_start=False)
        yield from batch
        if len(batch) < BATCH:
            return
        after = batch[-1].id
