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
from indexer import rows as index_rows
from indexer.backend import Row

BATCH = 40  # documents per task: big enough to amortize pickling, small enough to stream
PARALLEL_FROM = 400  # below this many documents, starting workers costs more than it saves

_store: Store | None = None


def _open(folder: str) -> None:
    global _store
    _store = Store(Path(folder), readonly=True)


def _batch(ids: list[str]) -> tuple[list[tuple], int, int]:
    """The rows of some documents, as plain tuples (they cross the process boundary several times
    faster than objects). Reads only the columns the index needs, two queries per batch: building
    whole documents (entities, quotes, segments) cost as much as analysing their text."""
    assert _store is not None
    docs = _store.index_fields(ids)
    rows: list[tuple] = []
    count = size = 0
    for doc_id in ids:  # archive order
        if doc_id not in docs:
            continue  # removed since the ids were listed
        text, meta, passages = docs[doc_id]
        prepared = index_rows.prepare(text, meta, [p[1:] for p in passages])
        rows.extend((p[0], doc_id, *r) for p, r in zip(passages, prepared, strict=True))
        count += 1
        size += len(text.encode("utf-8"))
    return rows, count, size


def archive_rows(store: Store, workers: int | None = None) -> Iterator[tuple[list[Row], int, int]]:
    """(rows, documents, bytes) batch by batch, in archive order."""
    for rows, docs, size in _tuples(store, workers):
        yield [Row(*r) for r in rows], docs, size


def _tuples(store: Store, workers: int | None) -> Iterator[tuple[list[tuple], int, int]]:
    ids = store.document_ids()
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
