"""The POST requests form (application/x-www-form-urlencoded), read and checked field by field.

An empty field counts as not sent (the spec's "optional arguments"). The key is looked at first,
so a stranger learns nothing about the form before being refused; every other problem is a 400
naming its field. `attribute[code]=key` (and `attribute[code][]=key` for a multivaluelist) are
gathered per code and checked against the service's definition by the caller.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, Request
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from domain.geo.coordinates import CoordinateSystem, check_wgs84, to_wgs84
from domain.issues.intake import DESCRIPTION_MAX, NAME_MAX
from domain.shared.errors import ForbiddenError, InvalidInputError

MAX_FIELDS = 60  # the spec's fields, a few of our own and the attributes
MAX_ATTRIBUTES = 20
MAX_VALUES = 20
ADDRESS_MAX = 500
_ATTRIBUTE = re.compile(r"attribute\[(?P<code>[^\[\]]{1,40})\](?:\[\])?")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


class RequestForm(BaseModel):
    """The fields of POST requests besides api_key and attribute[…] (bounded as the domain bounds them)."""

    model_config = ConfigDict(extra="ignore")

    jurisdiction_id: str | None = Field(None, max_length=40, description="a street's code")
    service_code: str = Field(max_length=40, description="a code from GET services")
    lat: float | None = Field(None, description="latitude, with long")
    long: float | None = Field(None, description="longitude, with lat")
    address_string: str | None = Field(None, max_length=ADDRESS_MAX, description="the place in words")
    address_id: str | None = Field(None, max_length=40, description="a grid node's code: building … street")
    email: str | None = Field(None, max_length=254, pattern=r"^[^@\s]+@[^@\s]+$", description="not kept")
    device_id: str | None = Field(None, max_length=200, description="not kept")
    account_id: str | None = Field(None, max_length=200, description="not kept")
    first_name: str | None = Field(None, max_length=NAME_MAX, description="sealed with last_name")
    last_name: str | None = Field(None, max_length=NAME_MAX)
    phone: str | None = Field(None, max_length=30, description="sealed; at most 5 reports a day per phone")
    description: str = Field("", max_length=DESCRIPTION_MAX, description="required by the grid: what is wrong")
    media_url: str | None = Field(None, max_length=2000, pattern=r"^https?://\S+$")
    coordinate_system: CoordinateSystem = Field(
        CoordinateSystem.WGS84, description="extension: the datum of lat/long, converted to WGS-84 before storing"
    )


@dataclass(frozen=True)
class Posted:
    form: RequestForm
    attributes: dict[str, list[str]] = field(default_factory=dict)

    @property
    def name(self) -> str | None:
        """first_name and last_name as one name: a Chinese name family name first, without a space."""
        given, family = (self.form.first_name or "").strip(), (self.form.last_name or "").strip()
        if _CJK.search(given + family):
            return (family + given) or None
        return " ".join(p for p in (given, family) if p) or None

    def require_location(self) -> None:
        """The spec's location parameter: lat and long, address_string or address_id (400 without one)."""
        form = self.form
        if form.lat is None and form.long is None and not (form.address_string or form.address_id):
            raise InvalidInputError("a location is required: send lat and long, address_string or address_id")

    @property
    def coordinates(self) -> list[float] | None:
        """[longitude, latitude] in WGS-84, or None; lat without long (or the reverse) is refused."""
        lat, lon = self.form.lat, self.form.long
        if lat is None and lon is None:
            return None
        if lat is None or lon is None:
            raise InvalidInputError("send lat and long together, or neither", field="lat" if lat is None else "long")
        check_wgs84(lon, lat, "lat/long")
        return list(to_wgs84(self.form.coordinate_system, lon, lat))


Fields = list[tuple[str, str]]


async def read_form(request: Request) -> Fields:
    """The form's text fields as sent (a body of another type reads as an empty form)."""
    async with request.form(max_files=0, max_fields=MAX_FIELDS) as form:
        return [(key, value) for key, value in form.multi_items() if isinstance(value, str)]


FormDep = Annotated[Fields, Depends(read_form)]


def api_key_of(fields: Fields) -> str:
    keys = [value for key, value in fields if key == "api_key" and value]
    if len(keys) != 1:
        say = "is missing" if not keys else "was sent more than once"
        raise ForbiddenError(
            f"api_key {say}: send the key issued to your system once, as a field of an "
            "application/x-www-form-urlencoded form",
            field="api_key",
        )
    return keys[0]


def parse_request(fields: Fields) -> Posted:
    """The form as typed fields and attributes; every problem found is listed at once (400)."""
    plain: dict[str, str] = {}
    attributes: dict[str, list[str]] = {}
    problems: list[dict[str, object]] = []
    for key, value in fields:
        if key == "api_key" or value == "":
            continue
        if attribute := _ATTRIBUTE.fullmatch(key):
            attributes.setdefault(attribute["code"], []).append(value)
        elif key in plain:
            problems.append({"field": key, "reason": "sent more than once: send it once"})
        else:
            plain[key] = value
    if len(attributes) > MAX_ATTRIBUTES:
        problems.append({"field": "attribute", "reason": f"at most {MAX_ATTRIBUTES} attributes"})
    problems += [
        {"field": f"attribute[{code}]", "reason": f"at most {MAX_VALUES} values"}
        for code, values in attributes.items()
        if len(values) > MAX_VALUES
    ]
    try:
        form = RequestForm.model_validate(plain)
    except ValidationError as error:
        problems += [{"field": _field(e), "reason": e["msg"]} for e in error.errors()]
    if problems:
        raise InvalidInputError("; ".join(f"{p['field']}: {p['reason']}" for p in problems), details=problems)
    return Posted(form, attributes)


def _field(e: Any) -> str:
    return ".".join(str(p) for p in e["loc"]) or "form"


def form_schema() -> dict[str, Any]:
    """The form for the OpenAPI document (pydantic's schema with its definitions inlined)."""
    schema = RequestForm.model_json_schema()
    definitions = schema.pop("$defs", {})

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return inline(definitions[ref.removeprefix("#/$defs/")])
            return {key: inline(value) for key, value in node.items()}
        if isinstance(node, list):
            return [inline(value) for value in node]
        return node

    inlined: dict[str, Any] = inline(schema)
    inlined["properties"] = {
        "api_key": {"type": "string", "maxLength": 200, "description": "the key issued to your system"},
        **inlined["properties"],
    }
    inlined["required"] = ["api_key", *inlined.get("required", [])]
    return inlined
