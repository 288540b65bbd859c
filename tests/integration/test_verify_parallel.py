"""Verification in worker processes finds exactly what the in-process pass finds.

The parallel path is forced on a small log (threshold 0, ranges of a few positions, two workers),
so tampered rows fall inside ranges, on their edges and across them; the reports must be equal.
"""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest
from sqlalchemy import delete, update

from domain.application import GridGov
from projections.audit.event_leaves import Leaves, hash_rows, uuid_bytes
from projections.audit.leaves import record_of
from projections.audit.tables import leaves
from projections.audit.verify import VerifyReport, verify_log
from tests.support import tamper
from tests.support.world import K1, World
from verifier.merkle import leaf_hash


def _both(world: World) -> tuple[VerifyReport, VerifyReport]:
    app, engine = world.services.app, world.services.engine
    serial = verify_log(app, engine, parallel_above=1_000_000)
    parallel = verify_log(app, engine, parallel_above=0, chunk=5, workers=2)
    return serial, parallel


def test_an_untouched_log_with_compressed_events_verifies_the_same_in_workers(world: World) -> None:
    settings = world.services.settings
    compressing = GridGov(
        world.services.app.clock, env=settings.model_copy(update={"compress_events": True}).event_store_env()
    )
    try:
        compressing.rename_node(code=K1, name="压缩后的名字", actor="admin", reason="written compressed")
    finally:
        compressing.close()
    world.services.publish_head()
    size = world.services.app.recorder.max_notification_id()
    serial, parallel = _both(world)
    assert serial.ok and parallel.ok, (serial.findings, parallel.findings)
    assert (
        (parallel.events_checked, parallel.heads_checked) == (serial.events_checked, serial.heads_checked) == (size, 1)
    )


def test_workers_find_every_kind_of_tampering_at_the_same_positions(world: World) -> None:
    services = world.services
    services.publish_head()
    settings = services.settings
    tamper.set_state(settings, 7, tamper.state_at(settings, 7).replace(b"reason", b"REASON"))  # altered
    tamper.delete_row(settings, 12)  # deleted
    tamper.swap_states(settings, 21, 9)  # swapped across ranges
    tamper.set_state(settings, 3, tamper.state_at(settings, 3).replace(b"seed", b"sEEd"))
    forged = services.app.recorder.select_notifications(3, 1)[0]
    with services.engine.begin() as conn:  # the leaf rewritten too: only the signed root shows it
        conn.execute(update(leaves).where(leaves.c.position == 3).values(leaf_hash=leaf_hash(record_of(forged))))
    serial, parallel = _both(world)
    assert parallel.findings == serial.findings
    assert (parallel.events_checked, parallel.heads_checked) == (serial.events_checked, serial.heads_checked)
    found = {(f.position, f.problem) for f in serial.findings}
    assert {
        (7, "the stored event's bytes were altered"),
        (9, "the stored event's bytes were altered"),
        (12, "the event was deleted"),
        (21, "the stored event's bytes were altered"),
    } <= found
    assert any("signed root" in problem for _, problem in found)


def test_workers_find_an_event_outside_the_hashed_history(world: World) -> None:
    world.services.publish_head()
    size = world.services.app.recorder.max_notification_id() or 0
    with world.services.engine.begin() as conn:
        conn.execute(delete(leaves).where(leaves.c.position == 15))
    serial, parallel = _both(world)
    assert parallel.findings == serial.findings
    assert [(f.position, f.problem) for f in serial.findings] == [
        (15, "an event was inserted into the hashed history"),
        (size + 1, f"the log ends after {size - 1} hashed events, short of the signed head of size {size}"),
    ]


def test_leaves_from_raw_rows_are_the_leaves_of_the_notifications(world: World) -> None:
    notifications = world.services.app.recorder.select_notifications(1, 50)
    rows = [(n.id, UUID(str(n.originator_id)).hex, n.originator_version, n.topic, n.state) for n in notifications]
    assert hash_rows(rows, uuid_bytes) == Leaves(
        [n.id for n in notifications], [leaf_hash(record_of(n)) for n in notifications]
    )


@pytest.mark.parametrize("form", [str, lambda u: u.hex, lambda u: u.hex.upper(), lambda u: "{" + str(u) + "}"])
def test_a_stored_originator_id_reads_as_the_uuid_the_recorder_builds(form: object) -> None:
    ident = uuid4()
    assert callable(form)
    assert uuid_bytes(form(ident)) == UUID(form(ident)).bytes == ident.bytes


@pytest.mark.parametrize("text", ["0" * 31 + "g", "00 " + "0" * 29, "0_" + "0" * 30, "", "xyz"])
def test_a_malformed_originator_id_is_refused_as_the_recorder_refuses_it(text: str) -> None:
    try:
        expected: bytes | type[Exception] = UUID(text).bytes
    except ValueError:
        expected = ValueError
    if expected is ValueError:
        with pytest.raises(ValueError):
            uuid_bytes(text)
    else:
        assert uuid_bytes(text) == expected
