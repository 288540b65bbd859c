"""`python -m bench.profile FIGURE`: where one figure's time goes, under cProfile.

    python -m bench.profile report      # the report command, 300 times
    python -m bench.profile whistle     # the whistle command on 300 accepted issues
    python -m bench.profile request     # POST /api/v1/issues in-process: auth, tree, rows, command
    python -m bench.profile rebuild     # every read model rebuilt from the log
    python -m bench.profile verify      # Merkle verification of the whole log

Builds the demo district with `--issues` issues on a scratch store first (SQLite, or
`--backend postgresql`; not profiled), then prints the functions that take the most time of their
own, and the heaviest call paths.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
from collections.abc import Callable

from api.bootstrap import Services, bootstrap
from bench.stores import scratch
from bench.workload import START, generate
from domain.shared.clock import ManualClock
from domain.unit_of_work import unit_of_work
from projections.audit.verify import verify_log
from projections.rebuild import rebuild as rebuild_models


def _report(services: Services, buildings: list[str]) -> Callable[[], None]:
    def run() -> None:
        for n in range(300):
            with unit_of_work():
                services.app.report_issue(node=buildings[n], category="01.02", description="占道经营", actor="bench")

    return run


def _whistle(services: Services, buildings: list[str]) -> Callable[[], None]:
    """The whistle on issues reported and accepted beforehand (not profiled), each in its own unit."""
    app, ids = services.app, []
    for n in range(300):
        issue, _ = app.report_issue(node=buildings[n], category="01.02", description="占道经营", actor="bench")
        app.accept_issue(issue.id, actor="bench", reason="立案")
        ids.append(issue.id)

    def run() -> None:
        for issue_id in ids:
            with unit_of_work():
                app.blow_whistle(issue_id, kind="routine", lead="CG", co_handlers=[], actor="bench", reason="吹哨")

    return run


def _request(services: Services, buildings: list[str]) -> Callable[[], None]:
    """The report route's own steps, called in order on one thread (cProfile sees one thread only)."""
    from api.auth.tokens import issue_token
    from api.http.deps import caller
    from api.http.schemas.issues import ReportIssue

    token = issue_token("admin", key=services.settings.signing_key(), now=services.app.clock.now(), minutes=60)

    def run() -> None:
        for n in range(300):
            with unit_of_work():
                body = ReportIssue(node=buildings[n], category="01.02", description="占道经营")
                who = caller(services, token)
                services.follower.catch_up()
                services.app.report_issue(
                    node=body.node,
                    category=body.category,
                    description=body.description,
                    actor=who.username,
                    reason=body.reason,
                )

    return run


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__.split("\n")[0])
    parser.add_argument("figure", choices=["report", "whistle", "request", "rebuild", "verify"])
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--issues", type=int, default=1000)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    with scratch(args.backend) as settings:
        clock = ManualClock(START)
        services = bootstrap(settings, clock=clock)
        try:
            made = generate(services, clock, grid="district", issues=args.issues)
            buildings = [b for b, _ in made.buildings]
            runs: dict[str, Callable[[], Callable[[], object]]] = {
                "report": lambda: _report(services, buildings),
                "whistle": lambda: _whistle(services, buildings),
                "request": lambda: _request(services, buildings),
                "rebuild": lambda: lambda: rebuild_models(services.runner),
                "verify": lambda: lambda: verify_log(services.app, services.engine),
            }
            if args.figure == "verify":
                services.publish_head()
            run = runs[args.figure]()  # its own setup, not profiled
            profile = cProfile.Profile()
            profile.runcall(run)
        finally:
            services.close()
    stats = pstats.Stats(profile)
    stats.sort_stats("tottime").print_stats(args.top)
    stats.sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
