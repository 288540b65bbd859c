"""A few hundred demo issues driven through the real commands into every state.

Each issue follows a script of steps with delays; the steps of all issues run in time order,
so the log's timestamps only move forward, as they would in a real district.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timedelta
from functools import partial
from uuid import UUID

from api.demo_catalogue import CATEGORIES
from domain.application import GridGov
from domain.shared.clock import ManualClock

# How far each demo issue goes through the loop, and how many end there.
ENDINGS = (
    ("reported", 30),
    ("declined", 10),
    ("registered", 15),
    ("handling", 15),
    ("dispatched", 40),
    ("checked_in", 40),
    ("awaiting_verification", 30),
    ("reworked", 20),
    ("closed", 70),
    ("redispatched", 20),
    ("parked", 10),
)
DESCRIPTIONS = {
    "01.01": "楼道口堆放生活垃圾，气味较大",
    "01.02": "小区门口流动摊贩占道经营",
    "02.01": "屋顶新搭建彩钢板房",
    "03.01": "消防通道被私家车堵塞",
    "04.01": "底商无证经营餐饮",
    "05.01": "夜间装修噪声扰民",
    "06.01": "独居老人生活困难需要救助",
}
Step = tuple[float, Callable[[], object]]  # hours after the previous step, and the command


def load_issues(
    app: GridGov,
    clock: ManualClock,
    buildings: list[tuple[str, str]],
    end: datetime,
    reported: Callable[[], None],
    endings: Sequence[tuple[str, int]] = ENDINGS,
    numbered_from: int = 0,
) -> None:
    """`buildings` pairs each building with the worker who reports there; nothing happens after `end`.

    `endings` says how many issues end in each state (the benchmarks scale the demo's mix);
    `numbered_from` numbers them on from an earlier call (their retry keys are `demo-N`).
    """
    rng = random.Random(12345 + numbered_from)
    plan = [ending for ending, count in endings for _ in range(count)]
    rng.shuffle(plan)
    start = clock.now()
    spacing = (end - start) / (len(plan) + 1)
    queue: list[tuple[datetime, int, Callable[[], object], Iterator[Step]]] = []
    for n, ending in enumerate(plan):
        script = _script(app, numbered_from + n, ending, rng.choice(buildings), rng)
        _, first = next(script)
        queue.append((start + spacing * n, n, first, script))
    heapq.heapify(queue)
    while queue:
        at, n, action, script = heapq.heappop(queue)
        if at > end:
            continue
        clock.set(at)
        action()
        if n >= 0:
            reported()
        following = next(script, None)
        if following is not None:
            heapq.heappush(queue, (at + timedelta(hours=following[0]), -1 - n if n >= 0 else n, following[1], script))
    clock.set(end)


def _script(app: GridGov, n: int, ending: str, place: tuple[str, str], rng: random.Random) -> Iterator[Step]:
    building, worker = place
    code, _, _, _, departments, _ = rng.choice(CATEGORIES)
    held: list[UUID] = []

    def report() -> None:
        issue, _ = app.report_issue(
            node=building, category=code, description=DESCRIPTIONS[code], actor=worker, retry_key=f"demo-{n}"
        )
        held.append(issue.id)

    def soon(hours: float = 2) -> float:
        return rng.uniform(0.1, hours)

    yield 0, report
    if ending == "reported":
        return
    if ending == "declined":
        yield soon(), lambda: app.decline_issue(held[0], actor="demo", reason="不属于网格管理范围")
        return
    yield soon(), lambda: app.accept_issue(held[0], actor="demo", reason="立案")
    if ending == "registered":
        return
    if ending == "parked":
        yield soon(), lambda: app.park(held[0], actor="demo", reason="季节性问题，待来年春季处理")
        return
    if ending == "handling" and code in ("01.01", "05.01"):
        yield soon(), lambda: app.handle_in_grid(held[0], actor="demo", reason="网格自行处置")
        return
    lead, *co = departments
    kind = rng.choice(["routine", "routine", "hard_case", "emergency"])
    yield (
        soon(1),
        lambda: app.blow_whistle(
            held[0], kind=kind, lead=lead, co_handlers=co, actor="demo", reason="网格无法解决，吹哨"
        ),
    )
    if ending in ("dispatched", "handling"):
        return
    if ending == "redispatched":
        other = next(code for code in ("ZJ", "CG", "SCJG") if code not in departments)
        yield soon(1), lambda: app.return_dispatch(held[0], department=lead, actor="demo", reason="不属于本部门职责")
        yield (
            soon(1),
            lambda: app.redispatch(held[0], from_department=lead, to_department=other, actor="demo", reason="改派"),
        )
        return
    for department in departments:
        yield soon(1), partial(_department_step, app.check_in, held, department, reason="报到")
    if ending == "checked_in":
        return
    for department in departments:
        yield soon(30), partial(_department_step, app.feed_back, held, department, result="已处置完毕", reason="反馈")
    if ending == "awaiting_verification":
        return
    if ending == "reworked" or rng.random() < 0.2:
        yield (
            soon(6),
            lambda: app.verify(held[0], passed=False, departments=None, actor="demo", reason="现场核查未解决"),
        )
        if ending == "reworked":
            return
        for department in departments:
            yield (
                soon(12),
                partial(_department_step, app.feed_back, held, department, result="返工后已解决", reason="反馈"),
            )
    yield soon(6), lambda: app.verify(held[0], passed=True, departments=None, actor="demo", reason="现场核查通过")
    yield soon(), lambda: app.close_issue(held[0], actor="demo", reason="结案")
    for department in departments:
        rating = rng.choice(["satisfied", "satisfied", "basically_satisfied", "unsatisfied"])
        yield soon(), partial(_department_step, app.rate, held, department, rating=rating, reason="街道评价")


def _department_step(command: Callable[..., object], held: list[UUID], department: str, **fields: str) -> object:
    return command(held[0], department=department, actor="demo", **fields)
