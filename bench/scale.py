"""`python -m bench.scale`: the growth figures at 10k, 100k and 1M events, on stores kept between runs.

The demo district's history is grown through the Application (the lifecycle mix of
`bench/workload.py`, issue after issue on a manual clock) until the log holds each size; a copy
of the store is kept at each size in var/bench/scale_SIZE-BACKEND, so a later run measures the
same three stores without generating them again (delete the folders to regenerate). At each
size: one issue as of T and a department queue as of T (p50/p99), the rebuild of every read model
and the Merkle verification against their raw baselines, and bytes on disk per event.
Writes its backends' sections of docs/scale.md, keeping the other backend's (or only prints, --no-write).
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import psycopg
from rich.console import Console
from rich.progress import Progress

from api.bootstrap import Services, bootstrap
from api.demo_issues import load_issues
from api.settings import Settings
from bench.city import bytes_per_event
from bench.figures import rebuild, time_travel, verification
from bench.stores import PG_URL, copy_of_kept, kept, postgres_reachable, recreate_database, settle
from bench.workload import START, generate, scaled_mix
from domain.shared.clock import ManualClock
from projections.issues.watcher import tick

STEPS = (10_000, 100_000, 1_000_000)
CHUNK = 1_000  # issues added at most between two looks at the log's size
EVENTS_PER_ISSUE = 10  # about, in the lifecycle mix: so a size is reached without overshooting far
SAMPLES = 200
console = Console(stderr=True)


def _store(backend: str, size: int) -> Settings:
    return kept(backend, f"scale_{size}")


def _exists(settings: Settings) -> bool:
    if settings.is_postgres:
        name = urlsplit(settings.event_store_url).path.lstrip("/")
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        return found is not None and (settings.data_dir / "state.json").exists()
    return (settings.data_dir / "state.json").exists()


def _copy(source: Settings, target: Settings) -> None:
    """The store as it is now, kept under the next size's name before it grows on."""
    if target.data_dir.exists():
        shutil.rmtree(target.data_dir)
    if source.is_postgres:
        template = urlsplit(source.event_store_url).path.lstrip("/")
        recreate_database(target.event_store_url, template=template)
    shutil.copytree(source.data_dir, target.data_dir)


def grow(backend: str, steps: tuple[int, ...]) -> None:
    """Generates what is missing: each size's store, grown from the one before, or on PostgreSQL
    copied from the SQLite store of the same size (the same history, written several times faster)."""
    if all(_exists(_store(backend, size)) for size in steps):
        return
    if backend == "postgresql" and all(_exists(_store("sqlite", size)) for size in steps):
        for size in steps:
            source, target = _store("sqlite", size), _store(backend, size)
            console.print(f"copying the SQLite store of {size:,} events into PostgreSQL")
            shutil.rmtree(target.data_dir, ignore_errors=True)
            target.data_dir.mkdir(parents=True)
            recreate_database(target.event_store_url)
            copy_of_kept(source, target)
            shutil.copy(source.data_dir / "state.json", target.data_dir / "state.json")
            settle(target)
        return
    growing = _store(backend, STEPS[0])
    if growing.is_postgres:
        recreate_database(growing.event_store_url)
    shutil.rmtree(growing.data_dir, ignore_errors=True)
    clock = ManualClock(START)
    services = bootstrap(growing, clock=clock)
    made = generate(services, clock, grid="district", issues=50)
    issued = 50
    try:
        for n, size in enumerate(steps):
            if n:
                services.close()
                _copy(growing, _store(backend, size))
                growing = _store(backend, size)
                services = bootstrap(growing, clock=clock)
            issued = _grow_to(services, clock, made.buildings, issued, size)
            state = {"issued": issued, "clock": clock.now().isoformat(), "buildings": made.buildings}
            (growing.data_dir / "state.json").write_text(json.dumps(state))
            settle(growing)
    finally:
        services.close()


