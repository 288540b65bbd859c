"""Deterministic aggregate ids: a duplicate create collides on the store's unique key."""

from __future__ import annotations

from uuid import UUID, uuid5

GRIDGOV_NAMESPACE = UUID("5b0c2f8e-6a8f-4d0e-9a35-2f1f6f0c9a11")


def node_id(code: str) -> UUID:
    """The id of the grid node with this city-wide code."""
    return uuid5(GRIDGOV_NAMESPACE, f"grid-node:{code}")


def account_id(username: str) -> UUID:
    """The id of the account with this username (case-folded: 'Admin' is 'admin')."""
    return uuid5(GRIDGOV_NAMESPACE, f"account:{username.casefold()}")


def department_id(code: str) -> UUID:
    return uuid5(GRIDGOV_NAMESPACE, f"department:{code}")


def category_id(code: str) -> UUID:
    return uuid5(GRIDGOV_NAMESPACE, f"category:{code}")


def calendar_id() -> UUID:
    """There is one working calendar for the district."""
    return uuid5(GRIDGOV_NAMESPACE, "calendar")


def issue_id_for(reporter: str, idempotency_key: str) -> UUID:
    """A retried report with the same key maps to the same issue."""
    return uuid5(GRIDGOV_NAMESPACE, f"issue:{reporter}:{idempotency_key}")
