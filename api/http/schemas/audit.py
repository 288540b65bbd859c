"""Requests and answers of the audit endpoints: the trail, tree heads, proofs, verification, the past."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, Field, PlainSerializer, WithJsonSchema

from domain.audit.kinds import EntityKind
from domain.shared.errors import InvalidInputError
from projections.audit.trail_queries import TrailFilter

# ISO 8601 with the offset written as +00:00, as the trail has always answered it.
Moment = Annotated[
    datetime,
    PlainSerializer(lambda moment: moment.isoformat(), return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
Hex = Annotated[str, Field(description="lower-case hexadecimal")]
_ENTITY_KINDS = frozenset(EntityKind)


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        raise ValueError("needs a UTC offset, e.g. 2026-11-27T10:05:00+08:00 or 2026-11-27T02:05:00Z")
    return value


Aware = Annotated[datetime | None, AfterValidator(_aware)]


def _event_kind(value: str | None) -> str | None:
    entity, _, event = (value or "").partition(".")
    if value is not None and (entity not in _ENTITY_KINDS or not event.isidentifier()):
        kinds = ", ".join(EntityKind)
        raise ValueError(f"spell an event kind as the trail does, e.g. Issue.Reported or GridNode.Moved ({kinds})")
    return value


class TrailQuery(BaseModel):
    """Filters of the trail and its exports; every one narrows the answer, none is required."""

    entity_kind: EntityKind | None = Field(default=None, description="exactly as listed (case matters)")
    entity_id: str | None = Field(default=None, max_length=60, description="node code, username, issue id …")
    actor: str | None = Field(default=None, max_length=40, description="the username that caused the event")
    node: str | None = Field(
        default=None, max_length=40, description="this grid node or below it, as the grid was then"
    )
    kind: Annotated[str | None, AfterValidator(_event_kind)] = Field(
        default=None,
        max_length=60,
        description="event kind as the trail spells it, `<entity kind>.<event>`: Issue.Reported, GridNode.Moved",
        examples=["Issue.Reported"],
    )
    start: Aware = Field(default=None, alias="from", description="at or after this moment (ISO 8601 with a UTC offset)")
    end: Aware = Field(default=None, alias="to", description="at or before this moment (ISO 8601 with a UTC offset)")

    def where(self) -> TrailFilter:
        if self.start is not None and self.end is not None and self.start > self.end:
            raise InvalidInputError("from is after to: the window would hold nothing", field="from")
        return TrailFilter(**self.model_dump())


class TreeHead(BaseModel):
    """The log's Merkle root at a size, signed with Ed25519 over canonical JSON (see docs/audit.md)."""

    size: int
    root: Hex
    timestamp: str = Field(description="ISO 8601, UTC, exactly as signed")
    signature: Hex
    public_key: Hex


class TreeHeads(BaseModel):
    public_key: Hex = Field(description="copy it once and keep it offline: proofs are checked against it")
    heads: list[TreeHead]


class ProofBundle(BaseModel):
    """Checked offline by `gridgov verify-proof FILE --trusted-key HEX` or `python -m verifier.bundle`."""

    format: Literal["gridgov-inclusion-proof-v1"]
    position: int
    leaf_index: int
    record: str = Field(description="base64 of the stored event's record bytes")
    audit_path: list[Hex]
    tree_head: TreeHead


class ConsistencyBundle(BaseModel):
    format: Literal["gridgov-consistency-proof-v1"]
    from_head: TreeHead
    to_head: TreeHead
    proof: list[Hex]


class VerifyFinding(BaseModel):
    position: int = Field(description="-1 for a tree head with a bad signature")
    problem: str


class VerifyReport(BaseModel):
    ok: bool
    events_checked: int
    heads_checked: int
    findings: list[VerifyFinding]


class TrailEntry(BaseModel):
    """One event as the audit trail tells it: who, in which roles, on what, where, why."""

    position: int
    at: Moment
    actor: str
    roles: str = Field(description="the actor's roles at that moment, comma-separated")
    kind: str = Field(description="e.g. Issue.Reported")
    entity_kind: EntityKind
    entity_id: str
    node: str | None
    node_path: str | None = Field(description="codes from the street down, as the grid was then")
    reason: str
    summary_zh: str
    summary_en: str
    payload: dict[str, Any] = Field(description="the event as stored (password hashes withheld)")


class TrailPage(BaseModel):
    items: list[TrailEntry]
    next_after: int | None = Field(description="pass as `after` for the next page; null on the last page")


class StateAsOf(BaseModel):
    kind: EntityKind
    id: str
    version: int
    as_of: Moment
    state: dict[str, Any]
