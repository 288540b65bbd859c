"""Figures of the write path and the tree: commands beside a raw commit, bytes per event, the city tree."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any
from uuid import UUID

import networkx as nx
import psycopg

from api.adapters.stored_state import PLAIN
from api.bootstrap import Services
from bench.figures import percentiles, timed
from bench.workload import CITY
from domain.grid.levels import Level
from domain.grid.tree import GridTree
from domain.unit_of_work import unit_of_work


def city_edges(scale: float) -> list[tuple[str, str, Level]]:
    streets, communities, compounds, buildings = CITY
    edges: list[tuple[str, str, Level]] = []
    for s in range(max(1, int(streets * scale))):
        street = f"S{s}"
        edges.append(("", street, Level.STREET))
        for c in range(communities):
            community = f"{street}C{c}"
            edges.append((street, community, Level.COMMUNITY))
            for k in range(compounds):
                compound = f"{community}K{k}"
                edges.append((community, compound, Level.COMPOUND))
                edges.extend((compound, f"{compound}B{b}", Level.BUILDING) for b in range(buildings))
    return edges


def grid_tree(scale: float) -> dict[str, Any]:
    """Our tree against networkx's own build of the same edges and a plain dict index."""
    edges = city_edges(scale)

    def ours() -> GridTree:
        tree = GridTree()
        for parent, code, level in edges:
            tree.add(code, code, level, parent or None)
        return tree

    def raw_networkx() -> None:
        graph: nx.DiGraph[str] = nx.DiGraph()
        graph.add_edges_from((p, c) for p, c, _ in edges if p)

    def raw_dict() -> None:
        parents = {c: p for p, c, _ in edges}
        children: dict[str, list[str]] = {}
        for code, parent in parents.items():
            children.setdefault(parent, []).append(code)

    ours_s, nx_s, dict_s = timed(ours), timed(raw_networkx), timed(raw_dict)
    tree = ours()
    leaves = [c for _, c, level in edges if level == Level.BUILDING][:: max(1, len(edges) // 2000)]
    compounds = [c for _, c, level in edges if level == Level.COMPOUND][:200]
    cold = [timed(partial(tree.subtree, c)) for c in compounds]  # the first read of a node builds its view
    paths = [timed(partial(tree.path, c)) for c in leaves]
    subtrees = [timed(partial(tree.subtree, c)) for c in compounds]
    return {
        "nodes": len(edges),
        "ours_s": ours_s,
        "networkx_s": nx_s,
        "dict_s": dict_s,
        "ratio": ours_s / nx_s,
        "path": percentiles(paths),
        "subtree": percentiles(subtrees),
        "subtree_cold": percentiles(cold),
    }


def commands(services: Services, buildings: list[str], count: int) -> dict[str, Any]:
    """Report, whistle and check-in (each a durable commit through the Application) beside a raw commit."""
    app = services.app
    ids: list[UUID] = []

    def report(n: int) -> None:
        issue, _ = app.report_issue(node=buildings[n % len(buildings)], category="01.02", description="占道", actor="b")
        ids.append(issue.id)

    def whistle(n: int) -> None:
        app.blow_whistle(ids[n], kind="routine", lead="CG", co_handlers=[], actor="bench", reason="吹哨")

    def check_in(n: int) -> None:
        app.check_in(ids[n], department="CG", actor="bench", reason="报到")

    figures: dict[str, Any] = {"report": _timed_each(report, count)}
    for issue_id in ids:
        app.accept_issue(issue_id, actor="bench", reason="立案")
    figures["whistle"] = _timed_each(whistle, count)
    figures["check_in"] = _timed_each(check_in, count)
    figures["raw"] = _timed_each(_raw_commit(services), count)
    for name in ("report", "whistle", "check_in"):
        figures[name]["ratio"] = figures[name]["per_s"] / figures["raw"]["per_s"]
    return figures


def _timed_each(command: Callable[[int], None], count: int) -> dict[str, float]:
    samples = [timed(partial(_unit, command, n)) for n in range(count)]
    return {"per_s": count / sum(samples), **percentiles(samples)}


def _unit(command: Callable[[int], None], n: int) -> None:
    """Each command in its own unit of work, as each request is: one look at the log's head."""
    with unit_of_work():
        command(n)


def _raw_commit(services: Services) -> Callable[[int], None]:
    """One 300-byte row per transaction on the same database: WAL with synchronous=FULL, or psycopg."""
    payload = os.urandom(300)
    settings = services.settings
    if settings.is_postgres:
        conn = psycopg.connect(settings.event_store_url)
        conn.execute("CREATE TABLE IF NOT EXISTS bench_raw (id BIGSERIAL PRIMARY KEY, body BYTEA)")
        conn.commit()

        def pg(_: int) -> None:
            conn.execute("INSERT INTO bench_raw (body) VALUES (%s)", (payload,))
            conn.commit()

        return pg
    db = sqlite3.connect(settings.data_dir / "raw.db", isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, body BLOB)")

    def lite(_: int) -> None:
        db.execute("BEGIN")
        db.execute("INSERT INTO t (body) VALUES (?)", (payload,))
        db.execute("COMMIT")

    return lite


def bytes_per_event(services: Services) -> dict[str, Any]:
    """The event store on disk (rows and indexes, WAL checkpointed) against the JSON payload bytes."""
    app = services.app
    payload, after = 0, 0
    while batch := app.recorder.select_notifications(after, 1000, inclusive_of_start=False):
        payload += sum(len(PLAIN.decompress(n.state)) for n in batch)  # the JSON, compressed or not
        after = batch[-1].id
    events = app.recorder.max_notification_id() or 1
    settings = services.settings
    if settings.is_postgres:
        with psycopg.connect(settings.event_store_url) as conn:
            table = getattr(app.recorder, "events_table_name", "stored_events")
            row = conn.execute("SELECT pg_total_relation_size(%s)", (table,)).fetchone()
            on_disk = int(row[0]) if row else 0
    else:
        path = Path(settings.event_store_env()["SQLITE_DBNAME"])
        with sqlite3.connect(path) as db:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        on_disk = path.stat().st_size
    return {
        "events": events,
        "payload_per_event": payload / events,
        "disk_per_event": on_disk / events,
        "ratio": on_disk / payload,
    }
