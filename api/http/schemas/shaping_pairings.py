"""Shaping pairing answers from the aggregate and the read side's tallies."""

from __future__ import annotations

from datetime import date

from api.http.schemas.pairings import HelperSpell, ObligationOut, PairingOut, TallyOut
from domain.cadence.compliance import ObligationStatus, Standing, worst
from domain.pairings.model import Pairing
from domain.pairings.values import PairingKind, PairingStatus, SubjectKind
from projections.pairings.compliance import ENDED, Tally


def obligation_out(o: ObligationStatus) -> ObligationOut:
    return ObligationOut(
        kind=o.kind,
        at_least=o.at_least,
        per=o.per,
        standing=o.standing,
        due=o.due,
        days_late=o.days_late,
        done=o.done,
        met_periods=o.met_windows,
        missed_periods=o.missed_windows,
    )


def pairing_out(shown: Pairing, judged: Pairing, on: date) -> PairingOut:
    """`shown` as it was (or is); its standing on `on` judged from `judged`'s contacts (the latest record)."""
    obligations = judged.standing_on(on)
    ended = judged.ended_on is not None and judged.ended_on <= on.isoformat()
    return PairingOut(
        id=str(shown.id),
        version=shown.version,
        kind=PairingKind(shown.kind),
        subject_kind=SubjectKind(shown.subject_kind),
        subject_id=shown.subject_id,
        helper=shown.helper,
        helpers=[HelperSpell(helper=h["helper"], from_on=date.fromisoformat(h["from"])) for h in shown.helpers],
        goal=shown.goal,
        starts_on=date.fromisoformat(shown.starts_on),
        status=PairingStatus(shown.status),
        end_requested_by=shown.end_requested_by,
        ended_on=date.fromisoformat(shown.ended_on) if shown.ended_on else None,
        node=shown.node,
        path=list(shown.path),
        contacts=len(shown.contacts),
        as_of=on,
        standing=ENDED if ended else str(worst(obligations)),
        obligations=[obligation_out(o) for o in obligations],
    )


def tally_out(t: Tally) -> TallyOut:
    return TallyOut(
        key=t.key,
        pairings=t.pairings,
        met=t.standings[Standing.MET],
        on_track=t.standings[Standing.ON_TRACK],
        due_soon=t.standings[Standing.DUE_SOON],
        overdue=t.standings[Standing.OVERDUE],
        ended=t.standings[ENDED],
        met_periods=t.met_windows,
        closed_periods=t.closed_windows,
        rate=t.rate,
    )
