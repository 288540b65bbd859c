"""Rectification cases over HTTP (整治 / 整顿): identify, move through the stages, the ledger and its
close-offs, scores and votes, notices and feedback, the re-inspection; lists and the ledger as of a date.

Who may run what is `domain/rectification/permissions.py`; in which stage is `domain/rectification/status.py`;
the rules (criteria, gate, sheets) are `domain/rectification/policy.py`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from annotated_types import Le
from fastapi import APIRouter, Path, Query

from api.http.deps import WRITES, AsOfDep, PrincipalDep, ServicesDep, TreeDep
from api.http.fresh import fresh
from api.http.rectification_permits import RectificationPermitsDep
from api.http.schemas.common import Limit, Offset
from api.http.schemas.rectification import (
    AddLedgerItem,
    AdvanceStage,
    CaseNoticeOut,
    CriterionOut,
    EvidenceOut,
    IdentifyCase,
    ItemEvidence,
    ItemProgress,
    LedgerItemOut,
    LedgerOut,
    NoticeFeedback,
    PublishNotice,
    RectificationBecause,
    RectificationCaseOut,
    RectificationPage,
    RectificationRow,
    RectificationRules,
    Reinspection,
    ReinspectionOut,
    ReopenItem,
    ScoreAcceptance,
    ScoreOut,
    ScoreSheetOut,
    SheetAreaOut,
    SheetItemOut,
    StageMoveOut,
    TallyCounts,
    VoteTally,
)
from domain.accounts.principal import GRID_ROLES
from domain.rectification.model import RectificationCase
from domain.rectification.status import ALLOWED, CaseStage, RectificationCommand
from domain.rectification.values import ItemFlag, TargetKind
from projections.audit.trail_queries import position_at
from projections.rectification.queries import CaseFilter, CaseReader, cases_page, rows_as_of

router = APIRouter(prefix="/api/v1/rectification", tags=["rectification"])
C = RectificationCommand
ItemId = Annotated[str, Path(min_length=1, max_length=16, pattern=r"^[0-9a-f]+$")]


@router.get("/rules")
def rules(svc: ServicesDep, _: PrincipalDep) -> RectificationRules:
    """The rules as data: identification criteria, the acceptance gate, the score sheets (every version)."""
    policy = svc.app.rectification_policy
    return RectificationRules(
        criteria=[
            CriterionOut(code=c.code, description=c.description, needs_text=c.needs_text) for c in policy.criteria
        ],
        pass_points=policy.gate.pass_points,
        veto_share=policy.gate.veto_share,
        representatives=policy.gate.representatives,
        amber_days=policy.amber_days,
        reinspect_after_months=policy.reinspect_after_months,
        sheets=[
            ScoreSheetOut(
                version=sheet.version,
                current=sheet.version == policy.current_sheet,
                areas=[
                    SheetAreaOut(
                        name=area.name,
                        items=[SheetItemOut(code=i.code, name=i.name, points=i.points) for i in area.items],
                    )
                    for area in sheet.areas
                ],
            )
            for sheet in policy.sheets.values()
        ],
    )


@router.post("/cases", status_code=201, dependencies=WRITES)
def identify(body: IdentifyCase, svc: ServicesDep, may: RectificationPermitsDep) -> RectificationCaseOut:
    """Identifies a unit or problem for rectification by a criterion ("应整尽整": no quota)."""
    actor = may.identify(body.target_kind, body.target_id, body.node)
    case = svc.app.identify_case(
        target_kind=body.target_kind,
        target_id=body.target_id,
        node=body.node,
        source=body.source,
        criterion=body.criterion,
        criterion_text=body.criterion_text,
        linked_case=body.linked_case,
        actor=actor,
        reason=body.reason,
    )
    return _out(svc, case, svc.app.clock.now())


@router.post("/cases/{case_id}/stages", dependencies=WRITES)
def advance(case_id: UUID, body: AdvanceStage, svc: ServicesDep, may: RectificationPermitsDep) -> RectificationCaseOut:
    """Moves the case one stage; 初验 and 评估验收 are judged by the gate on the recorded score and votes."""
    may.case(C(body.step.value), case_id)
    case = svc.app.advance_case(
        case_id,
        step=body.step,
        passed=body.passed,
        plan=body.plan,
        summary=body.summary,
        deadline=body.deadline,
        reasons=body.reasons,
        actor=may.username,
        reason=body.reason,
    )
    return _out(svc, case, svc.app.clock.now())


@router.post("/cases/{case_id}/items", status_code=201, dependencies=WRITES)
def add_item(case_id: UUID, body: AddLedgerItem, svc: ServicesDep, may: RectificationPermitsDep) -> LedgerItemOut:
    may.case(C.ADD_ITEM, case_id)
    case, item_id = svc.app.add_ledger_item(
        case_id,
        problem=body.problem,
        measure=body.measure,
        owner=body.owner,
        reviewer=body.reviewer,
        deadline=body.deadline,
        found_on=body.found_on,
        actor=may.username,
        reason=body.reason,
    )
    return _item(svc, case, item_id, svc.app.clock.now())


@router.post("/cases/{case_id}/items/{item_id}/progress", dependencies=WRITES)
def record_progress(
    case_id: UUID, item_id: ItemId, body: ItemProgress, svc: ServicesDep, may: RectificationPermitsDep
) -> LedgerItemOut:
    """The item's owner (or the office) records progress."""
    actor = may.item(C.RECORD_PROGRESS, case_id, item_id)
    case = svc.app.record_item_progress(case_id, item_id, note=body.note, actor=actor, reason=body.reason)
    return _item(svc, case, item_id, svc.app.clock.now())


