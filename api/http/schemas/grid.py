"""Grid requests and responses."""

from __future__ import annotations

from pydantic import BaseModel, Field

from api.http.schemas.common import Code, Name, Reason
from domain.grid.duties import Duty


class CreateNode(BaseModel):
    code: Code = Field(description="stable city-wide code, e.g. 110101001001")
    name: Name = Field(description="display name, e.g. 东华门街道")
    parent_code: Code | None = Field(default=None, description="none for a street")
    reason: Reason


class RenameNode(BaseModel):
    name: Name
    reason: Reason


class MoveNode(BaseModel):
    new_parent: Code = Field(description="code of a node one level above this one")
    reason: Reason


class RetireNode(BaseModel):
    reason: Reason


class AssignPerson(BaseModel):
    username: Code
    duty: Duty = Field(description="leader (网格长) or worker (网格员)")
    reason: Reason


class PersonOut(BaseModel):
    username: str
    display_name: str
    phone: str = Field(description="masked unless the caller needs it")


class NodeOut(BaseModel):
    code: str
    name: str
    level: str
    level_name: str
    parent_code: str | None
    retired: bool
    leader: PersonOut | None
    workers: list[PersonOut]
    version: int | None = Field(description="for If-Match on commands; absent in as_of answers of the tree")


class NodeBrief(BaseModel):
    code: str
    name: str
    level: str
    parent_code: str | None
    retired: bool


class NodePage(BaseModel):
    total: int
    items: list[NodeBrief]


class SubtreeOut(BaseModel):
    code: str
    name: str
    level: str
    retired: bool
    children: list[SubtreeOut]


class SubtreeAnswer(BaseModel):
    root: SubtreeOut
    counts: dict[str, int] = Field(description="active nodes per level, the root included")


class ChainLink(BaseModel):
    code: str
    name: str
    level: str
    leader: str | None
    workers: list[str]


class ResponsibleOut(BaseModel):
    code: str = Field(description="the node asked about")
    leader: str | None = Field(description="nearest grid leader at or above the node")
    leader_at: str | None
    workers: list[str] = Field(description="nearest grid workers at or above the node")
    workers_at: str | None
    escalation: list[ChainLink] = Field(description="the node, then each ancestor up to the street")


class ImportResult(BaseModel):
    created: int
    unchanged: int
