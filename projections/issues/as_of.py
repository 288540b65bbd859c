"""The issue read models as they were at a past moment, built from the log up to that moment.

A throwaway in-memory database is filled by the same projection that builds the live rows,
stopped at the log position reached at that time; the queue and worklist queries then run on it.
"""

from __future__ import annotations

from sqlalchemy import Engine, create_engine
from sqlalchemy.pool import StaticPool

from domain.application_base import ApplicationBase
from projections.issues.projection import IssueRows
from projections.runner import Runner


def issue_rows_as_of(app: ApplicationBase, position: int) -> Engine:
    engine = create_engine("sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False})
    runner = Runner(app, engine, [IssueRows()])
    runner.create_tables()
    if position > 0:
        runner.catch_up(until=position)
    return engine
