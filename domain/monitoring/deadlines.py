"""How each monitoring fact starts and stops a case's deadlines: one table, read by the case
aggregate and by the monitoring board alike, so what the watcher checks and what the board shows
cannot drift.

The watcher mechanism is the dispatch loop's: `findings` and `flag` of `domain/issues/deadlines.py`
decide what is near or missed and how each is remembered, so both features warn, miss and escalate
by one rule. A key is a `Stage` (no department part). Limits: `domain/monitoring/policy.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain.issues.deadlines import Deadlines, Finding, findings, flag
from domain.monitoring.status import Step
from domain.monitoring.values import Stage

__all__ = ["NEXT_STAGE", "OWN_STAGE", "RULES", "Deadlines", "Finding", "findings", "flag", "follow"]

# A step with a limit of its own stops it when recorded; a passed step starts the next one's.
OWN_STAGE: dict[Step, Stage] = {
    Step.ACCEPT_APPLICATION: Stage.ACCEPT_APPLICATION,
    Step.HOME_CHECK: Stage.HOME_CHECK,
    Step.DATA_COMPARISON: Stage.DATA_COMPARISON,
}
NEXT_STAGE: dict[Step, Stage] = {
    Step.ACCEPT_APPLICATION: Stage.HOME_CHECK,
    Step.HOME_CHECK: Stage.DATA_COMPARISON,
}


def follow(deadlines: Deadlines, event: Any) -> None:
    """Changes `deadlines` as the fact `event` says; facts that touch no deadline leave it alone."""
    rule = RULES.get(type(event).__name__)
    if rule is not None:
        rule(deadlines, event)


def _opened(d: Deadlines, e: Any) -> None:
    d[Stage.PIPELINE] = e.pipeline_due
    if e.accept_due is not None:
        d[Stage.ACCEPT_APPLICATION] = e.accept_due
    if e.home_check_due is not None:
        d[Stage.HOME_CHECK] = e.home_check_due


def _step(d: Deadlines, e: Any) -> None:
    step = Step(e.step)
    own = OWN_STAGE.get(step)
    if own is not None:
        d.pop(own, None)
    if not e.passed or step is Step.APPROVAL:  # closed as not enrolled, or decided: nothing more is due
        d.clear()
    elif e.next_due is not None and step in NEXT_STAGE:
        d[NEXT_STAGE[step]] = e.next_due


RULES: dict[str, Callable[[Deadlines, Any], None]] = {
    "ClueReceived": _opened,
    "ApplicationReviewed": _step,
    "HomeChecked": _step,
    "DataCompared": _step,
    "DemocraticallyReviewed": _step,
    "NoticeConcluded": _step,
    "TownshipReviewed": _step,
    "EnrolmentDecided": _step,
}
