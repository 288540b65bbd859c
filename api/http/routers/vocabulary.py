"""The vocabulary: every enumerated value a client sends, from the domain's own enums."""

from __future__ import annotations

from fastapi import APIRouter

from api.http.deps import PrincipalDep
from api.http.schemas.vocabulary import LevelTerm, Vocabulary
from domain.accounts.roles import Role
from domain.calendar.working import TimeUnit
from domain.grid.duties import Duty
from domain.grid.levels import Level
from domain.issues.buckets import Bucket
from domain.issues.dispatch import DispatchStatus
from domain.issues.status import Status
from domain.issues.values import Rating, Stage, Urgency, WhistleKind

router = APIRouter(prefix="/api/v1", tags=["vocabulary"])


@router.get("/vocabulary")
def vocabulary(principal: PrincipalDep) -> Vocabulary:
    """Roles, levels, urgencies, whistle kinds, ratings, statuses and queue buckets; every role may read it."""
    return Vocabulary(
        roles=list(Role),
        levels=[LevelTerm(value=level.label, number=level.value, name_zh=level.chinese) for level in Level],
        duties=list(Duty),
        urgencies=list(Urgency),
        whistle_kinds=list(WhistleKind),
        ratings=list(Rating),
        stages=list(Stage),
        time_units=list(TimeUnit),
        issue_statuses=list(Status),
        dispatch_statuses=list(DispatchStatus),
        queue_buckets=list(Bucket),
    )
