"""Open311 GeoReport v2 at /open311/v2/: the service list and service definitions (docs/open311.md).

Every route ends in the format it answers in (.json or .xml; any other is 404). The routes read
what anyone may read, with no key; POST requests (open311_requests.py) needs a client's api_key.
Errors come in the spec's shape (api/http/open311/errors.py, installed by api/http/errors.py).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from api.http.deps import ServicesDep
from api.http.open311.formats import format_named
from api.http.open311.places import jurisdiction
from api.http.open311.render import XML_TYPE, answer
from api.http.open311.schemas import Open311Error, Service, ServiceDefinition
from api.http.open311.services import attributes_of, service_of
from domain.shared.errors import NotFoundError

router = APIRouter(prefix="/open311/v2", tags=["open311"])

Fmt = Annotated[str, Path(description="json or xml")]
Jurisdiction = Annotated[
    str | None,
    Query(max_length=40, description="a street's code; required while the grid has more than one street"),
]


def documented(*statuses: int, ok: int = 200) -> dict[int | str, dict[str, Any]]:
    """The XML alternative of the answer, and the errors a route may answer, for the OpenAPI document."""
    said = {
        400: "bad input",
        403: "missing, unknown or revoked api_key",
        404: "no such resource",
        409: "a client request id reused for a different request",
        429: "a phone over its daily limit",
    }
    errors: dict[int | str, dict[str, Any]] = {
        status: {"model": list[Open311Error], "description": said.get(status, "refused")} for status in statuses
    }
    return {ok: {"content": {XML_TYPE.split(";")[0]: {"schema": {"type": "string"}}}}, **errors}


@router.get("/services.{fmt}", response_model=list[Service], responses=documented(400, 404))
def list_services(fmt: Fmt, svc: ServicesDep, jurisdiction_id: Jurisdiction = None) -> Response:
    """Every category of the catalogue as a service type, by code."""
    output = format_named(fmt)
    jurisdiction(svc.follower.catch_up(), jurisdiction_id)
    catalogue = svc.catalogue.catch_up()
    departments = {d.code: d.name for d in catalogue.departments()}
    return answer(output, "services", [service_of(c, departments) for c in catalogue.categories()])


@router.get("/services/{service_code}.{fmt}", response_model=ServiceDefinition, responses=documented(400, 404))
def service_definition(
    service_code: Annotated[str, Path(description="a code from GET services")],
    fmt: Fmt,
    svc: ServicesDep,
    jurisdiction_id: Jurisdiction = None,
) -> Response:
    """The attributes a request of this service may carry."""
    output = format_named(fmt)
    jurisdiction(svc.follower.catch_up(), jurisdiction_id)
    category = next((c for c in svc.catalogue.catch_up().categories() if c.code == service_code), None)
    if category is None:
        raise NotFoundError(f"no service {service_code[:40]!r}: see GET services", field="service_code")
    definition = ServiceDefinition(service_code=category.code, attributes=attributes_of(category))
    return answer(output, "service_definition", definition)
