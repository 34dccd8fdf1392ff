"""What the archive remembers beside the documents: a generation number for each document's
latest change, so that a search index can tell what it has not caught up with, and the access
decisions staff made with ``oral-archive access``, which outlast every re-ingest.

Every function here runs inside the caller's transaction (``Store.transaction``)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable

from archive.access import Decision


def bump(db: sqlite3.Connection, doc_ids: Iterable[str]) -> int:
    """Record that ``doc_ids`` changed (stored, replaced, removed or re-decided) in this
    transaction; returns the new generation, one more than any before."""
    generation = db.execute("SELECT coalesce(max(generation), 0) + 1 FROM changes").fetchone()[0]
    db.executemany("INSERT INTO changes(doc_id, generation) VALUES (?, ?)"
                   " ON CONFLICT(doc_id) DO UPDATE SET generation = excluded.generation",
                   ((doc_id, generation) for doc_id in doc_ids))
    return generation


def generation(db: sqlite3.Connection) -> int:
    return db.execute("SELECT coalesce(max(generation), 0) FROM changes").fetchone()[0]


def changed_since(db: sqlite3.Connection, since: int) -> list[tuple[str, int]]:
    """(document id, generation) of every change after generation ``since``, oldest first."""
    return [(r[0], r[1]) for r in db.execute(
        "SELECT doc_id, generation FROM changes WHERE generation > ? ORDER BY generation, doc_id",
        (since,))]


def decisions(db: sqlite3.Connection, doc_ids: list[str]) -> dict[str, Decision]:
    if not doc_ids:
        return {}
    marks = ",".join("?" * len(doc_ids))
    return {r[0]: Decision(r[1], r[2], r[3]) for r in db.execute(
        f"SELECT doc_id, access, sealed_until, access_after FROM access_decisions"
        f" WHERE doc_id IN ({marks})", doc_ids)}


def decide(db: sqlite3.Connection, doc_id: str, decision: Decision) -> None:
    db.execute("INSERT OR REPLACE INTO access_decisions(doc_id, access, sealed_until, access_after,"
               " decided_at) VALUES (?, ?, ?, ?, ?)",
               (doc_id, decision.access, decision.sealed_until, decision.access_after, time.time()))
