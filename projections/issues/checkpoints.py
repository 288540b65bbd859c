"""Checkpoints of each department's versioned queue, taken as a batch of issue events is written.

A department gets one at the version that brings those it began since its last checkpoint to that
checkpoint's size (and at least MIN_INTERVAL): a past queue then reads at most a checkpoint, what
ended since and fewer versions begun since than it holds, and all the checkpoints together hold at
most twice the versions table's rows, however many items stay open. Their positions follow from
the log alone, not from where batches end, so a rebuilt read model has the same ones (rows
projected before there were checkpoints get their first at their next version). How many versions
each department began since its last is kept in memory, read from the tables the first time a
batch touches the department after `forget`, which the runner's `prepare` calls whenever the rows
may have moved without this process.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, Connection, bindparam, func, insert, select
from sqlalchemy.sql.base import ReadOnlyColumnCollection

from projections.issues.tables import dispatch_checkpoint_versions, dispatch_checkpoints, dispatch_versions

MIN_INTERVAL = 1_000  # versions a department begins between two checkpoints, at least

_V, _HEAD = dispatch_versions.c, dispatch_checkpoints.c


@dataclass
class _Since:
    """A department's last checkpoint (position 0: none yet) and the versions begun after it."""

    position: int
    size: int
    begun: int


class Checkpoints:
    """Takes the checkpoints, counting in memory the versions each department began since its last."""

    def __init__(self) -> None:
        self._since: dict[str, _Since] = {}

    def forget(self) -> None:
        self._since.clear()

    def take(self, conn: Connection, versions: Iterable[tuple[int, str]]) -> None:
        """Once a batch's rows are written: checkpoints each department at each version (position,
        department, in log order) that is due one."""
        for position, department in versions:
            since = self._since.get(department)
            if since is None:
                since = self._since[department] = _read(conn, department, position)
            since.begun += 1
            if since.begun >= max(MIN_INTERVAL, since.size):
                values = {"department": department, "position": position}
                size = conn.execute(_TAKE, values).rowcount
                conn.execute(insert(dispatch_checkpoints), {**values, "size": size})
                self._since[department] = _Since(position, size, 0)


def latest_checkpoint(conn: Connection, department: str, position: int) -> int | None:
    return conn.execute(_LATEST, {"department": department, "position": position}).scalar()


def _read(conn: Connection, department: str, before: int) -> _Since:
    """The department's last checkpoint and the versions it began after it, up to `before`."""
    head = conn.execute(_LAST, {"department": department}).first()
    position, size = (int(head.position), int(head.size)) if head else (0, 0)
    begun = conn.execute(_BEGUN, {"department": department, "after": position, "before": before}).scalar_one()
    return _Since(position, size, begun)


_LATEST = select(func.max(_HEAD.position)).where(
    _HEAD.department == bindparam("department"), _HEAD.position <= bindparam("position")
)
_LAST = (
    select(_HEAD.position, _HEAD.size)
    .where(_HEAD.department == bindparam("department"))
    .order_by(_HEAD.position.desc())
    .limit(1)
)
_BEGUN = select(func.count()).where(
    _V.department == bindparam("department"),
    _V.valid_from > bindparam("after"),
    _V.valid_from < bindparam("before"),
)
# The versions valid at `position`, each with its key and what the queue buckets and sorts it by.
# Once a batch is written, those that end after a position in it are the ones still open and the
# few the batch ended since: the scan runs along valid_to (`+ 0` keeps valid_from off its index).
_COPIED = ("department", "issue_id", "round", "valid_from", "status", "issue_status", "dispatched_at", "due")
_TAKE = (
    insert(dispatch_checkpoint_versions)
    .from_select(
        ["position", *_COPIED],
        select(bindparam("position", type_=BigInteger()), *(_V[name] for name in _COPIED)).where(
            _V.department == bindparam("department"),
            _V.valid_to > bindparam("position"),
            _V.valid_from + 0 <= bindparam("position"),
        ),
    )
    .execution_options(preserve_rowcount=True)  # the size: an INSERT's rowcount is not kept by default
)

# Reading a past queue at `position` from the department's checkpoint at or before it: the versions
# valid then are those of the checkpoint not ended by `position` (`kept`), and those begun after the
# checkpoint and still valid (`begun`). Counting needs no matching: the checkpoint's counts, minus
# the `ended` versions', plus the begun ones'. The ended versions' columns are all in the versions'
# due index, the begun ones' in their valid_from index; `+ 0` keeps each bound off its index, as
# `queue._Versions` explains. Each takes the columns of the table (or of an alias of it) it reads.
Columns = ReadOnlyColumnCollection[str, Any]


def at_checkpoint(checkpoint: Columns) -> tuple[ColumnElement[bool], ...]:
    return checkpoint.department == bindparam("department"), checkpoint.position == bindparam("checkpoint")


def ended(versions: Columns) -> tuple[ColumnElement[bool], ...]:
    return (
        versions.department == bindparam("department"),
        versions.valid_to > bindparam("checkpoint"),
        versions.valid_to <= bindparam("position"),
        versions.valid_from + 0 <= bindparam("checkpoint"),  # so of the checkpoint, which holds one per issue
    )


def kept(checkpoint: Columns, versions: Columns) -> tuple[ColumnElement[bool], ...]:
    return *at_checkpoint(checkpoint), checkpoint.issue_id.not_in(select(versions.issue_id).where(*ended(versions)))


def begun(versions: Columns) -> tuple[ColumnElement[bool], ...]:
    return (
        versions.department == bindparam("department"),
        versions.valid_from > bindparam("checkpoint"),
        versions.valid_from <= bindparam("position"),
        versions.valid_to + 0 > bindparam("position"),
    )
