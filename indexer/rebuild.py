"""Index rows for a whole archive, analysed in worker processes when there is enough to do:
the analysis is Python and the engines index in their own threads, so a rebuild uses both."""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from archive.store import Store
from indexer.backend import Row, rows_for

BATCH = 40  # documents per task: big enough to amortize pickling, small enough to stream
PARALLEL_FROM = 400  # below this many documents, starting workers costs more than it saves

_store: Store | None = None


def _open(folder: str) -> None:
    global _store
    _store = Store(Path(folder), readonly=True)


def _batch(ids: list[str]) -> tuple[list[Row], int, int]:
    assert _store is not None
    rows: list[Row] = []
    docs = size = 0
    for doc_id in ids:
        doc = _store.get(doc_id)
        if doc is not None:
            rows.extend(rows_for(doc))
            docs += 1
            size += len(doc.text.encode("utf-8"))
    return rows, docs, size


def archive_rows(store: Store, workers: int | None = None) -> Iterator[tuple[list[Row], int, int]]:
    """(rows, documents, bytes) batch by batch, in archive order."""
    ids = [r[0] for r in store.db.execute("SELECT id FROM documents ORDER BY rowid")]
    batches = [ids[i:i + BATCH] for i in range(0, len(ids), BATCH)]
    workers = workers if workers is not None else min(os.cpu_count() or 1, 4)
    if workers <= 1 or len(ids) < PARALLEL_FROM:
        global _store
        _store = store
        try:
            yield from map(_batch, batches)
        finally:
            _store = None
        return
    # Forked, like ingest's readers: workers only run Python and SQLite, never the engine's code,
    # and need no importable __main__ (spawn would re-run an unguarded calling script).
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), initializer=_open,
                             initargs=(str(store.folder),)) as pool:
        # A bounded window of batches in flight keeps memory flat however big the archive.
        window: deque = deque()
        for batch in batches:
            window.append(pool.submit(_batch, batch))
            if len(window) >= 4 * workers:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()
