"""The short code each event class is stored under, and the long topics that still name it.

Every event class has a permanent explicit topic (`gridgov.issues:Issue.Reported`), the name the
code and the read models use. Stored, the module part repeats on every row and adds nothing, so
events are written under the part after the colon (`Issue.Reported`): the aggregate and event
names, which are unique across the domain (checked below) and say what happened to anyone reading
the raw table. Events written before keep their long topic; both name the same class when read,
and every topic filter matches both (`with_codes`). History is never rewritten, and the Merkle
leaves commit to whatever bytes a row holds.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from eventsourcing.utils import register_topic

from domain.accounts.administrators import Administrators
from domain.accounts.model import Account
from domain.audit.model import AccessRecord
from domain.calendar.settings import CalendarSettings
from domain.catalogue.model import Category, Department
from domain.clients.model import ApiClient
from domain.grid.model import GridNode
from domain.issues.model import Issue
from domain.monitoring.model import MonitoringCase
from domain.pairings.caseload import Caseload
from domain.pairings.model import Pairing
from domain.people.household import Household
from domain.people.model import IdentityClaim, Person
from domain.positions.life import OrganisationLife
from domain.positions.model import CommunityRoster
from domain.rectification.model import RectificationCase
from domain.reviews.model import JointReview, ReviewSlot
from domain.standards.model import HouseholdStandards

AGGREGATES: tuple[type[Any], ...] = (
    AccessRecord,
    Account,
    Administrators,
    ApiClient,
    CalendarSettings,
    Caseload,
    Category,
    CommunityRoster,
    Department,
    GridNode,
    Household,
    HouseholdStandards,
    IdentityClaim,
    Issue,
    JointReview,
    MonitoringCase,
    OrganisationLife,
    Pairing,
    Person,
    RectificationCase,
    ReviewSlot,
)


def _event_classes(aggregate: type[Any]) -> Iterable[type[Any]]:
    prefix = f"{aggregate.TOPIC}."
    for value in vars(aggregate).values():
        if isinstance(value, type) and str(getattr(value, "TOPIC", "")).startswith(prefix):
            yield value


def code_of_topic(topic: str) -> str:
    """`gridgov.issues:Issue.Reported` is stored as `Issue.Reported`."""
    return topic.partition(":")[2]


CODES: dict[str, str] = {
    cls.TOPIC: code_of_topic(cls.TOPIC) for aggregate in AGGREGATES for cls in _event_classes(aggregate)
}
if len(set(CODES.values())) != len(CODES):  # pragma: no cover - a programming error, caught at import
    raise RuntimeError("two event classes would be stored under the same code")
_CLASSES = {cls.TOPIC: cls for aggregate in AGGREGATES for cls in _event_classes(aggregate)}
for _topic, _code in CODES.items():
    register_topic(_code, _CLASSES[_topic])


def stored_topic(topic: str) -> str:
    """What a row written now holds for an event of `topic` (unknown topics are stored as they are)."""
    return CODES.get(topic, topic)


def with_codes(topics: Iterable[str]) -> list[str]:
    """A topic filter that matches rows written under either name."""
    expanded = list(dict.fromkeys(topics))
    expanded.extend(CODES[t] for t in list(expanded) if t in CODES and CODES[t] not in expanded)
    return expanded


def names_topic(stored: str, topic: str) -> bool:
    """Whether a row's stored topic is `topic` under its long or its short name."""
    return stored == topic or stored == CODES.get(topic)
