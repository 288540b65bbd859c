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
