"""Where a request belongs: its jurisdiction (a street of the grid) and its grid node.

Our grid nodes carry no boundaries, so neither coordinates nor an address in words can place a
report below its street: without address_id it goes to the street's node, whose grid staff check
it on site and place it. The address we show is the node's names, never the words a sender typed.
"""

from __future__ import annotations

from domain.grid.tree import GridTree, NodeView
from domain.issues.intake import landing_node
from domain.shared.errors import InvalidInputError, NotFoundError

_LISTED = 10  # streets named in a refusal; more are counted


def jurisdiction(tree: GridTree, given: str | None) -> NodeView:
    """The street `jurisdiction_id` names; optional only while the grid has one street (404 if unknown)."""
    streets = tree.streets()
    if given is not None and given.strip():
        found = next((s for s in tree.streets(include_retired=True) if s.code == given.strip()), None)
        if found is None:
            raise NotFoundError(
                f"jurisdiction_id {given[:40]!r} was not found: send one of {_listed(streets)}",
                field="jurisdiction_id",
            )
        return found
    if len(streets) == 1:
        return streets[0]
    if not streets:
        raise InvalidInputError("the grid has no street yet", field="jurisdiction_id")
    raise InvalidInputError(
        f"jurisdiction_id was not provided: this endpoint serves {len(streets)} streets, send one of "
        f"{_listed(streets)}",
        field="jurisdiction_id",
    )


def report_node(tree: GridTree, jurisdiction_id: str | None, address_id: str | None) -> str:
    """The node a new request lands at, by the domain's rule (`landing_node`) in the spec's terms.

    The spec wants jurisdiction_id whenever the endpoint serves several, even beside an address_id,
    and answers an address_id that names no grid node as a bad value (400), not a missing resource.
    """
    street = jurisdiction(tree, jurisdiction_id).code
    try:
        return landing_node(tree, node=address_id, jurisdiction=street, node_field="address_id")
    except NotFoundError as error:
        if error.field != "address_id":
            raise
        raise InvalidInputError(error.message, field="address_id") from None


def address_of(tree: GridTree, code: str) -> str:
    """The node's names from the node up to its street, as the spec orders an address."""
    if code not in tree:
        return code
    return ", ".join(view.name for view in reversed(tree.path(code)))


def _listed(streets: list[NodeView]) -> str:
    named = ", ".join(f"{s.code} ({s.name})" for s in streets[:_LISTED])
    return named + (f" … ({len(streets)} in all)" if len(streets) > _LISTED else "")
