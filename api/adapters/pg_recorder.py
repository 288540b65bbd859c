"""PostgreSQL: a commit's events inserted in one round trip, positions still committed in order.

The library's recorder sends the lock, the notify and the insert as separate statements of one
transaction (pipelined, but still a BEGIN, a sync and a COMMIT). Its stored-function option is
one round trip but takes no table lock, so two transactions could commit positions out of order
and a follower reading past the gap would miss an event for good. This function does all three,
lock first, as one statement in its own (autocommit) transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import InterfaceError, OperationalError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.utils import retry
from psycopg.sql import SQL, Identifier, Literal

from api.adapters.topic_codes import CodedTopics

# An advisory lock key of this application's own: the schema's creation, one process at a time.
SCHEMA_LOCK = 0x67726964676F76


class OneTripRecorder(CodedTopics, PostgresApplicationRecorder):
    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events") -> None:
        super().__init__(datastore, events_table_name=events_table_name)
        self.function_name = f"gridgov_insert_{events_table_name}"
        self.check_identifier_length(self.function_name)
        names = {
            "schema": Identifier(datastore.schema),
            "table": Identifier(events_table_name),
            "function": Identifier(self.function_name),
            "event": Identifier(self.stored_event_type_name),
            "channel": Identifier(self.channel_name),
        }
        self.invoke_insert = SQL("SELECT * FROM {schema}.{function}((%s))").format(**names)
        create = SQL(
            "CREATE OR REPLACE FUNCTION {schema}.{function}(events {schema}.{event}[]) "
            "RETURNS SETOF bigint LANGUAGE plpgsql AS $BODY$ BEGIN "
            "SET LOCAL lock_timeout = '{lock_timeout}s'; "
            "LOCK TABLE {schema}.{table} IN EXCLUSIVE MODE; "
            "NOTIFY {channel}; "
            "RETURN QUERY INSERT INTO {schema}.{table} AS t (originator_id, originator_version, topic, state) "
            "SELECT originator_id, originator_version, topic, state FROM unnest(events) "
            "RETURNING notification_id; "
            "END; $BODY$"
        ).format(lock_timeout=datastore.lock_timeout, **names)
        self.sql_create_statements[self.create_insert_function_statement_index] = create
        # API processes started together each create the schema; two concurrent CREATE OR REPLACE
        # FUNCTION fail one of them ("tuple concurrently updated") and two concurrent CREATE TYPE
        # one of them (a unique violation, not the DuplicateObject the library ignores), so
        # creation takes turns. The library creates each type in a transaction of its own, so
        # that statement takes the lock too; a later process then sees the type and skips it.
        lock = SQL("SELECT pg_advisory_xact_lock({}); ").format(Literal(SCHEMA_LOCK))
        self.sql_create_statements[:] = [
            lock + statement if "CREATE TYPE" in statement.as_string() else statement
            for statement in self.sql_create_statements
        ]
        self.sql_create_statements.insert(0, lock)

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)  # as the library's own insert
    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        if not stored_events:
            return []
        rows = [
            self.construct_pg_stored_event(e.originator_id, e.originator_version, e.topic, e.state)
            for e in stored_events
        ]
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(self.invoke_insert, (rows,), prepare=True)
            return [row[self.function_name] for row in curs.fetchall()]
