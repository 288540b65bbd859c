"""What the rectification pages show of a case beyond the API's answer: the stages' names and the
steps reached, a date deadline as a moment to count down to, and the forms a caller may use now.

Which forms comes from the domain: the transition table (`ALLOWED`, in the answer's `allowed`) and
the permission table (`authorize`), as the API's own dependency asks them; so a page never offers
what the API would refuse this caller in this stage.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from markupsafe import Markup

from api.console.render import BEIJING
from api.http.deps import writer
from api.http.schemas.rectification import LedgerItemOut, RectificationCaseOut
from domain.accounts.permissions import Target
from domain.accounts.principal import Principal
from domain.grid.tree import GridTree
from domain.rectification.permissions import authorize
from domain.rectification.status import ITEM_COMMANDS, CaseStage, RectificationCommand, StageStep
from domain.shared.errors import DomainError

C = RectificationCommand
# Not in labels.ZH: "in_progress" and "closed" equal codes of issues there, which keep their names.
STAGES: dict[CaseStage, str] = {
    CaseStage.IDENTIFIED: "排查认定",
    CaseStage.PLAN_APPROVED: "方案已审定",
    CaseStage.IN_PROGRESS: "整改中",
    CaseStage.SELF_EVALUATION: "自评",
    CaseStage.PRELIMINARY_ACCEPTANCE: "初验",
    CaseStage.ASSESSMENT_ACCEPTANCE: "评估验收",
    CaseStage.CLOSED: "验收通过",
}
STEPS = tuple(C(step.value) for step in StageStep)
# The other forms on the case itself, in the order a clerk meets them.
CASE_FORMS = (*STEPS, C.ADD_ITEM, C.RECORD_SCORE, C.RECORD_VOTES, C.PUBLISH_NOTICE, C.REINSPECT)


def stage_term(stage: CaseStage | str) -> Markup:
    """A stage as `term` shows a code: its Chinese name, the code for the English toggle."""
    code = CaseStage(stage)
    return Markup('<span class="term" title="{0}">{1}<span class="en" lang="en"> {0}</span></span>').format(
        code.value, STAGES[code]
    )


def due(day: date | None) -> str | None:
    """A date deadline as the moment it runs out: the end of that day in Beijing, in UTC (a ledger
    item turns red the day after its deadline, `domain/rectification/ledger.py`)."""
    if day is None:
        return None
    end = datetime.combine(day + timedelta(days=1), time(), BEIJING)
    return end.astimezone(UTC).isoformat().replace("+00:00", "Z")


@dataclass(frozen=True)
class Step:
    stage: CaseStage
    reached: datetime | None  # when the case last entered it; None while still ahead
    current: bool


def steps(case: RectificationCaseOut) -> list[Step]:
    """The stages in order with the moment each was last reached; a failure that sent the case
    back to in progress clears the later ones, as they are to be gone through again."""
    reached: dict[CaseStage, datetime] = {CaseStage.IDENTIFIED: case.identified_at}
    order = list(CaseStage)
    for move in case.history:
        reached = {s: at for s, at in reached.items() if order.index(s) < order.index(move.stage)}
        reached[move.stage] = move.at
    return [Step(s, reached.get(s), s == case.stage) for s in order]


@dataclass(frozen=True)
class Offer:
    """The forms this caller may use on the case now: on the case, per ledger item, on its notices."""

    case: list[RectificationCommand] = field(default_factory=list)
    items: dict[str, list[RectificationCommand]] = field(default_factory=dict)
    feedback: bool = False

    def __contains__(self, command: object) -> bool:
        return command in self.case

    @property
    def anything(self) -> bool:
        return bool(self.case or self.feedback or any(self.items.values()))


def offer(principal: Principal, tree: GridTree, case: RectificationCaseOut) -> Offer:
    try:
        writer(principal)  # auditors change nothing, whatever else the tables say
    except DomainError:
        return Offer()
    here = Target(f"rectification case {case.id}", case.node)

    def may(command: RectificationCommand, target: Target = here) -> bool:
        if command not in case.allowed:
            return False
        try:
            authorize(command, principal, tree, target)
        except DomainError:
            return False
        return True

    def on_item(item: LedgerItemOut) -> list[RectificationCommand]:
        label = f"item {item.id} of rectification case {case.id}"
        return [
            command
            for command, (helper, states) in ITEM_COMMANDS.items()
            if item.state in states and may(command, Target(label, case.node, helper=getattr(item, helper)))
        ]

    return Offer(
        case=[c for c in CASE_FORMS if may(c)],
        items={item.id: on_item(item) for item in case.items},
        feedback=may(C.GIVE_FEEDBACK),
    )
