"""Builds the issue and dispatch rows from issue events, in log order, a batch at a time.

Deadlines move by the aggregate's own table (`domain/issues/deadlines.py`), so the queue and the
watcher see what is due without loading aggregates; what each fact does to the rows is
`projections/issues/facts.py`, and each dispatch's queue versions are kept here (with each
department's checkpoints of them, `checkpoints.py`, taken as a batch is written). A batch loads
the rows of the issues it touches once, applies its events to them in memory and writes them
back with a few multi-row statements: per event there would be five round trips.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, update

from domain.application_base import ApplicationBase
from domain.issues import deadlines
from domain.issues.dispatch import DispatchStatus
from domain.issues.model import ISSUE_TOPICS, Issue
from domain.issues.status import FINISHED, Status
from projections.issues.checkpoints import Checkpoints
from projections.issues.facts import HANDLERS, STATUS, Change, DispatchKey, Row, reported
from projections.issues.tables import (
    NO_DUE,
    STILL_VALID,
    dispatch_checkpoint_versions,
    dispatch_checkpoints,
    dispatch_versions,
    dispatches,
    issues,
)

RUNNING = (DispatchStatus.ASSIGNED, DispatchStatus.CHECKED_IN)  # a dispatch whose clock runs


@dataclass
class Batch:
    """The rows one batch touches: loaded once, changed in memory, written back at the end."""

    issues: dict[str, Row]
    dispatches: dict[str, dict[DispatchKey, Row]]
    stored: set[tuple[str, str, int]]  # dispatch rows already in the database (the rest are inserted)
    new_issues: set[str] = field(default_factory=set)
    changed_issues: set[str] = field(default_factory=set)
    changed_dispatches: set[tuple[str, str, int]] = field(default_factory=set)
    versions_end: dict[str, int] = field(default_factory=dict)  # log position where stored open versions end
    open_versions: dict[str, list[Row]] = field(default_factory=dict)  # written in this batch, still open
    versions: list[Row] = field(default_factory=list)

    @classmethod
    def load(cls, conn: Connection, keys: set[str]) -> Batch:
        found = {r["id"]: dict(r) for r in conn.execute(_ROWS, {"keys": sorted(keys)}).mappings()}
        rows: dict[str, dict[DispatchKey, Row]] = {key: {} for key in keys}
        for r in conn.execute(_DISPATCH_ROWS, {"keys": sorted(keys)}).mappings():
            rows[r["issue_id"]][(r["department"], r["round"])] = dict(r)
        stored = {(key, department, round_) for key, held in rows.items() for department, round_ in held}
        return cls(found, rows, stored)

    def apply(self, position: int, event: Any) -> None:
        key = str(event.originator_id)
        if isinstance(event, Issue.Reported):
            self.issues[key] = reported(position, key, event)
            self.new_issues.add(key)
            return
        row = self.issues[key]
        touched: set[DispatchKey] = set()
        due = {name: datetime.fromisoformat(value) for name, value in row["deadlines"].items()}
        deadlines.follow(due, event)  # the aggregate's own table: the watcher and the queue agree
        change = Change(row, self.dispatches[key], event, {name: at.isoformat() for name, at in due.items()}, touched)
        status = STATUS.get(type(event))
        if status is not None:
            change.values["status"] = status
        handler = HANDLERS.get(type(event))
        if handler is not None:
            handler(change)
        values = change.values
        values.update(
            updated_at=event.timestamp,
            position=position,
            deadlines=change.deadlines,
            next_due=min((datetime.fromisoformat(v) for v in change.deadlines.values()), default=None),
        )
        row.update(values)
        if "status" in values and "round" not in values:
            change.set_dispatch(None, issue_status=values["status"], closed=values["status"] == Status.CLOSED)
        self.changed_issues.add(key)
        self.changed_dispatches.update((key, department, round_) for department, round_ in touched)
        self._version(key, position)

    def _version(self, key: str, position: int) -> None:
        """Ends the issue's open dispatch versions at `position` and opens the ones visible now.

        A dispatch is in its department's queue while it belongs to the issue's current round,
        has not been withdrawn, and the issue is still open.
        """
        self.versions_end.setdefault(key, position)
        for version in self.open_versions.get(key, []):
            version["valid_to"] = position
        row = self.issues[key]
        visible = [
            d
            for d in self.dispatches[key].values()
            if d["round"] == row["round"] and d["status"] != DispatchStatus.WITHDRAWN and row["status"] not in FINISHED
        ]
        opened = [_version_of(d, row, position) for d in visible]
        self.open_versions[key] = opened
        self.versions.extend(opened)

    def write(self, conn: Connection) -> None:
        """Inserts what is new and updates what changed: a few multi-row statements per batch."""
        inserted = sorted(self.new_issues)
        updated = sorted(self.changed_issues - self.new_issues)
        if inserted:
            conn.execute(insert(issues), [self.issues[k] for k in inserted])
        if updated:
            conn.execute(_UPDATE_ISSUE, [{"k_id": k, **self.issues[k]} for k in updated])
        fresh = sorted(self.changed_dispatches - self.stored)
        if fresh:
            conn.execute(insert(dispatches), [self.dispatches[k][(d, r)] for k, d, r in fresh])
        changed = sorted(self.changed_dispatches & self.stored)
        if changed:
            rows = [{"k_issue": k, "k_dept": d, "k_round": r, **self.dispatches[k][(d, r)]} for k, d, r in changed]
            conn.execute(_UPDATE_DISPATCH, rows)
        had_versions = {k for k, _, _ in self.stored}  # an issue with no dispatch row stored has no version stored
        closing = [{"k_issue": k, "k_pos": p} for k, p in sorted(self.versions_end.items()) if k in had_versions]
        if closing:
            conn.execute(_CLOSE_VERSIONS, closing)
        if self.versions:
            conn.execute(insert(dispatch_versions), self.versions)


class IssueRows:
    name = "issues"
    topics = ISSUE_TOPICS
    tables = (issues, dispatches, dispatch_versions, dispatch_checkpoints, dispatch_checkpoint_versions)

    def __init__(self) -> None:
        self.checkpoints = Checkpoints()

    def prepare(self, app: ApplicationBase, position: int) -> None:
        """The runner's call when the rows may have moved without this process: recount from them."""
        self.checkpoints.forget()

    def handle(self, conn: Connection, position: int, event: Any) -> None:
        self.handle_batch(conn, [(position, event)])

    def handle_batch(self, conn: Connection, items: Sequence[tuple[int, Any]]) -> None:
        batch = Batch.load(conn, {str(event.originator_id) for _, event in items})
        for position, event in items:
            batch.apply(position, event)
        batch.write(conn)
        self.checkpoints.take(conn, ((version["valid_from"], version["department"]) for version in batch.versions))


