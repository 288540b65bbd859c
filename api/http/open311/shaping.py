"""A public request as GeoReport v2 shows it, shaped from the issue's public view and nothing else.

The view (domain/issues/public.py) already leaves out who reported and what they wrote; here its
codes become names: the category's, the lead department's (agency_responsible), the grid node's
path (address). Times are in the district's local time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo
from typing import Any
from uuid import UUID

from api.bootstrap import Services
from api.http.open311.formats import w3c
from api.http.open311.places import address_of
from api.http.open311.schemas import ServiceRequest
from domain.grid.tree import GridTree
from domain.issues.model import Issue
from domain.issues.public import Open311Status, public_view
from domain.shared.errors import NotFoundError
from domain.stored_topics import names_topic

# What happens to a request from outside while it is open (it is checked on site before anything else).
SERVICE_NOTICE = "网格员将到现场核实；属实的立案办理，不属实的在 status_notes 中说明原因。"


@dataclass(frozen=True)
class Shaper:
    tree: GridTree
    categories: dict[str, str]  # code → name
    departments: dict[str, str]
    zone: tzinfo

    @classmethod
    def now(cls, svc: Services) -> Shaper:
        catalogue = svc.catalogue.catch_up()
        return cls(
            tree=svc.follower.catch_up(),
            categories={c.code: c.name for c in catalogue.categories()},
            departments={d.code: d.name for d in catalogue.departments()},
            zone=svc.app.calendar().zone,
        )

    def request(self, issue: Issue, events: list[Any]) -> ServiceRequest:
        view = public_view(issue, events)
        where = view.coordinates
        return ServiceRequest(
            service_request_id=view.id,
            status=view.open311,
            status_notes=view.notes or None,
            service_name=self.categories.get(view.category),
            service_code=view.category,
            description=None,
            agency_responsible=self.departments.get(view.lead, view.lead) if view.lead else None,
            service_notice=SERVICE_NOTICE if view.open311 is Open311Status.OPEN else None,
            requested_datetime=w3c(view.requested_at, self.zone),
            updated_datetime=w3c(view.updated_at, self.zone),
            expected_datetime=w3c(view.expected_at, self.zone) if view.expected_at else None,
            address=address_of(self.tree, view.node),
            address_id=view.node,
            zipcode=None,
            lat=where[1] if where else None,
            long=where[0] if where else None,
            media_url=None,
        )


def public_issue(svc: Services, request_id: str, street: str) -> Issue:
    """The issue behind a public request of `street`; anything else is 404, alike."""
    unknown = NotFoundError(f"no service request {request_id[:60]!r} in jurisdiction {street}", field="id")
    try:
        issue_id = UUID(request_id)
    except ValueError:
        raise unknown from None
    first = svc.app.recorder.select_events(issue_id, limit=1)  # an id may name any aggregate: load issues only
    if not first or not names_topic(first[0].topic, Issue.Reported.TOPIC):
        raise unknown
    issue = svc.app.issue(issue_id)
    if not issue.intake.public or issue.path[0] != street:
        raise unknown
    return issue


def events_of(svc: Services, issue: Issue) -> list[Any]:
    """The issue's stored events, oldest first, as public_view reads them."""
    return list(svc.app.events.get(issue.id))
