"""History cannot be rewritten unnoticed, not even by the database administrator.

Each test edits the stored rows directly (SQLite file or PostgreSQL) and expects `verify` to
name the exact position; signed tree heads catch a rewrite of both an event and its leaf.
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import delete, update

from api.settings import Settings
from projections.audit.leaves import record_of
from projections.audit.proofs import consistency_bundle, inclusion_bundle
from projections.audit.tables import leaves, tree_heads
from projections.audit.verify import verify_log
from tests.e2e.processes import run
from tests.support import tamper
from tests.support.world import K1, World
from verifier.bundle import check_bundle
from verifier.heads import TreeHead
from verifier.merkle import leaf_hash, verify_consistency


def _signed(world: World) -> int:
    world.services.publish_head()
    return world.services.app.recorder.max_notification_id() or 0


def _first(world: World) -> tuple[int, str]:
    report = verify_log(world.services.app, world.services.engine)
    assert not report.ok
    finding = report.first()
    assert finding is not None
    return finding.position, finding.problem


def test_untouched_history_verifies(world: World) -> None:
    size = _signed(world)
    report = verify_log(world.services.app, world.services.engine)
    assert report.ok, report.findings
    assert (report.events_checked, report.heads_checked) == (size, 1)


def test_an_edited_event_is_found_at_its_position(world: World) -> None:
    _signed(world)
    settings = world.services.settings
    tamper.set_state(settings, 7, tamper.state_at(settings, 7).replace(b"reason", b"REASON"))
    assert _first(world) == (7, "the stored event's bytes were altered")
    answer = run(settings, "verify")
    assert answer.returncode == 1
    assert "position 7" in answer.stderr


def test_a_deleted_event_is_found_at_its_position(world: World) -> None:
    _signed(world)
    tamper.delete_row(world.services.settings, 12)
    assert _first(world) == (12, "the event was deleted")


def test_a_row_no_recorder_could_have_written_is_named_at_its_position(world: World) -> None:
    """A NULL, or on SQLite a value of the wrong type, is an alteration like any other: the
    verifier names each position (it once stopped at the first such row with a TypeError)."""
    _signed(world)
    settings = world.services.settings
    altered = {5: ("state", None), 8: ("topic", None)}
    if not settings.is_postgres:  # SQLite's columns take any type
        altered |= {
            11: ("originator_id", "not a uuid"),
            14: ("originator_id", 42),
            17: ("originator_version", "one"),
            20: ("originator_version", -1),
            23: ("state", "text, not bytes"),
        }
    for position, (column, value) in altered.items():
        tamper.set_column(settings, position, column, value)
    report = verify_log(world.services.app, world.services.engine)
    named = {f.position for f in report.findings if f.problem == "the stored event's bytes were altered"}
    assert named == set(altered)
    answer = run(settings, "verify")
    assert answer.returncode == 1
    assert "position 5" in answer.stderr


def test_two_swapped_events_are_found_at_the_first_of_them(world: World) -> None:
    _signed(world)
    tamper.swap_states(world.services.settings, 20, 9)
    assert _first(world) == (9, "the stored event's bytes were altered")


def test_rewriting_an_event_and_its_leaf_still_breaks_the_signed_root(world: World) -> None:
    _signed(world)
    settings, services = world.services.settings, world.services
    tamper.set_state(settings, 3, tamper.state_at(settings, 3).replace(b"seed", b"sEEd"))
    forged = services.app.recorder.select_notifications(3, 1)[0]
    with services.engine.begin() as conn:
        conn.execute(update(leaves).where(leaves.c.position == 3).values(leaf_hash=leaf_hash(record_of(forged))))
    position, problem = _first(world)
    assert "signed root" in problem
    assert position >= 3


def test_a_forged_tree_head_fails_its_signature(world: World) -> None:
    _signed(world)
    with world.services.engine.begin() as conn:
        conn.execute(update(tree_heads).values(root=b"\x00" * 32))
    report = verify_log(world.services.app, world.services.engine)
    assert any("bad signature" in f.problem for f in report.findings)
    bundle = inclusion_bundle(world.services.app, world.services.engine, 5)
    assert "the tree head's signature does not verify" in check_bundle(bundle)


def test_an_inclusion_proof_verifies_offline_and_a_doctored_one_does_not(world: World, tmp_path: Path) -> None:
    _signed(world)
    settings: Settings = world.services.settings
    bundle = inclusion_bundle(world.services.app, world.services.engine, 10)
    good = tmp_path / "proof.json"
    good.write_text(json.dumps(bundle))
    key = bundle["tree_head"]["public_key"]
    answer = run(settings, "verify-proof", str(good), "--trusted-key", key)
    assert answer.returncode == 0, answer.stderr
    assert check_bundle(bundle, key) == []

    bad = dict(bundle, leaf_index=bundle["leaf_index"] + 1)
    doctored = tmp_path / "doctored.json"
    doctored.write_text(json.dumps(bad))
    assert run(settings, "verify-proof", str(doctored)).returncode == 1
    assert check_bundle(bundle, "00" * 32) == ["the tree head is signed by a key other than the trusted one"]


def test_a_later_tree_head_is_consistent_with_an_earlier_one(world: World) -> None:
    old_size = world.services.publish_head().size
    world.services.app.rename_node(code=K1, name="锦绣新区", actor="admin", reason="renamed")
    new_size = world.services.publish_head().size
    bundle = consistency_bundle(world.services.engine, old_size, new_size)
    old, new = TreeHead.from_dict(bundle["from_head"]), TreeHead.from_dict(bundle["to_head"])
    proof = [bytes.fromhex(h) for h in bundle["proof"]]
    assert new_size == old_size + 1
    assert verify_consistency(old.size, new.size, old.root, new.root, proof)
    assert not verify_consistency(old.size, new.size, old.root, b"\x01" * 32, proof)


def test_the_worker_signs_a_head_at_once_and_then_only_after_the_interval(world: World) -> None:
    from api.follow import Worker
    from projections.audit.heads import all_heads

    worker = Worker(world.services)
    worker.step()
    assert [h.size for h in all_heads(world.services.engine)] == [world.services.app.recorder.max_notification_id()]
    world.services.app.rename_node(code=K1, name="锦绣新区", actor="admin", reason="renamed")
    worker.step()  # GRIDGOV_TREE_HEAD_SECONDS (300 s) has not passed: no new head yet
    assert len(all_heads(world.services.engine)) == 1


def test_removing_the_last_events_and_their_leaves_breaks_the_signed_head(world: World) -> None:
    """Deleting from the end, event rows and leaf rows alike, leaves nothing to compare: the signed
    head over the longer log is what still says how long it was."""
    size = _signed(world)
    settings, services = world.services.settings, world.services
    for position in (size, size - 1):
        tamper.delete_row(settings, position)
        with services.engine.begin() as conn:
            conn.execute(delete(leaves).where(leaves.c.position == position))
    position, problem = _first(world)
    assert (position, problem) == (
        size - 1,
        f"the log ends after {size - 2} hashed events, short of the signed head of size {size}",
    )
