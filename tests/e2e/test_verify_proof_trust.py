"""Checking a proof offline says whose key it trusted: the one you kept, or only the one the bundle carries."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from projections.audit.proofs import inclusion_bundle
from tests.e2e.processes import run
from tests.support.world import World

ROOT = Path(__file__).resolve().parents[2]


def _bundle(world: World, tmp_path: Path) -> tuple[Path, str]:
    world.services.publish_head()
    bundle = inclusion_bundle(world.services.app, world.services.engine, 4)
    saved = tmp_path / "proof-4.json"
    saved.write_text(json.dumps(bundle))
    return saved, str(bundle["tree_head"]["public_key"])


def _standalone(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "verifier.bundle", *args],
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )


def test_verify_proof_without_a_trusted_key_says_the_key_was_not_trusted(world: World, tmp_path: Path) -> None:
    saved, key = _bundle(world, tmp_path)
    untrusted = run(world.services.settings, "verify-proof", str(saved))
    assert untrusted.returncode == 2, untrusted.stdout + untrusted.stderr
    assert "UNTRUSTED" in untrusted.stdout
    assert "--trusted-key" in untrusted.stdout
    assert not untrusted.stdout.startswith("OK:")
    trusted = run(world.services.settings, "verify-proof", str(saved), "--trusted-key", key)
    assert trusted.returncode == 0, trusted.stderr
    assert trusted.stdout.startswith("OK:")
    assert "UNTRUSTED" not in trusted.stdout


def test_the_standalone_verifier_without_a_trusted_key_says_the_key_was_not_trusted(
    world: World, tmp_path: Path
) -> None:
    saved, key = _bundle(world, tmp_path)
    untrusted = _standalone(str(saved))
    assert untrusted.returncode == 2, untrusted.stdout + untrusted.stderr
    assert "UNTRUSTED" in untrusted.stdout
    assert "TRUSTED_PUBLIC_KEY_HEX" in untrusted.stdout
    trusted = _standalone(str(saved), key)
    assert trusted.returncode == 0, trusted.stdout + trusted.stderr
    assert trusted.stdout.startswith("OK:")