def _version_of(dispatch: Row, issue: Row, position: int) -> Row:
    """A dispatch as its department's queue shows it, valid from `position` until further notice."""
    status = dispatch["status"]
    due = NO_DUE
    if dispatch["issue_status"] != Status.PARKED and status in RUNNING:
        due = dispatch["check_in_due"] if status == DispatchStatus.ASSIGNED else dispatch["handle_due"]
    return {
        **{c.name: dispatch.get(c.name) for c in dispatch_versions.columns},
        **{name: issue[name] for name in ("node", "owner", "description")},
        "valid_from": position,
        "valid_to": STILL_VALID,
        "due": due,
    }


# Built once, values passed as parameters: each statement compiles once and is cached.
_ROWS = select(issues).where(issues.c.id.in_(bindparam("keys", expanding=True)))
_DISPATCH_ROWS = select(dispatches).where(dispatches.c.issue_id.in_(bindparam("keys", expanding=True)))
_UPDATE_ISSUE = update(issues).where(issues.c.id == bindparam("k_id"))
_UPDATE_DISPATCH = update(dispatches).where(
    dispatches.c.issue_id == bindparam("k_issue"),
    dispatches.c.department == bindparam("k_dept"),
    dispatches.c.round == bindparam("k_round"),
)
_CLOSE_VERSIONS = (
    update(dispatch_versions)
    .where(dispatch_versions.c.issue_id == bindparam("k_issue"), dispatch_versions.c.valid_to == STILL_VALID)
    .values(valid_to=bindparam("k_pos"))
)
