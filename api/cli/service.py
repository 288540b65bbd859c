"""Running the service: the HTTP API, the background worker, the watcher, the demo."""

from __future__ import annotations

from typing import Annotated

import typer

from api.cli.session import console, session
from api.logs import configure


def serve(
    demo: Annotated[bool, typer.Option(help="load the demo district first if the store is empty")] = False,
    host: str = "127.0.0.1",
    port: int = 8000,
    worker: Annotated[bool, typer.Option(help="also follow the log, watch deadlines, sign heads")] = True,
    workers: Annotated[
        int, typer.Option(min=1, help="API processes; with more than one, the worker runs as one more process")
    ] = 1,
) -> None:
    """Serve the HTTP API (OpenAPI at /docs); with --no-worker, leave that to `gridgov worker`."""
    import uvicorn

    from api.cli.processes import serve_processes
    from api.http.app import create_app

    if demo:
        load_demo()
    # Built here, not in the app's lifespan, so a store that no longer decodes is refused in one line.
    with session() as built:
        configure(built.settings.log_level)
        if workers == 1:
            # Our middleware writes one JSON line per request; uvicorn's access log would be a second, plainer one.
            app = create_app(lambda: built, background=worker)
            uvicorn.run(app, host=host, port=port, access_log=False, log_config=None)
            return
    # Each API process builds its own services (api/http/factory.py); these only checked the store.
    serve_processes(host, port, workers, follower=worker)


def run_worker() -> None:
    """Follow the log into the read models, watch deadlines and sign tree heads, until stopped."""
    import signal
    import threading

    from api.follow import Worker

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with session() as built:
        configure(built.settings.log_level)
        console.print("worker following the log")
        try:
            Worker(built).run(stop)
        except KeyboardInterrupt:
            stop.set()


def watch(once: Annotated[bool, typer.Option(help="one pass, then exit")] = False) -> None:
    """Record approaching and missed deadlines and escalate overdue issues, until stopped."""
    import time

    from projections.issues.watcher import tick
    from projections.monitoring import watcher as monitoring_watcher
    from projections.reviews import watcher as review_watcher

    with session() as built:
        while True:
            recorded = tick(built.app, built.runner) + monitoring_watcher.tick(built.app, built.runner)
            recorded += review_watcher.tick(built.app, built.runner)
            if once:
                console.print(f"recorded {recorded} deadline events")
                return
            time.sleep(built.settings.poll_seconds)


def demo() -> None:
    """Load the demo district (streets, communities, compounds, buildings, accounts)."""
    load_demo()


def load_demo() -> None:
    from api.demo import load_demo as load

    with session() as built:
        load(built, console)
