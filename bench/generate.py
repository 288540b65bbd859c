"""`python -m bench.generate`: a synthetic store to serve, inspect or benchmark against.

python -m bench.generate --data var/bench --grid slice --issues 5000 --open 20000
GRIDGOV_DATA_DIR=var/bench gridgov serve --no-worker   # then sign in as admin / bench-pass
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from rich.console import Console

from api.bootstrap import bootstrap
from bench.stores import store_at
from bench.workload import GRIDS, PASSWORD, START, generate
from domain.shared.clock import ManualClock


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="data folder (SQLite files, keys)")
    parser.add_argument("--database-url", default="", help="postgresql://… for the event store and read models")
    parser.add_argument("--grid", choices=sorted(GRIDS), default="district")
    parser.add_argument("--issues", type=int, default=1000, help="issues through the lifecycle mix")
    parser.add_argument("--open", type=int, default=0, help="issues left open in departments' queues")
    args = parser.parse_args()
    settings = store_at(args.data, args.database_url)
    clock = ManualClock(START)
    services = bootstrap(settings, clock=clock)
    console = Console()
    if services.app.recorder.max_notification_id():
        services.close()
        raise SystemExit(f"{args.data}: the store already holds events; generate into an empty one")
    started = time.perf_counter()
    try:
        made = generate(services, clock, grid=args.grid, issues=args.issues, open_issues=args.open)
        events = services.app.recorder.max_notification_id() or 0
    finally:
        services.close()
    console.print(
        f"{args.grid}: {len(made.buildings):,} buildings, {made.accounts:,} accounts, {made.issues:,} issues, "
        f"{made.open_issues:,} open dispatches, {events:,} events in {time.perf_counter() - started:.0f} s; "
        f"sign in as admin / {PASSWORD}"
    )


if __name__ == "__main__":
    main()
