"""The search service the CLI, the web app and the benchmark call: index upkeep (ingest, remove,
reindex) and queries (search with facets and highlights, the misquote finder) over one archive.

The index is derived data: a crash while indexing never touches the archive, and ``reindex``
rebuilds the whole index beside the old one before swapping it in.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable

from archive.access import ANONYMOUS, Viewer, visible
from archive.errors import ArchiveError, BadParameter
from archive.model import Document
from archive.store import Store
from indexer import engines, highlight, partitions, quotes, rebuild, rows
from indexer.backend import AccessFilter
from indexer.partitions import PartitionedBackend
from indexer.query import And, make_field, parse

OnProgress = Callable[[int, int], None]  # (documents done, documents in all)
MAX_LIMIT = 100
MAX_OFFSET = 10000


class SearchService:
    def __init__(self, store: Store, backend: str = "tantivy", es_url: str | None = None):
        self.store = store
        self.engine = backend
        self.es_url = es_url
        self.folder = store.folder / "index"
        self._backend: PartitionedBackend | None = None
        self._lock = threading.Lock()
        self._looked_on = 0  # yyyymmdd of the last look for opened seals (move_opened_seals)
        self._moving = threading.Lock()

    @property
    def backend(self) -> PartitionedBackend:
        """Opened on first use, so that commands which never search never touch the index."""
        with self._lock:  # the web app's threads may ask at once
            if self._backend is None:
                self._backend = engines.open_backend(self.engine, self.folder, self.es_url)
            return self._backend

    # -- upkeep -------------------------------------------------------------------

    # Give this to ``archive.ingest.ingest(prepare=...)``: the analysis then runs in its reader
    # processes, and ``on_stored`` receives the rows ready-made.
    prepare = staticmethod(rows.prepare_document)

    def on_stored(self, docs: list[Document], dropped_ids: list[str],
                  prepared: list[list[tuple]] | None = None) -> None:
        """(Re)index documents just stored and forget those dropped; buffered until ``commit``."""
        self.backend.delete_documents([d.id for d in docs] + list(dropped_ids))
        for i, doc in enumerate(docs):
            self.backend.add(rows.rows_for(doc, prepared[i] if prepared is not None else None))

    def remove(self, doc_id: str) -> None:
        self.backend.delete_documents([doc_id])

    def commit(self) -> None:
        if self._backend is not None:
            self._backend.commit()

    def reindex(self, on_progress: OnProgress | None = None, workers: int | None = None) -> dict:
        """Rebuild the index from the archive into a fresh one, then swap it in; ``workers``
        processes analyse the text (default: one per core, for big archives)."""
        started = time.perf_counter()
        try:
            live = self.backend
        except ArchiveError:
            # An index too damaged to open is derived data: start it over.
            if engines.is_local(self.engine):
                shutil.rmtree(self.folder / self.engine, ignore_errors=True)
            live = self.backend
        fresh = live.rebuild()
        total = self.store.count()[0]
        documents = passages = size = 0
        try:
            for rows, docs, nbytes in rebuild.archive_rows(self.store, workers):
                fresh.add(rows)
                documents += docs
                passages += len(rows)
                size += nbytes
                if on_progress is not None:
                    on_progress(documents, total)
            live.swap(fresh)
        except BaseException:
            fresh.close()
            raise
        seconds = time.perf_counter() - started
        return {"engine": self.engine, "documents": documents, "passages": passages, "bytes": size,
                "seconds": round(seconds, 3),
                "mb_per_second": round(size / 1e6 / seconds, 2) if seconds else 0.0}

    def move_opened_seals(self) -> list[str]:
        """Move documents whose seal has opened since they were indexed out of the sealed
        partition, so that their words count in the statistics of those who may now see them.
        Seals open on whole days: it looks once a day (one query of the archive), and is one
        comparison of dates otherwise."""
        day = partitions.today()
        if day == self._looked_on or not self._moving.acquire(blocking=False):
            return []
        try:
            return self._move_opened_seals(day)
        finally:
            self._moving.release()

    def _move_opened_seals(self, day: int) -> list[str]:
        opened = [doc_id for doc_id, meta in self.store.sealed() if rows.access_fields(meta)[2] <= day]
        backend = self.backend
        moving = [d for d in opened if backend.holds("sealed", d)]
        if moving:
            try:
                self.on_stored([doc for doc in map(self.store.get, moving) if doc is not None], [])
                backend.release()
            except (ArchiveError, OSError, ValueError):
                # Another process is writing the index, or it is read-only: searching stays
                # correct (the sealed partition is searched with the access filter), so try again
                # on a later query rather than fail this one.
                backend.release(keep=False)
                return []
        self._looked_on = day
        return moving

    def close(self) -> None:
        if self._backend is not None:
            self._backend.commit()
            self._backend.close()
            self._backend = None

    # -- queries --------------------------------------------------------------------

    def search(self, q: str, *, speaker: str | None = None, topic: str | None = None,
               document: str | None = None, kind: str | None = None, decade: str | None = None,
               limit: int = 20, offset: int = 0, viewer: Viewer = ANONYMOUS) -> dict:
        """The design's search JSON, plus ``offset`` and ``limit``."""
        started = time.perf_counter()
        limit, offset = _int("limit", limit, 1, MAX_LIMIT), _int("offset", offset, 0, MAX_OFFSET)
        query = parse(q)
        filters = [make_field(name, value, name) for name, value in
                   (("speaker", speaker), ("topic", topic), ("document", document), ("kind", kind),
                    ("decade", decade)) if value]
        root = And(query.root.items + tuple(filters))
        access = AccessFilter.for_viewer(viewer.levels, viewer.today)
        self.move_opened_seals()
        found = self.backend.search(root, access, limit=limit, offset=offset)
        scores = dict(found.ids)
        hits = []
        for h in self.store.passages([pid for pid, _ in found.ids]):
            if not visible(h.metadata, viewer):  # the engine filtered already; never trust a stale index
                continue
            p = h.passage
            marks = highlight.spans(h.text, p.start, query.positive)
            n = p.number
            hits.append({
                "passage_id": p.id, "document_id": h.document_id, "title": h.title,
                "speaker": p.speaker, "kind": p.kind, "start": p.start, "end": p.end, "time": p.time,
                "topics": [t.label for t in p.topics], "score": round(scores[p.id], 4), "text": h.text,
                "highlights": [list(m) for m in marks],
                "snippet_html": highlight.snippet_html(h.text, p.start, marks),
                "url": f"/documents/{h.document_id}#p{n}",
                "hl_url": (f"/documents/{h.document_id}?hl={marks[0][0]}-{marks[0][1]}#p{n}"
                           if marks else None),
            })
        return {"query": q, "total": found.total, "offset": offset, "limit": limit,
                "took_ms": round((time.perf_counter() - started) * 1000, 2),
                "facets": found.facets, "hits": hits}

    def quote(self, text: str, *, limit: int = 5, viewer: Viewer = ANONYMOUS) -> dict:
        """The design's quote JSON: where a possibly misremembered quote comes from."""
        started = time.perf_counter()
        access = AccessFilter.for_viewer(viewer.levels, viewer.today)
        self.move_opened_seals()
        out = quotes.find(self.backend, self.store, text, access, viewer, _int("limit", limit, 1, 50))
        out["took_ms"] = round((time.perf_counter() - started) * 1000, 2)
        return out


def _int(name: str, value, lo: int, hi: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise BadParameter(name, f"must be a whole number, not {value!r}") from None
    if not lo <= number <= hi:
        raise BadParameter(name, f"must be between {lo} and {hi}, not {number}")
    return number
