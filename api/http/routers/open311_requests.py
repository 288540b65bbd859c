"""Open311 GeoReport v2 service requests: POST one (with a client's api_key), GET the list, one, a token.

A request is an issue reported from outside the grid: it waits until a grid worker checks it on
site, then goes round the loop like any other. GET answers list only such reports, as the public
sees them (docs/open311.md says what is shown and what is withheld).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Path, Query
from fastapi.responses import Response

from api.bootstrap import Services
from api.http.deps import ServicesDep
from api.http.fresh import fresh
from api.http.open311 import filters
from api.http.open311.form import FormDep, api_key_of, form_schema, parse_request
from api.http.open311.formats import format_named
from api.http.open311.places import jurisdiction, report_node
from api.http.open311.query import Window, public_request_ids
from api.http.open311.render import answer
from api.http.open311.schemas import RequestCreated, ServiceRequest, TokenAnswer
from api.http.open311.services import check_attributes
from api.http.open311.shaping import SERVICE_NOTICE, Shaper, events_of, public_issue
from api.http.routers.open311 import Fmt, Jurisdiction, documented
from domain.issues.intake import Intake
from domain.shared.errors import InvalidInputError, NotFoundError
from projections.catalogue import CategoryEntry

router = APIRouter(prefix="/open311/v2", tags=["open311"])

MAX_PAGE_SIZE = 1000  # the spec's default volume, and our bound
MAX_PAGE = 10**6
RequestId = Annotated[str, Path(description="a service_request_id")]


@router.post(
    "/requests.{fmt}",
    status_code=201,
    response_model=list[RequestCreated],
    responses={
        **documented(400, 403, 404, 409, 429, ok=201),
        200: {"model": list[RequestCreated], "description": "a retry: the first request, again (JSON or XML)"},
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/x-www-form-urlencoded": {"schema": form_schema()}},
        }
    },
)
def post_request(
    fmt: Fmt,
    svc: ServicesDep,
    fields: FormDep,
    x_client_request_id: Annotated[
        str | None,
        Header(
            min_length=1,
            max_length=200,
            description="retry safely: the same id (per client) answers the first request, 200, and records nothing",
        ),
    ] = None,
) -> Response:
    """A new service request (201), or the first one again for a retried X-Client-Request-Id (200)."""
    client = svc.app.client_for_key(api_key_of(fields))
    output = format_named(fmt)
    posted = parse_request(fields)
    node = report_node(svc.follower.catch_up(), posted.form.jurisdiction_id, posted.form.address_id)
    category = _service(_services(svc), posted.form.service_code)
    urgency = check_attributes(category, posted.attributes)
    posted.require_location()
    issue, created = svc.app.report_from_outside(
        intake=Intake.OPEN311,
        node=node,
        category=category.code,
        description=posted.form.description,
        address=posted.form.address_string or "",
        coordinates=posted.coordinates,
        coordinate_system=str(posted.form.coordinate_system),
        phone=posted.form.phone,
        name=posted.name,
        client=client.id.hex,
        retry_key=x_client_request_id,
        urgency=urgency,
    )
    made = RequestCreated(
        service_request_id=str(issue.id), token=str(issue.id), service_notice=SERVICE_NOTICE, account_id=None
    )
    return answer(output, "service_requests", [made], status=201 if created else 200)


@router.get(
    "/requests.{fmt}",
    response_model=list[ServiceRequest],
    responses=documented(400, 404),
    dependencies=[fresh("issues", "public_requests")],
)
def list_requests(
    fmt: Fmt,
    svc: ServicesDep,
    jurisdiction_id: Jurisdiction = None,
    service_request_id: Annotated[
        str | None,
        Query(max_length=4000, description=f"comma separated, at most {filters.MAX_IDS}: overrides the rest"),
    ] = None,
    service_code: Annotated[
        str | None, Query(max_length=2000, description=f"comma separated, at most {filters.MAX_CODES}")
    ] = None,
    start_date: Annotated[str | None, Query(max_length=40, description="W3C, e.g. 2026-03-01T00:00:00+08:00")] = None,
    end_date: Annotated[str | None, Query(max_length=40, description="W3C; at most 90 days after start_date")] = None,
    status: Annotated[str | None, Query(max_length=20, description="open, closed, or both comma separated")] = None,
    page: Annotated[int, Query(ge=1, le=MAX_PAGE, description="extension: the page, from 1")] = 1,
    page_size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="extension: requests per page")] = 1000,
) -> Response:
    """Requests from outside the grid reported in the window, newest first, as the public sees them."""
    output = format_named(fmt)
    shaper = Shaper.now(svc)
    street = jurisdiction(shaper.tree, jurisdiction_id).code
    ids = filters.comma_list(service_request_id, "service_request_id", filters.MAX_IDS)
    if not ids:
        codes = filters.comma_list(service_code, "service_code", filters.MAX_CODES)
        known = _services(svc)
        for code in codes:
            _service(known, code)
        start, end = filters.window(start_date, end_date, now=svc.app.clock.now(), zone=shaper.zone)
        where = Window(
            street, start, end, frozenset(codes), filters.statuses(status), page_size, (page - 1) * page_size
        )
        ids = public_request_ids(svc.engine, where)
    found = []
    for request_id in ids:
        try:
            issue = public_issue(svc, request_id, street)
        except NotFoundError:
            continue  # an id of the list that names no public request of the street is left out
        found.append(shaper.request(issue, events_of(svc, issue)))
    return answer(output, "service_requests", found)


@router.get("/requests/{service_request_id}.{fmt}", response_model=list[ServiceRequest], responses=documented(400, 404))
def get_request(
    service_request_id: RequestId, fmt: Fmt, svc: ServicesDep, jurisdiction_id: Jurisdiction = None
) -> Response:
    output = format_named(fmt)
    shaper = Shaper.now(svc)
    issue = public_issue(svc, service_request_id, jurisdiction(shaper.tree, jurisdiction_id).code)
    return answer(output, "service_requests", [shaper.request(issue, events_of(svc, issue))])


@router.get("/tokens/{token}.{fmt}", response_model=list[TokenAnswer], responses=documented(400, 404))
def get_token(
    token: Annotated[str, Path(description="the token POST requests answered")],
    fmt: Fmt,
    svc: ServicesDep,
    jurisdiction_id: Jurisdiction = None,
) -> Response:
    """The request id behind a token: ours are the same, as ids are assigned at once."""
    output = format_named(fmt)
    issue = public_issue(svc, token, jurisdiction(svc.follower.catch_up(), jurisdiction_id).code)
    return answer(output, "service_requests", [TokenAnswer(service_request_id=str(issue.id), token=str(issue.id))])


def _services(svc: Services) -> dict[str, CategoryEntry]:
    return {c.code: c for c in svc.catalogue.catch_up().categories()}


def _service(known: dict[str, CategoryEntry], code: str) -> CategoryEntry:
    """The category a service code names; an unknown one is bad input here (400), not a missing resource."""
    if code not in known:
        raise InvalidInputError(f"service_code: {code[:40]!r} is not a service: see GET services", field="service_code")
    return known[code]
