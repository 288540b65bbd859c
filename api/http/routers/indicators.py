"""Indicators with deadlines over HTTP: the definitions, and a grid node's scorecard (JSON or XLSX).

The definitions are `DEFINITIONS` in domain/indicators/definitions.py, judged by
domain/indicators/judging.py; what each one counts is `MEASURES` in projections/indicators/measures.py.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Response

from api.http.deps import PrincipalDep, ServicesDep, TreeDep
from api.http.fresh import fresh
from api.http.schemas.common import Limit, Offset
from api.http.schemas.indicators import (
    IndicatorDeadline,
    IndicatorNodeScore,
    IndicatorOut,
    IndicatorPage,
    IndicatorScore,
    NodeScorecard,
)
from domain.accounts.principal import GRID_ROLES
from domain.indicators.definitions import DEFINITIONS, Indicator, definitions_on
from domain.shared.errors import InvalidInputError, NotFoundError
from projections.indicators.scorecard import Scorecard, scorecard
from projections.indicators.sheet import scorecard_xlsx
from projections.indicators.source import Source

router = APIRouter(prefix="/api/v1", tags=["indicators"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EARLIEST = date(2000, 1, 1)
OnParam = Annotated[date | None, Query(description="the district's date to judge (today if omitted), not ahead")]
CodeParam = Annotated[str, Path(min_length=1, max_length=40, description="a grid node's code")]
READ_MODELS = fresh("issues", "standards", "pairings", "people", "positions")  # what the measures read
AS_XLSX: dict[int | str, dict[str, object]] = {
    200: {"content": {XLSX: {}}, "description": "the scorecard; as XLSX, a workbook with Chinese headers"}
}


def _day(svc: ServicesDep, on: OnParam = None) -> date:
    today = svc.app.today()
    if on is not None and on > today:
        raise InvalidInputError(f"on is after today ({today.isoformat()}): the future has no answer yet", field="on")
    if on is not None and on < EARLIEST:
        raise InvalidInputError(f"on is before {EARLIEST.isoformat()}: send a later date", field="on")
    return on or today


DayDep = Annotated[date, Depends(_day)]


@router.get("/indicators")
def list_indicators(
    principal: PrincipalDep, on: OnParam = None, limit: Limit = 50, offset: Offset = 0
) -> IndicatorPage:
    """Every version of every definition, or with `on` the versions in force that day; any role may read them."""
    found = list(DEFINITIONS) if on is None else definitions_on(on)
    return IndicatorPage(total=len(found), items=[indicator_out(one) for one in found[offset : offset + limit]])


@router.get("/grid/nodes/{code}/scorecard", response_model=NodeScorecard, dependencies=[READ_MODELS], responses=AS_XLSX)
def node_scorecard(
    code: CodeParam, svc: ServicesDep, principal: PrincipalDep, tree: TreeDep, on: DayDep,
    format: Literal["json", "xlsx"] = "json",
) -> NodeScorecard | Response:  # fmt: skip
    """Every indicator judged at or above this node's level: the value over its subtree on the day, the
    threshold in force, pass/miss/not_due/no_data, and the nodes of the indicator's level below that miss."""
    card = _scorecard(svc, principal, tree, code, on)
    return _xlsx(card) if format == "xlsx" else scorecard_out(card)


@router.get("/grid/nodes/{code}/scorecard.xlsx", dependencies=[READ_MODELS], responses=AS_XLSX)
def node_scorecard_xlsx(
    code: CodeParam, svc: ServicesDep, principal: PrincipalDep, tree: TreeDep, on: DayDep
) -> Response:
    """The scorecard as a workbook: a sheet of indicators and a sheet of the nodes below that miss."""
    return _xlsx(_scorecard(svc, principal, tree, code, on))


def _scorecard(svc: ServicesDep, principal: PrincipalDep, tree: TreeDep, code: str, on: date) -> Scorecard:
    if code not in tree:
        raise NotFoundError(f"no grid node with code {code!r}", field="code")
    allowed = principal.sees_everything or principal.covers(tree, code, *GRID_ROLES)
    principal.require(allowed, f"read the scorecard of {code}")
    zone = svc.app.calendar().zone
    return scorecard(Source(svc.engine, tree, svc.app.policy, zone, svc.app.clock.now()), code, on)


def _xlsx(card: Scorecard) -> Response:
    name = f"scorecard-{card.node.code}-{card.on.isoformat()}.xlsx"
    return Response(
        scorecard_xlsx(card), media_type=XLSX, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


def indicator_out(one: Indicator) -> IndicatorOut:
    return IndicatorOut(
        code=one.code, version=one.version, effective_from=one.effective_from, name_zh=one.name_zh,
        name_en=one.name_en, measure=one.measure, unit=one.unit, comparison=one.comparison,
        comparison_symbol=one.comparison.symbol, threshold=one.threshold,
        deadlines=[IndicatorDeadline(month=d.month, day=d.day, threshold=d.threshold) for d in one.deadlines],
        level=one.level.label, level_zh=one.level.chinese, source=one.source,
    )  # fmt: skip


def scorecard_out(card: Scorecard) -> NodeScorecard:
    items = [
        IndicatorScore(
            code=s.indicator.code,
            version=s.indicator.version,
            name_zh=s.indicator.name_zh,
            name_en=s.indicator.name_en,
            unit=s.indicator.unit,
            comparison=s.indicator.comparison,
            value=s.value,
            threshold=s.target.threshold,
            due_on=s.target.due_on,
            next_due_on=s.target.next_due_on,
            next_threshold=s.target.next_threshold,
            verdict=s.verdict,
            judged_below=s.judged_below,
            missing_below=[
                IndicatorNodeScore(code=n.code, name=n.name, value=n.value, verdict=n.verdict) for n in s.missing_below
            ],
        )
        for s in card.scores
    ]
    return NodeScorecard(node=card.node.code, name=card.node.name, level=card.node.level.label, on=card.on, items=items)
