"""The auditor's bench: the trail searched by entity, actor, node, kind and time, with exports and
a proof badge on every event; the issue timeline and the "as of" views hang off the same router."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from api.console import audit_as_of, audit_issue
from api.console.audit_forms import HELPERS, SEARCH_ERRORS, moment, problem
from api.console.render import page
from api.console.viewer import ViewerDep
from api.http.deps import ServicesDep
from api.http.routers import audit
from api.http.schemas.audit import TrailQuery
from api.http.schemas.common import MAX_POSITION
from domain.audit.kinds import EntityKind
from projections.audit.summaries import TEMPLATES
from projections.timeline.summaries import TEMPLATES as ISSUE_TEMPLATES

router = APIRouter(prefix="/console", include_in_schema=False)
PAGE = 50
FORMATS = ("csv", "xlsx", "jsonl")
# Offered as suggestions in the kind field; the API still accepts any kind it can spell.
EVENT_KINDS = sorted({*TEMPLATES, *(f"{EntityKind.ISSUE}.{name}" for name in ISSUE_TEMPLATES)})
Text = Annotated[str, Query(max_length=60)]


@router.get("/audit")
def trail(
    request: Request,
    viewer: ViewerDep,
    svc: ServicesDep,
    entity_kind: Text = "",
    entity_id: Text = "",
    actor: Text = "",
    node: Text = "",
    kind: Text = "",
    start: Annotated[str, Query(alias="from", max_length=40)] = "",
    end: Annotated[str, Query(alias="to", max_length=40)] = "",
    after: Annotated[int, Query(ge=0, le=MAX_POSITION)] = 0,
) -> HTMLResponse:
    form = {"entity_kind": entity_kind, "entity_id": entity_id, "actor": actor, "node": node, "kind": kind}
    form |= {"from": start, "to": end}
    context: dict[str, Any] = {"form": form, "kinds": list(EntityKind), "event_kinds": EVENT_KINDS, **HELPERS}
    try:
        given = {k: v.strip() or None for k, v in form.items()} | {
            "from": moment(start, "from"),
            "to": moment(end, "to"),
        }
        filters = TrailQuery.model_validate(given)
        found = audit.events(svc=svc, principal=viewer.principal, filters=filters, after=after, limit=PAGE)
    except SEARCH_ERRORS as error:
        status, context["problem"] = problem(error)
        return page(request, "audit/trail.html", viewer, status, **context, entries=[])
    sent = filters.model_dump(mode="json", by_alias=True, exclude_none=True)
    exports = {f: "/api/v1/audit/events/export?" + urlencode({**sent, "format": f}) for f in FORMATS}
    kept = {k: v for k, v in form.items() if v}
    more = None if found.next_after is None else "?" + urlencode({**kept, "after": found.next_after})
    first = "?" + urlencode(kept) if after else None
    return page(
        request, "audit/trail.html", viewer, **context, entries=found.items, exports=exports, more=more, first=first
    )


router.include_router(audit_issue.router)
router.include_router(audit_as_of.router)
