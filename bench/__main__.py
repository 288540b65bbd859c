"""`python -m bench [--quick]`: every figure of issue 5 beside its raw baseline, on SQLite and PostgreSQL.

Each backend gets three sizes of the same seeded history (the growth curve); repeated figures
report the median and spread of the runs. Writes docs/benchmarks.md (or only prints, --no-write).
PostgreSQL is the server at GRIDGOV_BENCH_PG_URL (default the local one); scratch databases are
created and dropped. The queue figure's store of open dispatches is generated once and kept in
var/bench/ (it takes minutes at 100k); delete the folder to regenerate it.
"""

from __future__ import annotations

import argparse
import platform
import time
from contextlib import ExitStack
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

from rich.console import Console

from api.bootstrap import bootstrap
from api.settings import Settings
from bench.city import bytes_per_event, commands, grid_tree
from bench.figures import rebuild, time_travel, verification
from bench.http import command_load, queue_read
from bench.report import render
from bench.stores import copy_of_kept, kept, postgres_reachable, recreate_database, scratch, settle
from bench.workload import START, generate
from domain.shared.clock import ManualClock

console = Console(stderr=True)


def run_size(backend: str, issues: int, plan: dict[str, Any], http: bool) -> dict[str, Any]:
    """One seeded history on a scratch store, then each figure `plan["repeats"]` times."""
    repeats = plan["repeats"]
    with scratch(backend) as settings:
        clock = ManualClock(START)
        services = bootstrap(settings, clock=clock)
        try:
            started = time.perf_counter()
            made = generate(services, clock, grid="district", issues=issues)
            built = time.perf_counter() - started
            settle(settings)
            events = services.app.recorder.max_notification_id() or 0
            buildings = [b for b, _ in made.buildings]
            result: dict[str, Any] = {
                "issues": issues,
                "events": events,
                "build_events_per_s": events / built,
                "travel": [time_travel(services, plan["samples"]) for _ in range(repeats)],
                "rebuild": [rebuild(services) for _ in range(repeats)],
                "verify": [verification(services) for _ in range(repeats)],
                "commands": [commands(services, buildings, plan["samples"]) for _ in range(repeats)],
                "stored": bytes_per_event(services),
            }
        finally:
            services.close()
        if http:
            result["http"] = http_figures(settings, buildings, plan)
    return result


def http_figures(settings: Settings, buildings: list[str], plan: dict[str, Any]) -> dict[int, list[dict[str, Any]]]:
    """The HTTP report figure on 1 and on 2 API processes, the runs interleaved so that a noisy
    moment of a shared machine does not fall on one of them alone."""
    runs: dict[int, list[dict[str, Any]]] = {processes: [] for processes in plan["http_processes"]}
    for _ in range(plan["repeats"]):
        for processes, each in runs.items():
            each.append(command_load(settings, buildings, seconds=plan["http_seconds"], processes=processes))
    return runs


def compressed_bytes(backend: str, issues: int) -> dict[str, Any]:
    """Bytes per event of the same history written with GRIDGOV_COMPRESS_EVENTS on."""
    with scratch(backend) as plain:
        clock = ManualClock(START)
        services = bootstrap(plain.model_copy(update={"compress_events": True}), clock=clock)
        try:
            generate(services, clock, grid="district", issues=issues)
            return bytes_per_event(services)
        finally:
            services.close()


def queue_figure(backend: str, plan: dict[str, Any], keep: bool) -> dict[str, Any]:
    """The CG queue over HTTP in a store with `plan["open_issues"]` dispatches left open."""
    open_issues, lifecycles = plan["open_issues"], plan["queue_issues"]
    with ExitStack() as stack:
        name = f"queue_{lifecycles}_{open_issues}"
        settings = kept(backend, name) if keep else stack.enter_context(scratch(backend))
        complete = settings.data_dir / "generated"
        if not complete.exists():
            settings.data_dir.mkdir(parents=True, exist_ok=True)
            if settings.is_postgres:
                recreate_database(settings.database_url)
            if keep and settings.is_postgres and copy_of_kept(kept("sqlite", name), settings):
                console.print("  copied from the SQLite store of the same history (gridgov migrate-store)")
            else:
                clock = ManualClock(START)
                services = bootstrap(settings, clock=clock)
                try:
                    generate(services, clock, grid="district", issues=lifecycles, open_issues=open_issues)
                finally:
                    services.close()
            complete.write_text(f"{lifecycles} issues, {open_issues} open\n")
        settle(settings)
        return queue_read(settings, "CG", "dept-cg", plan["samples"])


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, one run each: under a minute")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md alone")
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], action="append", help="default: both")
    args = parser.parse_args()
    quick = args.quick
    plan: dict[str, Any] = {
        "sizes": (30, 60, 120) if quick else (300, 1200, 3000),
        "repeats": 1 if quick else 3,
        "samples": 30 if quick else 200,
        "http_seconds": 1.0 if quick else 8.0,
        "http_processes": (1, 2),
        "open_issues": 1000 if quick else 100_000,
        "queue_issues": 100 if quick else 2000,
        "tree_scale": 0.05 if quick else 1.0,
    }
    backends = args.backend or ["sqlite", "postgresql"]
    if "postgresql" in backends and not postgres_reachable():
        console.print("[bold red]PostgreSQL is not reachable: its figures are SKIPPED[/bold red]")
        backends.remove("postgresql")
    started = time.perf_counter()
    results: dict[str, Any] = {}
    for backend in backends:
        sizes = []
        for n, issues in enumerate(plan["sizes"]):
            console.print(f"[bold]{backend}: {issues} issues[/bold]")
            sizes.append(run_size(backend, issues, plan, http=n == len(plan["sizes"]) - 1))
        console.print(f"[bold]{backend}: a queue with {plan['open_issues']:,} open issues[/bold]")
        queue = queue_figure(backend, plan, keep=not quick)
        compressed = compressed_bytes(backend, plan["sizes"][-1])
        results[backend] = {"sizes": sizes, "queue": queue, "compressed": compressed}
    console.print("[bold]the grid tree at city scale[/bold]")
    trees = sorted((grid_tree(plan["tree_scale"]) for _ in range(plan["repeats"])), key=lambda t: t["ratio"])
    tree = trees[len(trees) // 2] | {"ratios": [t["ratio"] for t in trees]}  # the median run
    command = "python -m bench" + (" --quick" if quick else "") + "".join(f" --backend {b}" for b in args.backend or [])
    text = render(
        results,
        tree,
        plan,
        command=command,
        machine=f"{platform.machine()}, {platform.system()}, Python {platform.python_version()}",
        versions={name: version(name) for name in ("eventsourcing", "sqlalchemy", "fastapi", "uvicorn", "networkx")},
        finished=datetime.now(UTC),
        seconds=time.perf_counter() - started,
    )
    print(text)
    if not args.no_write:
        Path("docs/benchmarks.md").write_text(text)


if __name__ == "__main__":
    main()