@router.post("/cases/{case_id}/items/{item_id}/evidence", dependencies=WRITES)
def submit_evidence(
    case_id: UUID, item_id: ItemId, body: ItemEvidence, svc: ServicesDep, may: RectificationPermitsDep
) -> LedgerItemOut:
    """The owner submits before-and-after evidence (text and SHA-256 of the files) for the close-off."""
    actor = may.item(C.SUBMIT_EVIDENCE, case_id, item_id)
    case = svc.app.submit_item_evidence(
        case_id,
        item_id,
        before=body.before,
        after=body.after,
        before_sha256=body.before_sha256,
        after_sha256=body.after_sha256,
        actor=actor,
        reason=body.reason,
    )
    return _item(svc, case, item_id, svc.app.clock.now())


@router.post("/cases/{case_id}/items/{item_id}/close-off", dependencies=WRITES)
def close_off(
    case_id: UUID, item_id: ItemId, body: RectificationBecause, svc: ServicesDep, may: RectificationPermitsDep
) -> LedgerItemOut:
    """销号: only the item's reviewer approves, never its owner."""
    actor = may.item(C.APPROVE_CLOSE_OFF, case_id, item_id)
    case = svc.app.close_off_item(case_id, item_id, actor=actor, reason=body.reason)
    return _item(svc, case, item_id, svc.app.clock.now())


@router.post("/cases/{case_id}/items/{item_id}/reopen", dependencies=WRITES)
def reopen(
    case_id: UUID, item_id: ItemId, body: ReopenItem, svc: ServicesDep, may: RectificationPermitsDep
) -> LedgerItemOut:
    actor = may.item(C.REOPEN_ITEM, case_id, item_id)
    case = svc.app.reopen_item(case_id, item_id, deadline=body.deadline, actor=actor, reason=body.reason)
    return _item(svc, case, item_id, svc.app.clock.now())


@router.post("/cases/{case_id}/scores", dependencies=WRITES)
def score(case_id: UUID, body: ScoreAcceptance, svc: ServicesDep, may: RectificationPermitsDep) -> RectificationCaseOut:
    """Scores the current acceptance on a score sheet version (the current one unless named)."""
    may.case(C.RECORD_SCORE, case_id)
    case = svc.app.score_case(
        case_id, points=body.points, sheet_version=body.sheet_version, actor=may.username, reason=body.reason
    )
    return _out(svc, case, svc.app.clock.now())


@router.post("/cases/{case_id}/votes", dependencies=WRITES)
def record_votes(
    case_id: UUID, body: VoteTally, svc: ServicesDep, may: RectificationPermitsDep
) -> RectificationCaseOut:
    """The democratic assessment's tally (民主测评) at the current acceptance."""
    may.case(C.RECORD_VOTES, case_id)
    case = svc.app.record_case_votes(
        case_id,
        satisfied=body.satisfied,
        basically_satisfied=body.basically_satisfied,
        unsatisfied=body.unsatisfied,
        actor=may.username,
        reason=body.reason,
    )
    return _out(svc, case, svc.app.clock.now())


@router.post("/cases/{case_id}/notices", status_code=201, dependencies=WRITES)
def publish_notice(case_id: UUID, body: PublishNotice, svc: ServicesDep, may: RectificationPermitsDep) -> CaseNoticeOut:
    may.case(C.PUBLISH_NOTICE, case_id)
    case, notice_id = svc.app.publish_case_notice(
        case_id, title=body.title, text=body.text, actor=may.username, reason=body.reason
    )
    return CaseNoticeOut.model_validate(case.notices[notice_id])


@router.post("/cases/{case_id}/notices/{notice_id}/feedback", dependencies=WRITES)
def give_feedback(
    case_id: UUID, notice_id: ItemId, body: NoticeFeedback, svc: ServicesDep, may: RectificationPermitsDep
) -> CaseNoticeOut:
    may.case(C.GIVE_FEEDBACK, case_id)
    case = svc.app.give_notice_feedback(case_id, notice_id, text=body.text, actor=may.username, reason=body.reason)
    return CaseNoticeOut.model_validate(case.notices[notice_id])


