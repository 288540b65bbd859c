"""The acceptance gate: a score and the democratic assessment's votes, judged by a `GateRule`."""

from __future__ import annotations

from dataclasses import dataclass

from domain.rectification.policy import GateRule


@dataclass(frozen=True)
class GateVerdict:
    passed: bool
    reasons: list[str]


def judge(total: int | None, unsatisfied: int | None, cast: int | None, rule: GateRule) -> GateVerdict:
    """Passes at `rule.pass_points` or more, unless more than `rule.veto_share` of the votes cast are unsatisfied."""
    reasons: list[str] = []
    if cast and unsatisfied is not None and unsatisfied > rule.veto_share * cast:
        reasons.append(f"vetoed: {unsatisfied} of {cast} votes unsatisfied (more than {rule.veto_share:.0%})")
    if total is None:
        reasons.append("no score recorded at this stage")
    elif total < rule.pass_points:
        reasons.append(f"scored {total}, below the pass mark of {rule.pass_points}")
    return GateVerdict(not reasons, reasons)
