"""A stored event overwritten with garbage: `verify` names it, `serve` refuses to start naming it; no tracebacks."""

from __future__ import annotations

import pytest

from api.bootstrap import bootstrap
from domain.grid.model import GRID_TOPICS
from projections.audit.decodable import UndecodableEventError
from tests.e2e.processes import free_port, run
from tests.support import tamper
from tests.support.world import World

GARBAGE = b"\x00\xff this is not an event any more"


def _garble_a_grid_event(world: World) -> int:
    """Hashed and signed first, then one grid event's state bytes overwritten in the database."""
    world.services.publish_head()
    position = world.services.app.recorder.select_notifications(1, 1000, topics=GRID_TOPICS)[4].id
    tamper.set_state(world.services.settings, position, GARBAGE)
    return position


def test_verify_names_the_position_of_an_event_that_no_longer_decodes(world: World) -> None:
    position = _garble_a_grid_event(world)
    answer = run(world.services.settings, "verify")
    assert answer.returncode == 1, answer.stdout + answer.stderr
    assert "Traceback" not in answer.stdout + answer.stderr
    assert f"position {position}: the stored event's bytes were altered" in answer.stderr


def test_serve_refuses_to_start_on_an_event_that_no_longer_decodes(world: World) -> None:
    position = _garble_a_grid_event(world)
    answer = run(world.services.settings, "serve", "--no-worker", "--port", str(free_port()))
    assert answer.returncode == 1, answer.stdout + answer.stderr
    assert "Traceback" not in answer.stdout + answer.stderr
    lines = [line for line in answer.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, answer.stderr
    assert f"position {position}" in lines[0]
    assert "gridgov verify" in lines[0]


def test_bootstrap_names_the_first_event_that_no_longer_decodes(world: World) -> None:
    position = _garble_a_grid_event(world)
    with pytest.raises(UndecodableEventError) as refused:
        bootstrap(world.services.settings)
    assert refused.value.position == position
    assert refused.value.field == "position"


def test_bootstrap_names_an_event_whose_bytes_were_set_to_null(world: World) -> None:
    world.services.publish_head()
    position = world.services.app.recorder.select_notifications(1, 1000, topics=GRID_TOPICS)[4].id
    tamper.set_column(world.services.settings, position, "state", None)
    with pytest.raises(UndecodableEventError) as refused:
        bootstrap(world.services.settings)
    assert refused.value.position == position


@pytest.mark.parametrize("backend", ["sqlite"])  # PostgreSQL's uuid column takes no other text
def test_bootstrap_names_an_event_whose_originator_id_is_no_uuid(world: World) -> None:
    world.services.publish_head()
    position = world.services.app.recorder.select_notifications(1, 1000, topics=GRID_TOPICS)[4].id
    tamper.set_column(world.services.settings, position, "originator_id", "not a uuid")
    with pytest.raises(UndecodableEventError) as refused:
        bootstrap(world.services.settings)
    assert refused.value.position == position
