"""Service types are the catalogue's categories (subclasses); a definition lists what to send with one.

Every category takes one optional attribute, `urgency` (normal or urgent, as the grid's own
reports do): an urgent report is flagged on the grid's board, its deadlines stay the category's.
An attribute[…] the definition does not list, or a value it does not offer, is refused, naming
it, rather than silently dropped.
"""

from __future__ import annotations

from api.console.labels import chinese
from api.http.open311.schemas import Attribute, AttributeValue, Datatype, Service
from domain.issues.values import Urgency
from domain.shared.errors import InvalidInputError
from projections.catalogue import CategoryEntry

URGENCY = "urgency"


def attributes_of(category: CategoryEntry) -> list[Attribute]:
    return [
        Attribute(
            variable=True,
            code=URGENCY,
            datatype=Datatype.SINGLEVALUELIST,
            required=False,
            datatype_description=None,
            order=1,
            description="紧急程度 (urgency)",
            values=[AttributeValue(key=str(u), name=chinese(u)) for u in Urgency],
        )
    ]


def service_of(category: CategoryEntry, departments: dict[str, str]) -> Service:
    names = [departments.get(code, code) for code in category.departments]
    handled = f"（{'、'.join(names)}办理）" if names else ""
    title = category.name if category.major == category.name else f"{category.major} · {category.name}"
    return Service(
        service_code=category.code,
        service_name=category.name,
        description=title + handled,
        metadata=bool(attributes_of(category)),
        type="realtime",
        keywords=", ".join(dict.fromkeys([category.name, category.major, *names])),
        group=category.major,
    )


def check_attributes(category: CategoryEntry, given: dict[str, list[str]]) -> str:
    """The urgency sent (normal if none); refuses (400) an attribute or value the definition lacks."""
    offered = {a.code: {v.key for v in a.values} for a in attributes_of(category)}
    problems: list[dict[str, object]] = []
    for code, values in given.items():
        if code not in offered:
            problems.append({"field": f"attribute[{code}]", "reason": f"service {category.code} takes no {code}"})
        elif len(values) != 1 or values[0] not in offered[code]:
            keys = ", ".join(sorted(offered[code]))
            problems.append({"field": f"attribute[{code}]", "reason": f"send one of {keys}"})
    if problems:
        raise InvalidInputError("; ".join(f"{p['field']}: {p['reason']}" for p in problems), details=problems)
    return given.get(URGENCY, [str(Urgency.NORMAL)])[0]
