"""How review facts start and stop each unit's answer deadline: one table, read by the review
aggregate and by the review read model alike. The watcher mechanism is the dispatch loop's
(`findings` and `flag` of `domain/issues/deadlines.py`): a key is `answer:<unit>`, like `check_in:CG`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain.issues.deadlines import Deadlines, Finding, findings, flag, key
from domain.reviews.values import ANSWER_STAGE

__all__ = ["RULES", "Deadlines", "Finding", "findings", "flag", "follow"]


def follow(deadlines: Deadlines, event: Any) -> None:
    rule = RULES.get(type(event).__name__)
    if rule is not None:
        rule(deadlines, event)


def _started(d: Deadlines, e: Any) -> None:
    for unit in e.units:
        d[key(ANSWER_STAGE, unit)] = e.answer_due


def _answered(d: Deadlines, e: Any) -> None:
    d.pop(key(ANSWER_STAGE, e.unit), None)


RULES: dict[str, Callable[[Deadlines, Any], None]] = {
    "ReviewStarted": _started,
    "VerdictReturned": _answered,
}
