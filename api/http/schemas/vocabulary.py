"""The values a client may send, each list typed by the domain enum it comes from."""

from __future__ import annotations

from pydantic import BaseModel, Field

from domain.accounts.roles import Role
from domain.calendar.working import TimeUnit
from domain.clients.permissions import ClientCommand
from domain.geo.coordinates import CoordinateSystem
from domain.grid.duties import Duty
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


class LevelTerm(BaseModel):
    value: str = Field(description="what to send, e.g. street")
    number: int = Field(description="also accepted where a level is asked for: 1 street … 4 building")
    name_zh: str


class Vocabulary(BaseModel):
    roles: list[Role]
    levels: list[LevelTerm]
    duties: list[Duty] = Field(description="of a person at a grid node")
    urgencies: list[Urgency]
    whistle_kinds: list[WhistleKind]
    ratings: list[Rating]
    stages: list[Stage] = Field(description="the timed stages a category's limits name")
    time_units: list[TimeUnit]
    issue_statuses: list[Status]
    dispatch_statuses: list[DispatchStatus]
    queue_buckets: list[Bucket]
    issue_commands: list[Command] = Field(description="POST /issues/{id}/{command}")
    genders: list[Gender]
    relations: list[Relation] = Field(description="a household member's relation to the head")
    tags: list[Tag]
    sensitive_fields: list[Sensitive] = Field(description="sealed fields a permitted role may reveal, with a reason")
    people_commands: list[PeopleCommand]
    pairing_kinds: list[PairingKind]
    pairing_subjects: list[SubjectKind]
    contact_kinds: list[ContactKind]
    pairing_statuses: list[PairingStatus]
    monitored_categories: list[MonitoredCategory]
    clue_sources: list[ClueSource]
    monitoring_steps: list[Step]
    case_statuses: list[CaseStatus]
    standard_items: list[Item] = Field(description="一超两不愁三保障三有")
    item_statuses: list[ItemStatus]
    check_kinds: list[CheckKind] = Field(description="first check, 回头看, 回头帮, 回头查")
    rectification_stages: list[CaseStage] = Field(description="整治: identified … closed")
    rectification_steps: list[StageStep] = Field(description="POST /rectification/cases/{id}/stages")
    rectification_commands: list[RectificationCommand]
    rectification_targets: list[TargetKind]
    ledger_flags: list[ItemFlag] = Field(description="整改台账 红黄绿灯")
    ledger_item_states: list[ItemState]
    review_statuses: list[ReviewStatus] = Field(description="任职资格联审")
    verdicts: list[Verdict]
    posts: list[Post] = Field(description="书记, 主任, 委员, 后备")
    life_kinds: list[LifeKind] = Field(description="组织生活: trainings, talks, 三会一课, 主题党日")
    indicator_verdicts: list[IndicatorVerdict]
    indicator_units: list[IndicatorUnit]
    indicator_comparisons: list[IndicatorComparison]
    indicator_measures: list[IndicatorMeasure] = Field(description="what an indicator counts")
    intakes: list[Intake] = Field(description="who brought a report in: the grid, a resident, an Open311 client")
    coordinate_systems: list[CoordinateSystem] = Field(description="what lat/long from outside may be given in")
    open311_statuses: list[Open311Status] = Field(description="GeoReport v2's two states (docs/open311.md)")
    api_client_commands: list[ClientCommand]
