"""Builds the pairing rows from pairing events, in log order."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, insert, select, update

from domain.pairings.model import PAIRING_TOPICS, Pairing
from domain.pairings.values import PairingStatus
from projections.pairings.tables import pairing_contacts, pairing_helpers, pairings

NOTE_KEPT = 500  # characters of a note a list shows; the whole note stays in the event


class PairingRows:
    name = "pairings"
    topics = PAIRING_TOPICS
    tables = (pairings, pairing_helpers, pairing_contacts)

    def handle(self, conn: Connection, position: int, event: Any) -> None:
        self.handle_batch(conn, [(position, event)])

    def handle_batch(self, conn: Connection, items: Sequence[tuple[int, Any]]) -> None:
        for position, event in items:
            self._apply(conn, position, event)

    def _apply(self, conn: Connection, position: int, event: Any) -> None:
        key = str(event.originator_id)
        path = [*event.path, None, None, None, None][:4]
        where = dict(node=event.node, street=path[0], community=path[1], compound=path[2], building=path[3])
        changes: dict[str, Any] = {**where, "updated_at": event.timestamp, "position": position}
        if isinstance(event, Pairing.Paired):
            conn.execute(
                insert(pairings).values(
                    id=key,
                    kind=event.kind,
                    subject_kind=event.subject_kind,
                    subject_id=event.subject_id,
                    helper=event.helper,
                    status=PairingStatus.ACTIVE,
                    goal=event.goal,
                    starts_on=event.starts_on,
                    ended_on=None,
                    end_requested_by=None,
                    contacts=0,
                    last_contact_on=None,
                    paired_at=event.timestamp,
                    **changes,
                )
            )
            conn.execute(
                insert(pairing_helpers).values(
                    pairing_id=key, position=position, helper=event.helper, from_on=event.starts_on
                )
            )
            return
        if isinstance(event, Pairing.ContactLogged):
            conn.execute(
                insert(pairing_contacts).values(
                    pairing_id=key,
                    position=position,
                    kind=event.contact_kind,
                    on=event.on,
                    helper=event.helper,
                    actor=event.actor,
                    note=event.note[:NOTE_KEPT],
                    evidence=len(event.evidence),
                    recorded_at=event.timestamp,
                )
            )
            row = conn.execute(
                select(pairings.c.contacts, pairings.c.last_contact_on).where(pairings.c.id == key)
            ).one()
            changes.update(contacts=row.contacts + 1, last_contact_on=max(row.last_contact_on or "", event.on))
        elif isinstance(event, Pairing.HelperChanged):
            conn.execute(
                insert(pairing_helpers).values(
                    pairing_id=key, position=position, helper=event.to_helper, from_on=event.on
                )
            )
            changes["helper"] = event.to_helper
        elif isinstance(event, Pairing.EndRequested):
            changes.update(status=PairingStatus.END_REQUESTED, end_requested_by=event.actor)
        elif isinstance(event, Pairing.EndDeclined):
            changes.update(status=PairingStatus.ACTIVE, end_requested_by=None)
        elif isinstance(event, Pairing.EndApproved):
            changes.update(status=PairingStatus.ENDED, ended_on=event.ended_on)
        conn.execute(update(pairings).where(pairings.c.id == key).values(**changes))
