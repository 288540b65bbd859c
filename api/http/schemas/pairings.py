"""Pairing, contact, compliance and coverage requests and responses; every value bounded, every code an enum."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, Field

from api.http.schemas.common import Reason
from domain.cadence.compliance import Standing
from domain.cadence.periods import Period
from domain.pairings.policy import MAX_EVIDENCE, MAX_GOAL, MAX_NOTE
from domain.pairings.values import ContactKind, PairingKind, PairingStatus, SubjectKind

Username = Annotated[str, Field(min_length=1, max_length=40, description="an account's username")]
Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$", description="sha256 of a stored attachment, hex")]
PairingStanding = Annotated[str, Field(description="met, on_track, due_soon, overdue, or ended")]


class CreatePairing(BaseModel):
    kind: PairingKind
    subject_kind: SubjectKind
    subject_id: UUID = Field(description="the person's or household's id in the register")
    helper: Username = Field(description="the account of the helper (帮扶责任人)")
    goal: str = Field(default="", max_length=MAX_GOAL, description="what ends it: 不转化不脱钩")
    starts_on: date | None = Field(default=None, description="the first day the cadence runs; today if omitted")
    reason: Reason = "建立结对"


class LogContact(BaseModel):
    kind: ContactKind
    on: date = Field(description="the day it happened (valid time), from the pairing's start to today")
    note: str = Field(default="", max_length=MAX_NOTE)
    evidence: list[Sha256] = Field(default=[], max_length=MAX_EVIDENCE)
    reason: Reason = "记录联系"


class ChangeHelper(BaseModel):
    helper: Username = Field(description="the new helper's account")
    on: date | None = Field(default=None, description="from which day; today if omitted")
    reason: Reason


class Because(BaseModel):
    reason: Reason


class ObligationOut(BaseModel):
    kind: str = Field(description="the obligation: contact, visit_talk, joint_activity")
    at_least: int
    per: Period
    standing: Standing
    due: date | None = Field(description="the day it fell due (overdue) or falls due (the current period's last)")
    days_late: int
    done: int = Field(description="counted in the current period")
    met_periods: int
    missed_periods: int


class HelperSpell(BaseModel):
    helper: str
    from_on: date


class PairingOut(BaseModel):
    id: str
    version: int
    kind: PairingKind
    subject_kind: SubjectKind
    subject_id: str
    helper: str
    helpers: list[HelperSpell] = Field(description="every helper and from when: a change never overwrites")
    goal: str
    starts_on: date
    status: PairingStatus
    end_requested_by: str | None
    ended_on: date | None
    node: str
    path: list[str]
    contacts: int
    as_of: date = Field(description="the day the standing below is judged on")
    standing: PairingStanding
    obligations: list[ObligationOut] = Field(
        description="judged from every contact dated up to as_of, whenever it was recorded"
    )


class PairingRow(BaseModel):
    id: str
    kind: PairingKind
    subject_kind: SubjectKind
    subject_id: str
    helper: str
    node: str
    status: PairingStatus
    starts_on: date
    ended_on: date | None
    contacts: int
    last_contact_on: date | None


class PairingPage(BaseModel):
    total: int
    items: list[PairingRow]


class TallyOut(BaseModel):
    key: str = Field(description="a helper's username, a grid node code, or 'all'")
    pairings: int
    met: int
    on_track: int
    due_soon: int
    overdue: int
    ended: int
    met_periods: int
    closed_periods: int
    rate: float | None = Field(description="met_periods ÷ closed_periods, 0–1; None before any period closed")


class PairingStandingRow(BaseModel):
    pairing_id: str
    kind: PairingKind
    subject_kind: SubjectKind
    subject_id: str
    helper: str = Field(description="the helper on the day asked about")
    node: str
    standing: PairingStanding
    obligations: list[ObligationOut]


class ComplianceOut(BaseModel):
    on: date
    total: TallyOut
    by_helper: list[TallyOut]
    by_node: list[TallyOut] = Field(description="per node one level below `node` (per street without it)")
    pairings_total: int
    pairings: list[PairingStandingRow] = Field(description="a page of pairings, overdue first")


class CoverageRow(BaseModel):
    subject_kind: SubjectKind
    known: int = Field(description="subjects named by a pairing begun by that day")
    covered: int = Field(description="of them, with a pairing running that day")
    rate: float | None
    uncovered: list[str] = Field(description="the first 50 subject ids with no pairing running")


class CoverageOut(BaseModel):
    on: date
    basis: str = Field(description="which subjects the shares are of")
    items: list[CoverageRow]


class RegisterCoverageOut(BaseModel):
    """帮扶责任人全覆盖 against the register of people."""

    on: date
    needing: int = Field(description="households whose head is 脱贫户 or in a monitored category that day")
    covered: int = Field(description="of them, with an assistance pairing running that day")
    rate: float | None
    uncovered: list[str] = Field(description="the first 50 household ids without one")
