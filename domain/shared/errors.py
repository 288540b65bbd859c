"""One tree of domain errors; the API maps each class to one HTTP status in one table."""

from __future__ import annotations


class DomainError(Exception):
    """A command was refused; the message says why in words a user understands."""

    def __init__(
        self, message: str, *, field: str | None = None, details: list[dict[str, object]] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.details = details or ([{"field": field, "reason": message}] if field else [])


class NotFoundError(DomainError):
    """The thing the command or query names does not exist."""


class AlreadyExistsError(DomainError):
    """A create command names a key that is already taken."""


class ConflictError(DomainError):
    """Someone else changed the aggregate first: reload and decide again."""


class InvalidInputError(DomainError):
    """A value breaks a rule of the domain (format, level, range)."""


class ForbiddenError(DomainError):
    """The caller is signed in but this is outside their role or scope."""


class IllegalTransitionError(DomainError):
    """The command is not allowed in the aggregate's current state."""

    def __init__(self, message: str, *, state: str, allowed: list[str]) -> None:
        super().__init__(message)
        self.state = state
        self.allowed = allowed


class RateLimitedError(DomainError):
    """The sender has sent as much as a rule allows for now; the message says when to try again."""
