"""Possible duplicates: the finder over the issue rows, and the worker's pass that flags new reports.

A report no longer waits for the check (it read and wrote the issue rows inside the request);
the worker checks each report after it is recorded and records what it found as a fact on the
issue (`Issue.DuplicatesFlagged`), seen in its history and on the dispatch board.
"""

from __future__ import annotations

import logging
from contextlib import suppress
from dataclasses import dataclass
from uuid import UUID

from sqlalchemy.exc import IntegrityError

from domain.issues.commands import IssueCommands
from domain.issues.duplicates import DuplicateQuery
from domain.issues.model import Issue
from projections.issues.lists import possible_duplicates
from projections.log import read_log
from projections.runner import LostRaceError, Runner, advance_tracking, tracked_position

log = logging.getLogger(__name__)
CHECKED = "duplicate_check"  # the tracking row: reports up to this position have been checked
WORKER = "worker"
PER_PASS = 500  # reports checked per pass: a first pass over a long history leaves time for the rest


@dataclass(frozen=True)
class DuplicatesFromRows:
    runner: Runner

    def __call__(self, query: DuplicateQuery) -> list[str]:
        self.runner.catch_up(only=("issues",))
        return possible_duplicates(self.runner.engine, query)


def flag_reports(app: IssueCommands, runner: Runner) -> int:
    """Checks every report recorded since the last pass (up to where the issue rows are); returns
    how many were flagged. Safe to repeat: an issue records its flags once."""
    runner.catch_up(only=("issues",))
    with runner.engine.connect() as conn:
        start = tracked_position(conn, CHECKED)
    stop = runner.position(next(m for m in runner.models if m.name == "issues"))
    flagged = 0
    reached = start
    checked = 0
    for position, event in read_log(app, after=start, topics=[Issue.Reported.TOPIC], stop=stop):
        if checked == PER_PASS:
            break
        issue_id = UUID(str(event.originator_id))
        before = app.issue(issue_id).version
        flagged += app.flag_duplicates(issue_id, actor=WORKER).version > before
        checked, reached = checked + 1, position
    else:
        reached = max(reached, stop)  # every report up to the rows' position is checked
    if reached > start:
        with suppress(LostRaceError, IntegrityError), runner.engine.begin() as conn:
            advance_tracking(conn, CHECKED, start, reached)  # or another worker did: its flags are ours
    if flagged:
        log.info("flagged possible duplicates on %d new reports", flagged)
    return flagged
