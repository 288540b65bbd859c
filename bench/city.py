"""Figures that need no database history: the grid tree at city scale, commands, bytes per event."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

import networkx as nx

from api.bootstrap import Services
from bench.figures import percentiles, timed
from bench.workload import CITY
from domain.grid.levels import Level
from domain.grid.tree import GridTree


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
        for parent, code in parents.items():
            children.setdefault(code, []).append(parent)

    ours_s, nx_s, dict_s = timed(ours), timed(raw_networkx), timed(raw_dict)
    tree = ours()
    leaves = [c for _, c, level in edges if level == Level.BUILDING][:: max(1, len(edges) // 2000)]
    paths = [timed(lambda c=c: tree.path(c)) for c in leaves]
    compounds = [c for _, c, level in edges if level == Level.COMPOUND][:200]
    subtrees = [timed(lambda c=c: tree.subtree(c)) for c in compounds]
    return {
        "nodes": len(edges),
        "ours_s": ours_s,
        "networkx_s": nx_s,
        "dict_s": dict_s,
        "path": percentiles(paths),
        "subtree": percentiles(subtrees),
    }


def commands(services: Services, building: str, count: int) -> dict[str, Any]:
    """Reporting an issue (a durable commit through the Application) against a raw one-row commit."""
    app = services.app
    ours = [
        timed(lambda: app.report_issue(node=building, category="01.02", description="占道", actor="bench"))
        for _ in range(count)
    ]
    with tempfile.TemporaryDirectory() as folder:
        db = sqlite3.connect(Path(folder) / "raw.db", isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB)")
        payload = os.urandom(300)

        def one() -> None:
            db.execute("BEGIN")
            db.execute("INSERT INTO t (body) VALUES (?)", (payload,))
            db.execute("COMMIT")

        raw = [timed(one) for _ in range(count)]
        db.close()
    return {
        "ours": percentiles(ours),
        "raw": percentiles(raw),
        "ours_per_s": count / sum(ours),
        "raw_per_s": count / sum(raw),
        "ratio": sum(raw) / sum(ours),
    }


def bytes_per_event(services: Services) -> dict[str, Any]:
    app = services.app
    payload, after = 0, 0
    while batch := app.recorder.select_notifications(after, 1000, inclusive_of_start=False):
        payload += sum(len(n.state) for n in batch)
        after = batch[-1].id
    events = app.recorder.max_notification_id() or 1
    path = Path(services.settings.event_store_env()["SQLITE_DBNAME"])
    on_disk = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))  # the file and its WAL
    return {
        "events": events,
        "payload_per_event": payload / events,
        "disk_per_event": on_disk / events,
        "ratio": on_disk / payload,
    }