def _grow_to(services: Services, clock: ManualClock, buildings: list[tuple[str, str]], issued: int, size: int) -> int:
    app = services.app
    with Progress(transient=True, console=console) as progress:
        task = progress.add_task(f"growing to {size:,} events", total=size)
        while (events := app.recorder.max_notification_id() or 0) < size:
            progress.update(task, completed=events)
            chunk = max(50, min(CHUNK, (size - events) // EVENTS_PER_ISSUE))
            end = clock.now() + timedelta(minutes=10 * chunk, days=4)
            load_issues(app, clock, buildings, end, lambda: None, scaled_mix(chunk), numbered_from=issued)
            issued += chunk
            services.catch_up()
            tick(app, services.runner)
    return issued


def measure(backend: str, size: int) -> dict[str, Any]:
    settings = _store(backend, size)
    state = json.loads((settings.data_dir / "state.json").read_text())
    services = bootstrap(settings, clock=ManualClock(datetime.fromisoformat(state["clock"])))
    try:
        built = rebuild(services)  # first: time travel then reads the read models as this code builds them
        return {
            "events": services.app.recorder.max_notification_id() or 0,
            "issues": state["issued"],
            "travel": time_travel(services, SAMPLES),
            "rebuild": built,
            "verify": verification(services),
            "stored": bytes_per_event(services),
        }
    finally:
        services.close()


HEADER = [
    "# Growth at scale",
    "",
    "Each size is the demo district's history grown through the Application to that many events "
    "(kept in var/bench/scale_SIZE-BACKEND); ratios are ours ÷ the raw baseline measured in the "
    "same run on the same database. Goals: time travel p99 ≤ 5 ms, rebuild ≥ 0.1, verify ≥ 0.3, "
    "bytes ≤ 1.5. Each backend's section says the run that produced it.",
    "",
]
NOTES = "## Reading these figures"


def render(sizes: list[dict[str, Any]], *, backend: str, command: str, seconds: float) -> str:
    """One backend's section: the command and time of its run, then a row per size."""
    lines = [
        f"## {backend}",
        "",
        f"Produced by `{command}` ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {seconds / 60:.1f} min).",
        "",
        "| events | issues | issue as of T p50 / p99 ms | queue as of T p50 / p99 ms | rebuild events/s (raw) "
        "| rebuild ratio | verify ratio | disk ÷ payload |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in sizes:
        travel, build = r["travel"], r["rebuild"]
        lines.append(
            f"| {r['events']:,} | {r['issues']:,} "
            f"| {travel['issue_as_of']['p50_ms']:.2f} / {travel['issue_as_of']['p99_ms']:.2f} "
            f"| {travel['queue_as_of']['p50_ms']:.2f} / {travel['queue_as_of']['p99_ms']:.2f} "
            f"| {build['ours_events_per_s']:,.0f} ({build['raw_events_per_s']:,.0f}) | {build['ratio']:.3f} "
            f"| {r['verify']['ratio']:.3f} | {r['stored']['ratio']:.2f} |"
        )
    return "\n".join([*lines, ""])


def merged(previous: str, sections: dict[str, str]) -> str:
    """The page with this run's sections in place of the same backends' earlier ones; the other
    backends' sections and the hand-written reading after them are kept as they were."""
    notes = previous.find(NOTES)
    reading = previous[notes:] if notes >= 0 else ""
    kept: dict[str, str] = {}
    for part in (previous[:notes] if notes >= 0 else previous).split("\n## ")[1:]:
        name, _, _ = part.partition("\n")
        kept[name.strip()] = "## " + part.rstrip("\n") + "\n"
    kept |= sections
    body = [kept[name] for name in ("sqlite", "postgresql") if name in kept]
    return "\n".join(HEADER) + "\n" + "\n".join(body) + ("\n" + reading if reading else "")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.split("\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], action="append", help="default: both")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/scale.md alone")
    parser.add_argument("--up-to", type=int, default=STEPS[-1], help="the largest size measured (default 1,000,000)")
    args = parser.parse_args()
    steps = tuple(size for size in STEPS if size <= args.up_to)
    backends = args.backend or ["sqlite", "postgresql"]
    if "postgresql" in backends and not postgres_reachable():
        console.print("[bold red]PostgreSQL is not reachable: its figures are SKIPPED[/bold red]")
        backends.remove("postgresql")
    command = "python -m bench.scale" + "".join(f" --backend {b}" for b in args.backend or [])
    command += f" --up-to {args.up_to}" if args.up_to != STEPS[-1] else ""
    sections: dict[str, str] = {}
    for backend in backends:
        started = time.perf_counter()
        grow(backend, steps)
        sizes = []
        for size in steps:
            console.print(f"[bold]{backend}: measuring at {size:,} events[/bold]")
            sizes.append(measure(backend, size))
        sections[backend] = render(sizes, backend=backend, command=command, seconds=time.perf_counter() - started)
        print(sections[backend])
    if not args.no_write:
        page = Path("docs/scale.md")
        page.write_text(merged(page.read_text() if page.exists() else "", sections))


if __name__ == "__main__":
    main()
