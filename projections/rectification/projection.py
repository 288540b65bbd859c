"""Builds the rectification rows from case events, in log order (the aggregate's appliers, as rows)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, insert, update

from domain.rectification.model import RECTIFICATION_TOPICS, RectificationCase
from domain.rectification.status import ON_PASS, CaseStage, RectificationCommand
from domain.rectification.values import ItemState
from projections.rectification.tables import cases, items

R = RectificationCase


class RectificationRows:
    name = "rectification"
    topics = RECTIFICATION_TOPICS
    tables = (cases, items)

    def handle(self, conn: Connection, position: int, event: Any) -> None:
        key = str(event.originator_id)
        if isinstance(event, R.Identified):
            conn.execute(insert(cases).values(_identified(key, position, event)))
            return
        values: dict[str, Any] = {"updated_at": event.timestamp, "position": position}
        values.update(_case_changes(event))
        conn.execute(update(cases).where(cases.c.id == key).values(**values))
        if isinstance(event, R.ItemAdded):
            conn.execute(insert(items).values(_item(key, position, event)))
            return
        changes = _item_changes(event)
        if changes:
            where = (items.c.case_id == key) & (items.c.item_id == event.item_id)
            conn.execute(update(items).where(where).values(position=position, **changes))


def _identified(key: str, position: int, e: R.Identified) -> dict[str, Any]:
    path = [*e.path, None, None, None, None]
    return dict(
        id=key,
        target_kind=e.target_kind,
        target_id=e.target_id,
        node=e.node,
        street=path[0],
        community=path[1],
        compound=path[2],
        building=path[3],
        criterion=e.criterion,
        stage=str(CaseStage.IDENTIFIED),
        deadline=None,
        reinspect_on=None,
        identified_at=e.timestamp,
        updated_at=e.timestamp,
        position=position,
    )


def _case_changes(event: Any) -> dict[str, Any]:
    if isinstance(event, R.PlanApproved):
        return {"stage": str(CaseStage.PLAN_APPROVED), "deadline": date.fromisoformat(event.deadline)}
    if isinstance(event, R.WorkStarted):
        return {"stage": str(CaseStage.IN_PROGRESS)}
    if isinstance(event, R.SelfEvaluationSubmitted):
        return {"stage": str(CaseStage.SELF_EVALUATION)}
    if isinstance(event, R.StageConcluded):
        command = RectificationCommand(event.command)
        values: dict[str, Any] = {"stage": str(ON_PASS[command] if event.passed else CaseStage.IN_PROGRESS)}
        if not event.passed and event.new_deadline is not None:
            values["deadline"] = date.fromisoformat(event.new_deadline)
        if isinstance(event, R.AssessmentAcceptanceConcluded) and event.passed and event.reinspect_on:
            values["reinspect_on"] = date.fromisoformat(event.reinspect_on)
        return values
    if isinstance(event, R.Reinspected):
        values = {"reinspect_on": None}
        if event.relapse:
            deadline = date.fromisoformat(event.new_deadline) if event.new_deadline else None
            values.update(stage=str(CaseStage.IN_PROGRESS), deadline=deadline)
        return values
    return {}


def _item(key: str, position: int, e: R.ItemAdded) -> dict[str, Any]:
    return dict(
        case_id=key,
        item_id=e.item_id,
        problem=e.problem,
        measure=e.measure,
        owner=e.owner,
        reviewer=e.reviewer,
        found_on=date.fromisoformat(e.found_on),
        deadline=date.fromisoformat(e.deadline),
        state=str(ItemState.OPEN),
        closed_on=None,
        position=position,
    )


def _item_changes(event: Any) -> dict[str, Any]:
    if isinstance(event, R.EvidenceSubmitted):
        return {"state": str(ItemState.EVIDENCE_SUBMITTED)}
    if isinstance(event, R.ItemClosedOff):
        return {"state": str(ItemState.CLOSED_OFF), "closed_on": date.fromisoformat(event.closed_on)}
    if isinstance(event, R.ItemReopened):
        return {"state": str(ItemState.OPEN), "closed_on": None, "deadline": date.fromisoformat(event.deadline)}
    return {}
