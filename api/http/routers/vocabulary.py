"""The vocabulary: every enumerated value a client sends, from the domain's own enums."""

from __future__ import annotations

from fastapi import APIRouter

from api.http.deps import PrincipalDep
from api.http.schemas.vocabulary import LevelTerm, Vocabulary
from domain.accounts.roles import Role
from domain.calendar.working import TimeUnit
from domain.clients.permissions import ClientCommand
from domain.geo.coordinates import CoordinateSystem
from domain.grid.duties import Duty
from domain.grid.levels import Level
from domain.indicators.values import IndicatorComparison, IndicatorMeasure, IndicatorUnit, IndicatorVerdict
from domain.issues.buckets import Bucket
from domain.issues.dispatch import DispatchStatus
from domain.issues.intake import Intake
from domain.issues.public import Open311Status
from domain.issues.status import Command, Status
from domain.issues.values import Rating, Stage, Urgency, WhistleKind
from domain.monitoring.status import CaseStatus, Step
from domain.monitoring.values import ClueSource, MonitoredCategory
from domain.pairings.values import ContactKind, PairingKind, PairingStatus, SubjectKind
from domain.people.permissions import PeopleCommand
from domain.people.values import Gender, Relation, Sensitive, Tag
from domain.positions.life import LifeKind
from domain.rectification.status import CaseStage, RectificationCommand, StageStep
from domain.rectification.values import ItemFlag, ItemState, TargetKind
from domain.reviews.values import Post, ReviewStatus, Verdict
from domain.standards.items import CheckKind, Item, ItemStatus

router = APIRouter(prefix="/api/v1", tags=["vocabulary"])


@router.get("/vocabulary")
def vocabulary(principal: PrincipalDep) -> Vocabulary:
    """Every code of every feature (grid, issues, people, pairings, monitoring, standards); every role may read it."""
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
        issue_commands=list(Command),
        genders=list(Gender),
        relations=list(Relation),
        tags=list(Tag),
        sensitive_fields=list(Sensitive),
        people_commands=list(PeopleCommand),
        pairing_kinds=list(PairingKind),
        pairing_subjects=list(SubjectKind),
        contact_kinds=list(ContactKind),
        pairing_statuses=list(PairingStatus),
        monitored_categories=list(MonitoredCategory),
        clue_sources=list(ClueSource),
        monitoring_steps=list(Step),
        case_statuses=list(CaseStatus),
        standard_items=list(Item),
        item_statuses=list(ItemStatus),
        check_kinds=list(CheckKind),
        rectification_stages=list(CaseStage),
        rectification_steps=list(StageStep),
        rectification_commands=list(RectificationCommand),
        rectification_targets=list(TargetKind),
        ledger_flags=list(ItemFlag),
        ledger_item_states=list(ItemState),
        review_statuses=list(ReviewStatus),
        verdicts=list(Verdict),
        posts=list(Post),
        life_kinds=list(LifeKind),
        indicator_verdicts=list(IndicatorVerdict),
        indicator_units=list(IndicatorUnit),
        indicator_comparisons=list(IndicatorComparison),
        indicator_measures=list(IndicatorMeasure),
        intakes=list(Intake),
        coordinate_systems=list(CoordinateSystem),
        open311_statuses=list(Open311Status),
        api_client_commands=list(ClientCommand),
    )
