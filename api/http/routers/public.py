"""Citizen reports (随手拍) without an account: the report form, its receipt, progress and proof.

These are the only routes that take no sign-in: a resident has no account. What they answer is
bounded by that: the progress view is `domain/issues/public.py`'s (no phone, name, description or
account of anybody), and the inclusion proof, whose record is the stored report itself, is given
only to the holder of the receipt's code (a keyed hash of the request id that nobody else can make).
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from sqlalchemy import select

from api.adapters.photos import MAX_BYTES, MEDIA_TYPES, photo_store, sniff
from api.bootstrap import Services
from api.http.deps import ServicesDep
from api.http.fresh import fresh
from api.http.schemas.audit import ProofBundle
from api.http.schemas.public import PublicRequest, Receipt, Step
from domain.geo.coordinates import CoordinateSystem, check_wgs84, to_wgs84
from domain.issues.intake import DESCRIPTION_MAX, NAME_MAX, Intake, landing_node
from domain.issues.model import Issue
from domain.issues.public import public_view
from domain.shared.errors import InvalidInputError, NotFoundError
from projections.audit.heads import newest_heads
from projections.audit.proofs import inclusion_bundle
from projections.audit.tables import leaves
from projections.audit.trail_table import trail

router = APIRouter(prefix="/public/v1", tags=["citizen reports"])

Short = Annotated[str | None, Form(max_length=200)]
Degrees = Annotated[float | None, Form(ge=-180, le=180, allow_inf_nan=False)]
Code = Annotated[str, Query(min_length=32, max_length=32, pattern=r"^[0-9a-f]{32}$", description="the receipt's code")]


@router.post("/reports", status_code=201)
def report(
    request: Request,
    svc: ServicesDep,
    category: Annotated[str, Form(min_length=1, max_length=40, description="a subclass code (Open311 services)")],
    description: Annotated[str, Form(min_length=1, max_length=DESCRIPTION_MAX)],
    node: Annotated[str | None, Form(max_length=40, description="the grid node, if the resident knows it")] = None,
    street: Annotated[str | None, Form(max_length=40, description="the street's code if several are served")] = None,
    address: Short = None,
    lat: Degrees = None,
    long: Degrees = None,
    coordinate_system: Annotated[CoordinateSystem, Form()] = CoordinateSystem.WGS84,
    phone: Annotated[str | None, Form(max_length=30, description="for a call-back; sealed, never shown")] = None,
    name: Annotated[str | None, Form(max_length=NAME_MAX)] = None,
    photo: Annotated[UploadFile | None, File(description=f"one image, at most {MAX_BYTES >> 20} MiB")] = None,
) -> Receipt:
    """Sends a report; it waits for a grid worker to check it on site (核实). Keep the receipt."""
    svc.intake_limit.admit(request.client.host if request.client else "unknown", svc.app.clock.now())
    if not (node or address or (lat is not None and long is not None)):
        raise InvalidInputError("say where: a grid node, an address, or lat and long", field="address")
    coordinates = None
    if lat is not None and long is not None:
        check_wgs84(long, lat, "lat")
        coordinates = list(to_wgs84(coordinate_system, long, lat))
    place = landing_node(svc.follower.catch_up(), node=node, jurisdiction=street)
    attachments = [_photo(svc, photo)] if photo is not None and photo.filename else []
    issue, _ = svc.app.report_from_outside(
        intake=Intake.CITIZEN,
        node=place,
        category=category,
        description=description,
        address=address or "",
        coordinates=coordinates,
        coordinate_system=str(coordinate_system),
        attachments=attachments,
        phone=phone or None,
        name=name or None,
    )
    view = public_view(issue, _events(svc, issue))
    code = receipt_code(svc, issue.id)
    return Receipt(
        request_id=str(issue.id),
        follow=f"/public/v1/requests/{issue.id}",
        proof=f"/public/v1/requests/{issue.id}/proof?code={code}",
        code=code,
        status=view.status,
        notes=view.notes,
        audit_key=svc.audit_public_key().hex(),
    )


@router.get("/requests/{request_id}")
def progress(request_id: UUID, svc: ServicesDep) -> PublicRequest:
    """A report's progress; anyone holding its id may look (nothing personal is in it)."""
    issue = _public_issue(svc, request_id)
    view = public_view(issue, _events(svc, issue))
    tree = svc.follower.catch_up()
    return PublicRequest(
        request_id=view.id,
        category=view.category,
        category_name=svc.app.category(view.category, shared=True).name,
        status=view.status,
        open311_status=view.open311,
        notes=view.notes,
        place=" / ".join(n.name for n in tree.path(view.node)) if view.node in tree else view.node,
        requested_at=view.requested_at,
        updated_at=view.updated_at,
        expected_at=view.expected_at,
        lead=view.lead,
        steps=[Step(at=s.at, what=s.what, reason=s.reason) for s in view.steps],
    )


@router.get("/requests/{request_id}/proof", dependencies=[fresh("audit_trail", "audit_leaves")])
def proof(request_id: UUID, code: Code, svc: ServicesDep) -> ProofBundle:
    """The report's inclusion proof: check it offline with `gridgov verify-proof FILE --trusted-key HEX`."""
    if not hmac.compare_digest(code, receipt_code(svc, request_id)):
        raise NotFoundError("no report with this id and code", field="code")
    _public_issue(svc, request_id)
    first = select(trail.c.position).where(trail.c.entity_id == str(request_id)).order_by(trail.c.position).limit(1)
    with svc.engine.connect() as conn:
        position = conn.execute(first).scalar_one()
        index = conn.execute(select(leaves.c.leaf_index).where(leaves.c.position == position)).scalar_one()
    newest = _newest_head_size(svc)
    if newest <= index:  # no signed head covers the report yet: sign one now (once per new event at most)
        svc.publish_head()
    return ProofBundle.model_validate(inclusion_bundle(svc.app, svc.engine, position))


def receipt_code(svc: Services, request_id: UUID) -> str:
    """A keyed hash of the request id: the receipt's holder has it, nobody else can make it."""
    key = svc.settings.signing_key().encode()
    return hmac.new(key, b"receipt|" + str(request_id).encode(), hashlib.sha256).hexdigest()[:32]


def _newest_head_size(svc: Services) -> int:
    heads = newest_heads(svc.engine, 1)
    return heads[0].size if heads else 0


def _public_issue(svc: Services, request_id: UUID) -> Issue:
    """The issue, if it came in from outside the grid; grid reports are not public."""
    try:
        issue = svc.app.issue(request_id, field="request_id")
    except NotFoundError:
        raise NotFoundError(f"no public request {request_id}", field="request_id") from None
    if not issue.intake.public:
        raise NotFoundError(f"no public request {request_id}", field="request_id")
    return issue


def _events(svc: Services, issue: Issue) -> list[object]:
    return list(svc.app.repository.event_store.get(issue.id))


def _photo(svc: Services, photo: UploadFile) -> dict[str, str]:
    content = photo.file.read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES:
        raise InvalidInputError(f"the photo is over {MAX_BYTES >> 20} MiB: scale it down", field="photo")
    media_type = sniff(content)
    if media_type is None:
        raise InvalidInputError(f"the photo is not an image of type {', '.join(MEDIA_TYPES)}", field="photo")
    digest, _ = photo_store(svc.engine).put(content, media_type, by="citizen", at=svc.app.clock.now())
    return {"sha256": digest, "name": f"photo.{media_type.removeprefix('image/')}"}
