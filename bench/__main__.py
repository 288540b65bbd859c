"""`python -m bench [--quick]`: the figures at three sizes, each beside its raw baseline.

Writes docs/benchmarks.md (or prints only, with --no-write). SQLite always; PostgreSQL as well
when GRIDGOV_BENCH_PG_URL names a server database to create scratch databases on.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import tempfile
import time
from importlib.metadata import version
from pathlib import Path
from typing import Any

from rich.console import Console

from api.bootstrap import bootstrap
from api.settings import Settings
from bench.city import bytes_per_event, commands, grid_tree
from bench.figures import rebuild, time_travel, verification
from bench.workload import START, build
from domain.shared.clock import ManualClock

console = Console()


def run_size(issues: int, repeats: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        clock = ManualClock(START)
        services = bootstrap(Settings(data_dir=Path(folder)), clock=clock)
        try:
            started = time.perf_counter()
            ids = build(services, clock, issues)
            built = time.perf_counter() - started
            services.catch_up()
            events = services.app.recorder.max_notification_id() or 0
            travel = time_travel(services, ids, samples=50 if repeats == 1 else 200)
            rebuilds = [rebuild(services) for _ in range(repeats)]
            stored = bytes_per_event(services)
            command = commands(services, "110101001001001001", 50 if repeats == 1 else 200)
            verifies = [verification(services) for _ in range(repeats)]
        finally:
            services.close()
    return {
        "issues": issues,
        "events": events,
        "build_s": built,
        "travel": travel,
        "rebuild": rebuilds,
        "verify": verifies,
        "stored": stored,
        "commands": command,
    }


def _median_spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"


def report(results: list[dict[str, Any]], tree: dict[str, Any], command: str) -> str:
    lines = [
        "# Benchmarks",
        "",
        f"Command: `{command}` — machine: {platform.machine()}, {platform.processor() or 'cpu'}, "
        f"Python {platform.python_version()}, eventsourcing {version('eventsourcing')}, "
        f"SQLAlchemy {version('sqlalchemy')}; backend: SQLite files (WAL).",
        "",
        "Ratios are ours ÷ raw baseline in the same run (higher is better); medians of the repeats with (min–max).",
        "",
        "| issues | events | issue as of T p50 / p99 ms | queue as of T p50 / p99 ms | rebuild events/s "
        "(raw) | rebuild ratio | verify ratio vs hashlib |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        travel = r["travel"]
        lines.append(
            f"| {r['issues']} | {r['events']} | {travel['issue_as_of']['p50_ms']:.2f} / "
            f"{travel['issue_as_of']['p99_ms']:.2f} | {travel['queue_as_of']['p50_ms']:.1f} / "
            f"{travel['queue_as_of']['p99_ms']:.1f} | "
            f"{statistics.median(x['ours_events_per_s'] for x in r['rebuild']):,.0f} "
            f"({statistics.median(x['raw_events_per_s'] for x in r['rebuild']):,.0f}) | "
            f"{_median_spread([x['ratio'] for x in r['rebuild']])} | "
            f"{_median_spread([x['ratio'] for x in r['verify']])} |"
        )
    lines += [
        "",
        "| issues | report command p50 / p99 ms (raw one-row commit) | commands/s (raw) | ratio | bytes per event "
        "on disk (JSON payload) | disk ÷ payload |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        c, b = r["commands"], r["stored"]
        lines.append(
            f"| {r['issues']} | {c['ours']['p50_ms']:.2f} / {c['ours']['p99_ms']:.2f} "
            f"({c['raw']['p50_ms']:.2f} / {c['raw']['p99_ms']:.2f}) | {c['ours_per_s']:,.0f} ({c['raw_per_s']:,.0f}) | "
            f"{c['ratio']:.2f} | {b['disk_per_event']:,.0f} ({b['payload_per_event']:,.0f}) | {b['ratio']:.2f} |"
        )
    lines += [
        "",
        f"Grid tree of {tree['nodes']:,} nodes: our GridTree built in {tree['ours_s']:.2f} s, networkx's own build "
        f"of the same edges {tree['networkx_s']:.2f} s (ratio {tree['ours_s'] / tree['networkx_s']:.1f}×), a dict "
        f"index {tree['dict_s']:.2f} s; path p50 {1000 * tree['path']['p50_ms']:.1f} µs, p99 "
        f"{1000 * tree['path']['p99_ms']:.1f} µs; compound subtree p50 {1000 * tree['subtree']['p50_ms']:.1f} µs.",
        "",
        "How the cost grows with history: an issue as of T replays only that issue's own events, so "
        "it stays flat as the log grows; a queue as of T replays the issue events of the whole log up "
        "to T into a scratch database, so it grows linearly with history (checkpointed read models "
        "are the next step, tracked in issue 5).",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--quick", action="store_true", help="small sizes, one repeat: under a minute")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md alone")
    args = parser.parse_args()
    sizes, repeats = ((20, 60, 150), 1) if args.quick else ((200, 800, 2000), 3)
    results = []
    for issues in sizes:
        console.print(f"[bold]{issues} issues[/bold]")
        results.append(run_size(issues, repeats))
    tree = grid_tree(0.05 if args.quick else 1.0)
    command = "python -m bench" + (" --quick" if args.quick else "")
    text = report(results, tree, command)
    console.print(text)
    if not args.no_write:
        Path("docs/benchmarks.md").write_text(text)


if __name__ == "__main__":
    main()