@router.post("/cases/{case_id}/reinspections", dependencies=WRITES)
def reinspect(
    case_id: UUID, body: Reinspection, svc: ServicesDep, may: RectificationPermitsDep
) -> RectificationCaseOut:
    """回头看: a relapse reopens the case (back to in progress) with a new deadline."""
    may.case(C.REINSPECT, case_id)
    case = svc.app.reinspect_case(
        case_id,
        relapse=body.relapse,
        findings=body.findings,
        new_deadline=body.new_deadline,
        actor=may.username,
        reason=body.reason,
    )
    return _out(svc, case, svc.app.clock.now())


@router.get("/cases", dependencies=[fresh("rectification", "audit_trail")])
def list_cases(
    svc: ServicesDep,
    principal: PrincipalDep,
    tree: TreeDep,
    node: Annotated[str | None, Query(max_length=40, description="only cases in this node's subtree")] = None,
    stage: CaseStage | None = None,
    target_kind: TargetKind | None = None,
    flag: Annotated[ItemFlag | None, Query(description="the case's worst open item on the answer's date")] = None,
    limit: Annotated[Limit, Le(500)] = 50,
    offset: Offset = 0,
    as_of: AsOfDep = None,
) -> RectificationPage:
    """Cases per grid subtree, red first; with as_of, as they were then (flags on that date)."""
    if node is not None:
        principal.require(principal.can_read_subtree(tree, node), f"read rectification cases under {node}")
    reader = CaseReader(principal.sees_everything, principal.scopes(*GRID_ROLES))
    now = as_of or svc.app.clock.now()
    engine = svc.engine if as_of is None else rows_as_of(svc.app, position_at(svc.engine, as_of) or 0)
    try:
        total, rows = cases_page(
            engine,
            reader,
            CaseFilter(node, stage, target_kind, flag),
            today=svc.app.local_date(now),
            amber_days=svc.app.rectification_policy.amber_days,
            limit=limit,
            offset=offset,
        )
    finally:
        if as_of is not None:
            engine.dispose()
    return RectificationPage(total=total, as_of=now, items=[RectificationRow.model_validate(r) for r in rows])


@router.get("/cases/{case_id}")
def get_case(
    case_id: UUID, svc: ServicesDep, may: RectificationPermitsDep, as_of: AsOfDep = None
) -> RectificationCaseOut:
    """One case with its ledger (flags on the answer's date); with as_of, as it was then."""
    may.case(C.READ, case_id)
    if as_of is None:
        return _out(svc, svc.app.rectification_case(case_id), svc.app.clock.now())
    return _out(svc, svc.app.rectification_case_as_of(case_id, as_of), as_of)


@router.get("/cases/{case_id}/items")
def get_ledger(case_id: UUID, svc: ServicesDep, may: RectificationPermitsDep, as_of: AsOfDep = None) -> LedgerOut:
    """The ledger (整改台账) with its red/amber/green flags as of a date."""
    may.case(C.READ, case_id)
    now = as_of or svc.app.clock.now()
    case = svc.app.rectification_case(case_id) if as_of is None else svc.app.rectification_case_as_of(case_id, as_of)
    return LedgerOut(case_id=case_id, as_of=now, items=_items(svc, case, now))


def _items(svc: ServicesDep, case: RectificationCase, now: datetime) -> list[LedgerItemOut]:
    flags = case.flags(svc.app.local_date(now), svc.app.rectification_policy.amber_days)
    return [_item_out(item, flags[key]) for key, item in case.items.items()]


def _item(svc: ServicesDep, case: RectificationCase, item_id: str, now: datetime) -> LedgerItemOut:
    flags = case.flags(svc.app.local_date(now), svc.app.rectification_policy.amber_days)
    return _item_out(case.items[item_id], flags[item_id])


def _item_out(item: dict[str, Any], flag: ItemFlag) -> LedgerItemOut:
    evidence = item["evidence"]
    return LedgerItemOut(
        **{k: v for k, v in item.items() if k != "evidence"},
        flag=flag,
        evidence=EvidenceOut.model_validate(evidence) if evidence else None,
    )


def _out(svc: ServicesDep, case: RectificationCase, now: datetime) -> RectificationCaseOut:
    return RectificationCaseOut(
        id=case.id,
        target_kind=TargetKind(case.target_kind),
        target_id=case.target_id,
        node=case.node,
        path=case.path,
        source=case.source,
        criterion=case.criterion,
        criterion_text=case.criterion_text,
        linked_case=UUID(case.linked_case) if case.linked_case else None,
        stage=case.stage,
        plan=case.plan,
        deadline=case.deadline,
        reinspect_on=case.reinspect_on,
        identified_at=case.identified_at,
        identified_by=case.identified_by,
        items=_items(svc, case, now),
        scores=[ScoreOut(stage=CaseStage(stage), **score) for stage, score in case.scores.items()],
        votes=[TallyCounts(stage=CaseStage(stage), **tally) for stage, tally in case.votes.items()],
        notices=[CaseNoticeOut.model_validate(n) for n in case.notices.values()],
        reinspections=[ReinspectionOut.model_validate(r) for r in case.reinspections],
        history=[StageMoveOut.model_validate(h) for h in case.history],
        allowed=list(ALLOWED[case.stage]),
        version=case.version,
    )
