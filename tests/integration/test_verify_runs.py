"""Verification compares runs of leaves as whole lists and reads the logs in batches: a tamper on the
edge of a run or of a batch is still named at its exact position, and a head inside a batch is checked.

Runs and batches shrink to a few leaves so that the small test log crosses many of their edges; every
size must give the report of a pass that goes leaf by leaf (runs and batches of one leaf).
"""

from __future__ import annotations

import pytest
from sqlalchemy import delete, update

from projections.audit import verify
from projections.audit.leaves import record_of
from projections.audit.tables import leaves
from projections.audit.verify import VerifyReport, verify_log
from tests.support import tamper
from tests.support.world import K1, World
from verifier.merkle import leaf_hash

SIZES = [(4, 8), (3, 5), (verify.RUN, verify.BATCH)]  # (run, batch)
ALTERED, DELETED = "the stored event's bytes were altered", "the event was deleted"
INSERTED = "an event was inserted into the hashed history"


def _verify(world: World, monkeypatch: pytest.MonkeyPatch, run: int, batch: int) -> VerifyReport:
    monkeypatch.setattr(verify, "RUN", run)
    monkeypatch.setattr(verify, "BATCH", batch)
    return verify_log(world.services.app, world.services.engine, parallel_above=1_000_000)


def _all_sizes(world: World, monkeypatch: pytest.MonkeyPatch) -> VerifyReport:
    leaf_by_leaf = _verify(world, monkeypatch, 1, 1)
    for run, batch in SIZES:
        report = _verify(world, monkeypatch, run, batch)
        assert report == leaf_by_leaf, (run, batch)
    return leaf_by_leaf


def test_tampering_on_the_edges_of_runs_and_batches_is_named_at_its_position(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = world.services
    tail = services.app.recorder.max_notification_id() or 0
    assert tail > 25
    settings = services.settings
    tamper.set_state(settings, 4, tamper.state_at(settings, 4) + b" ")  # the last leaf of a run of 4
    tamper.delete_row(settings, 5)  # the first of the next run
    tamper.set_state(settings, 8, tamper.state_at(settings, 8) + b" ")  # the last of a batch of 8
    tamper.set_state(settings, 9, tamper.state_at(settings, 9) + b" ")  # the first of the next batch
    with services.engine.begin() as conn:  # an event the leaf log never hashed, at a batch's end
        conn.execute(delete(leaves).where(leaves.c.position == 16))
    tamper.swap_states(settings, 17, 24)  # the first and the last of a batch
    tamper.delete_row(settings, tail)  # the events run out before the leaf log does
    report = _all_sizes(world, monkeypatch)
    assert [(f.position, f.problem) for f in report.findings] == [
        (4, ALTERED),
        (5, DELETED),
        (8, ALTERED),
        (9, ALTERED),
        (16, INSERTED),
        (17, ALTERED),
        (24, ALTERED),
        (tail, DELETED),
    ]


def test_every_head_inside_a_batch_is_rebuilt_and_a_rewrite_breaks_each_later_one(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = world.services
    sizes = [services.publish_head().size]
    for n in range(6):
        services.app.rename_node(code=K1, name=f"锦绣小区{n}", actor="admin", reason="renamed")
        sizes.append(services.publish_head().size)
    untouched = _all_sizes(world, monkeypatch)
    assert untouched.ok and untouched.heads_checked == len(sizes)

    position = sizes[2]  # the last leaf of the third head: the first two heads still hold
    settings = services.settings
    tamper.set_state(settings, position, tamper.state_at(settings, position) + b" ")
    forged = services.app.recorder.select_notifications(position, 1)[0]
    with services.engine.begin() as conn:
        conn.execute(update(leaves).where(leaves.c.position == position).values(leaf_hash=leaf_hash(record_of(forged))))
    report = _all_sizes(world, monkeypatch)
    assert [(f.position, f.problem) for f in report.findings] == [
        (size, f"the events up to here no longer give the signed root of size {size}") for size in sizes[2:]
    ]
    assert report.heads_checked == len(sizes)
