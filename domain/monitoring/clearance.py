"""When a monitored household's risk may be cleared (风险消除), as rules over the case's facts.

County procedures: income stable for at least six months, and the 三保障 items hold; a household
without labour capacity is not cleared (it stays under 兜底 protection). "Stable" here: every income
check of the latest unbroken run is at or above the monitoring line of its own year, and the run
began at least `months` before the clearance date with at least `min_checks` checks in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.shared.dates import add_months
from domain.standards.lines import line_for


@dataclass(frozen=True)
class IncomeCheck:
    checked_on: date
    income_per_person: int  # yuan a year
    recorded_by: str


def stable_run(checks: list[IncomeCheck], on: date) -> list[IncomeCheck]:
    """The latest unbroken run of checks at or above the monitoring line, dated on or before `on`."""
    run: list[IncomeCheck] = []
    for check in sorted((c for c in checks if c.checked_on <= on), key=lambda c: c.checked_on):
        if check.income_per_person >= line_for(check.checked_on.year).monitoring:
            run.append(check)
        else:
            run = []
    return run


def income_refusal(checks: list[IncomeCheck], on: date, *, months: int, min_checks: int) -> str | None:
    """Why income is not yet stable enough on `on`, or None when it is."""
    run = stable_run(checks, on)
    if len(run) < min_checks:
        return (
            f"income is stable once {min_checks} checks in a row are at or above the monitoring line "
            f"({line_for(on.year).monitoring} yuan a person in {on.year}); {len(run)} so far"
        )
    clearable = add_months(run[0].checked_on, months)
    if on < clearable:
        return (
            f"income has been stable since {run[0].checked_on.isoformat()}: at least {months} months are needed, "
            f"so risk may be cleared from {clearable.isoformat()}"
        )
    return None
