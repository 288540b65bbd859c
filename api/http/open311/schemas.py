"""The GeoReport v2 resources as typed models: field names and order as the spec gives them."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field

from domain.issues.public import Open311Status


class Service(BaseModel):
    """One service type: a category (subclass) of the grid's catalogue."""

    service_code: str = Field(description="the category's code")
    service_name: str = Field(description="the category's name")
    description: str = Field(description="its major class and name, and who handles it")
    metadata: bool = Field(description="true: GET services/{service_code} lists attributes to send")
    type: Literal["realtime"] = Field(description="the request id is assigned at once")
    keywords: str = Field(description="comma separated: the name, the major class and the departments")
    group: str = Field(description="the major class (大类)")


class Datatype(StrEnum):
    STRING = "string"
    NUMBER = "number"
    DATETIME = "datetime"
    TEXT = "text"
    SINGLEVALUELIST = "singlevaluelist"
    MULTIVALUELIST = "multivaluelist"


class AttributeValue(BaseModel):
    key: str
    name: str


class Attribute(BaseModel):
    variable: bool = Field(description="true: the sender fills it in")
    code: str = Field(description="send it as attribute[code]=key")
    datatype: Datatype
    required: bool
    datatype_description: str | None
    order: int
    description: str
    values: list[AttributeValue]


class ServiceDefinition(BaseModel):
    service_code: str
    attributes: list[Attribute]


class RequestCreated(BaseModel):
    """What POST requests answers: the id at once (we are realtime), and the same id as a token."""

    service_request_id: str
    token: str = Field(description="equals service_request_id: ids are assigned at once")
    service_notice: str
    account_id: None = Field(description="not kept: residents have no account with the grid")


class TokenAnswer(BaseModel):
    service_request_id: str
    token: str


class ServiceRequest(BaseModel):
    """A request as anyone may see it: progress, place and deadline; never the sender or their words."""

    service_request_id: str
    status: Open311Status
    status_notes: str | None = Field(description="the finer state, or why it was dismissed or declined")
    service_name: str | None
    service_code: str
    description: None = Field(description="withheld: a resident's free text may carry personal data")
    agency_responsible: str | None = Field(description="the department leading the case, once one is called")
    service_notice: str | None
    requested_datetime: datetime
    updated_datetime: datetime
    expected_datetime: datetime | None = Field(description="the deadline running now (check, handling …)")
    address: str = Field(description="the grid node's names, most specific first; never the sender's text")
    address_id: str = Field(description="the grid node's code")
    zipcode: None = Field(description="not kept")
    lat: float | None = Field(description="WGS-84")
    long: float | None = Field(description="WGS-84")
    media_url: str | None


class Open311Error(BaseModel):
    code: int = Field(description="the HTTP status")
    description: str
