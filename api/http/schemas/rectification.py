"""Rectification requests and responses; every value bounded, every code an enum."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, Field

from api.http.schemas.common import Reason
from domain.rectification.status import CaseStage, RectificationCommand, StageStep
from domain.rectification.values import ItemFlag, ItemState, TargetKind

Text = Annotated[str, Field(min_length=1, max_length=2000)]
Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$", description="SHA-256 of an evidence file, 64 hex digits")]
Hashes = Annotated[list[Sha256], Field(default=[], max_length=20)]
Points = Annotated[int, Field(ge=0, le=1000)]
VoteCount = Annotated[int, Field(ge=0, le=1000)]


class IdentifyCase(BaseModel):
    target_kind: TargetKind
    target_id: Annotated[str, Field(min_length=1, max_length=64, description="grid code, department code, or id")]
    node: Annotated[
        str | None, Field(max_length=40, description="the node whose office runs it (not for a grid node target)")
    ] = None
    source: Annotated[str, Field(min_length=1, max_length=200, description="where it was found (排查, 回头看 …)")]
    criterion: Annotated[str, Field(min_length=1, max_length=40, description="a code of GET …/criteria")]
    criterion_text: Annotated[str, Field(max_length=2000, description="what, for the criterion 'other'")] = ""
    linked_case: UUID | None = Field(default=None, description="an earlier case this one follows from")
    reason: Reason = "identified for rectification"


class AdvanceStage(BaseModel):
    step: StageStep
    passed: bool | None = Field(default=None, description="conclude_self_evaluation only; acceptances are gated")
    plan: Annotated[str, Field(max_length=2000, description="approve_plan: the plan")] = ""
    summary: Annotated[str, Field(max_length=2000, description="submit_self_evaluation: the summary")] = ""
    deadline: date | None = Field(default=None, description="approve_plan: the case deadline; a failure: the new one")
    reasons: list[Annotated[str, Field(min_length=1, max_length=500)]] = Field(default=[], max_length=20)
    reason: Reason


class AddLedgerItem(BaseModel):
    problem: Text
    measure: Text
    owner: Annotated[str, Field(min_length=1, max_length=40, description="the account responsible (责任人)")]
    reviewer: Annotated[
        str, Field(min_length=1, max_length=40, description="who approves the close-off; not the owner")
    ]
    deadline: date
    found_on: date | None = None
    reason: Reason = "entered in the ledger"


class ItemProgress(BaseModel):
    note: Text
    reason: Reason = "progress"


class ItemEvidence(BaseModel):
    before: Text
    after: Text
    before_sha256: Hashes
    after_sha256: Hashes
    reason: Reason = "evidence for close-off"


class ReopenItem(BaseModel):
    deadline: date
    reason: Reason


class RectificationBecause(BaseModel):
    reason: Reason


class ScoreAcceptance(BaseModel):
    points: dict[Annotated[str, Field(max_length=40)], Points] = Field(max_length=100, description="item code → points")
    sheet_version: int | None = Field(default=None, ge=1, le=10_000, description="omit: the current sheet")
    reason: Reason = "acceptance scored"


class VoteTally(BaseModel):
    satisfied: VoteCount
    basically_satisfied: VoteCount
    unsatisfied: VoteCount
    reason: Reason = "democratic assessment"


class PublishNotice(BaseModel):
    title: Annotated[str, Field(min_length=1, max_length=200)]
    text: Text
    reason: Reason = "progress notice"


class NoticeFeedback(BaseModel):
    text: Text
    reason: Reason = "feedback"


class Reinspection(BaseModel):
    relapse: bool = Field(description="true reopens the case (back to in progress) with new_deadline")
    findings: Text
    new_deadline: date | None = None
    reason: Reason = "回头看"


class StageMoveOut(BaseModel):
    command: str
    passed: bool
    stage: CaseStage
    reasons: list[str]
    at: datetime
    by: str


class EvidenceOut(BaseModel):
    before: str
    after: str
    before_sha256: list[str]
    after_sha256: list[str]
    by: str


class LedgerItemOut(BaseModel):
    id: str
    problem: str
    measure: str
    owner: str
    reviewer: str
    found_on: date
    deadline: date
    state: ItemState
    flag: ItemFlag = Field(description="red/amber/green on the answer's date")
    closed_on: date | None
    evidence: EvidenceOut | None
    progress: list[dict[str, str]]
    reopened: list[dict[str, str]]


class ScoreOut(BaseModel):
    stage: CaseStage
    sheet_version: int
    points: dict[str, int]
    total: int


class TallyCounts(BaseModel):
    stage: CaseStage
    satisfied: int
    basically_satisfied: int
    unsatisfied: int
    representatives: int


class CaseNoticeOut(BaseModel):
    id: str
    title: str
    text: str
    published_at: datetime
    by: str
    feedback: list[dict[str, str]]


class ReinspectionOut(BaseModel):
    number: int
    relapse: bool
    findings: str
    on: datetime


class RectificationCaseOut(BaseModel):
    id: UUID
    target_kind: TargetKind
    target_id: str
    node: str
    path: list[str]
    source: str
    criterion: str
    criterion_text: str
    linked_case: UUID | None
    stage: CaseStage
    plan: str
    deadline: date | None
    reinspect_on: date | None = Field(description="when the 回头看 is due, once closed")
    identified_at: datetime
    identified_by: str
    items: list[LedgerItemOut]
    scores: list[ScoreOut]
    votes: list[TallyCounts]
    notices: list[CaseNoticeOut]
    reinspections: list[ReinspectionOut]
    history: list[StageMoveOut]
    allowed: list[RectificationCommand] = Field(description="commands the transition table allows now")
    version: int


class RectificationRow(BaseModel):
    id: UUID
    target_kind: TargetKind
    target_id: str
    node: str
    criterion: str
    stage: CaseStage
    deadline: date | None
    reinspect_on: date | None
    flag: ItemFlag = Field(description="the worst of its open items on the answer's date")
    identified_at: datetime


class RectificationPage(BaseModel):
    total: int
    as_of: datetime
    items: list[RectificationRow]


class LedgerOut(BaseModel):
    case_id: UUID
    as_of: datetime
    items: list[LedgerItemOut]


class CriterionOut(BaseModel):
    code: str
    description: str
    needs_text: bool


class SheetItemOut(BaseModel):
    code: str
    name: str
    points: int


class SheetAreaOut(BaseModel):
    name: str
    items: list[SheetItemOut]


class ScoreSheetOut(BaseModel):
    version: int
    current: bool
    areas: list[SheetAreaOut]


class RectificationRules(BaseModel):
    criteria: list[CriterionOut]
    pass_points: int
    veto_share: float
    representatives: int
    amber_days: int
    reinspect_after_months: int
    sheets: list[ScoreSheetOut]
