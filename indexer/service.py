"""The search service the CLI, the web app and the benchmark call: index upkeep (ingest, remove,
reindex) and queries (search with facets and highlights, the misquote finder) over one archive.

The index is derived data: a crash while indexing never touches the archive, and ``reindex``
rebuilds the whole index beside the old one before swapping it in. The archive is the authority:
before answering, a search checks that the index has caught up with every change the archive
recorded (``indexer.freshness``), repairs it when it can, and otherwise leaves the documents it
has not caught up with out of the answer. Writing takes the archive's writer lock
(``archive.writelock``) and ends with ``commit``, which also indexes what other writers archived
without indexing, and rebuilds the partitions that a document left for a more closed one or in
which it lost words to a redaction, so that nothing of it lingers in their statistics or files.
"""

from __future__ import annotations

import logging
import shutil
import threading
import time
from collections.abc import Callable

from archive import writelock
from archive.access import ANONYMOUS, ORDER, Viewer, visible
from archive.errors import ArchiveError, BadParameter
from archive.model import Document
from archive.store import Store
from archive.tagging.redaction import MARKER
from archive.writelock import WriterBusy
from indexer import engines, highlight, partitions, quotes, rebuild, rows
from indexer.backend import PARTS, AccessFilter, Hits
from indexer.freshness import Excluding, Mark
from indexer.partitions import PartitionedBackend
from indexer.query import And, make_field, parse

OnProgress = Callable[[int, int], None]  # (documents done, documents in all)
MAX_LIMIT = 100
MAX_OFFSET = 10000
# A search that finds the index behind the archive repairs it first when it can take the writer
# lock and at most this many documents changed; otherwise it leaves them out of its answer...
REPAIR_LIMIT = 500
# ...and when even more changed, it answers nothing rather than risk showing what it should not.
EXCLUDE_LIMIT = 1000
WRITER_WAIT = 600.0  # seconds a write waits for another writer before giving up (WriterBusy)

log = logging.getLogger(__name__)


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
        self.mark = Mark(self.folder, backend)
        self.writer = writelock.for_folder(store.folder)
        self._holding = False  # this service took the writer lock and has not committed yet
        # Documents indexed since the last commit, with the archive generation of the version
        # indexed; commit indexes whatever else changed since the mark.
        self._indexed: dict[str, int] = {}
        self._dirty: set[str] = set()  # partitions to rebuild at commit

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
        self._take()
        self._note_leaving(docs, dropped_ids)
        self.backend.delete_documents([d.id for d in docs] + list(dropped_ids))
        for i, doc in enumerate(docs):
            self.backend.add(rows.rows_for(doc, prepared[i] if prepared is not None else None))
        for doc_id in [d.id for d in docs] + list(dropped_ids):
            self._indexed[doc_id] = self.store.written.get(doc_id, 0)

    def remove(self, doc_id: str) -> None:
        self.on_stored([], [doc_id])

    def commit(self) -> None:
        """Make what was indexed searchable, after indexing what else the archive changed since
        the index last caught up (another writer's work, a crashed one's) and rebuilding the
        partitions documents left; then record the generation caught up with."""
        if self._backend is None and not self._holding and self.store.generation() == self.mark.read():
            return
        self._take()
        try:
            generation = self._catch_up()
            self.backend.release()  # committed, and the engine's own lock let go
            if self._dirty:
                self._refill(sorted(self._dirty, key=PARTS.index))
            self.mark.write(generation)
        except BaseException:
            if self._backend is not None:
                self._backend.release(keep=False)
            raise
        finally:
            self._indexed.clear()
            self._dirty.clear()
            self._let_go()

    def _take(self, wait: float | None = WRITER_WAIT) -> None:
        if not self._holding:
            if not self.writer.acquire(wait, "search index upkeep"):
                raise WriterBusy(f"{self.store.folder}: the search index is being written by "
                                 f"{self.writer.holder()}; gave up after {wait:g} s")
            self._holding = True

    def _let_go(self) -> None:
        if self._holding:
            self._holding = False
            self.writer.release()

    def _catch_up(self) -> int:
        """Index the documents changed since the mark that this session did not index (as they
        are now); returns the archive generation that the index then holds."""
        generation, changed = self.store.changed_since(self.mark.read())
        todo = [doc_id for doc_id, g in changed if self._indexed.get(doc_id, -1) < g]
        for i in range(0, len(todo), 50):
            batch = todo[i:i + 50]
            docs = [d for d in map(self.store.get, batch) if d is not None]
            present = {d.id for d in docs}
            self.on_stored(docs, [doc_id for doc_id in batch if doc_id not in present])
        return generation

    def _note_leaving(self, docs: list[Document], dropped_ids: list[str]) -> None:
        """Mark for rebuilding each partition that held one of these documents and must not
        keep its traces: it now belongs to a more closed partition, is gone, or lost words to a
        redaction. An engine's deleted rows stay in its statistics (and files) until merged away."""
        backend = self.backend
        held = [p for p in PARTS if p not in self._dirty and not backend.parts[p].empty()]
        if not held:
            return
        day = (backend.clock or partitions.today)()
        # How closed each document now is: its partition's rank, above every rank when it was
        # redacted (no trace anywhere), -1 when it is gone. Public and unredacted: nothing to do.
        leaving = [(doc_id, -1) for doc_id in dropped_ids]
        for d in docs:
            rank = len(ORDER) if MARKER in d.text else \
                ORDER.index(partitions.part_of(*rows.access_fields(d.metadata), day))
            if rank:
                leaving.append((d.id, rank))
        for doc_id, rank in leaving:
            for p in held:
                if p not in self._dirty and (rank < 0 or rank > ORDER.index(p)) and backend.holds(p, doc_id):
                    self._dirty.add(p)

    def _refill(self, parts: list[str]) -> None:
        """Rebuild partitions ``parts`` from the archive, beside the live ones, then swap."""
        live = self.backend
        fresh = live.rebuild_parts(parts)
        try:
            for batch, _, _ in rebuild.archive_rows(self.store):
                fresh.add(batch)
            live.swap_parts(fresh)
        except BaseException:
            fresh.close()
            raise

    def reindex(self, on_progress: OnProgress | None = None, workers: int | None = None) -> dict:
        """Rebuild the index from the archive into a fresh one, then swap it in; ``workers``
        processes analyse the text (default: one per core, for big archives)."""
        started = time.perf_counter()
        self._take()
        try:
            return self._reindex(started, on_progress, workers)
        finally:
            self._indexed.clear()
            self._dirty.clear()
            self._let_go()

    def _reindex(self, started: float, on_progress: OnProgress | None, workers: int | None) -> dict:
        generation = self.store.generation()  # what the rebuild reads is at least this recent
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
        self.mark.write(generation)
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
            # Another process may be writing the index, or it is read-only: searching stays
            # correct (the sealed partition is searched with the access filter), so try again on
            # a later query rather than fail or hold up this one.
            if not self.writer.acquire(0, "moving opened seals"):
                return []
            try:
                self.on_stored([doc for doc in map(self.store.get, moving) if doc is not None], [])
                self.commit()
            except (ArchiveError, OSError, ValueError):
                return []
            finally:
                self.writer.release()
        self._looked_on = day
        return moving

    def close(self) -> None:
        if self._backend is not None:
            if self._holding:
                self.commit()
            self._backend.close()
            self._backend = None
        self._let_go()

    def current(self) -> PartitionedBackend | Excluding | None:
        """The index to answer from: the live one once it has caught up with the archive (after
        repairing it here when possible), else a view without the documents it has not caught up
        with, or None when too many changed to leave out (answer nothing)."""
        mark = self.mark.read()
        generation = self.store.generation()
        if generation == mark and not self._indexed:
            return self.backend
        if mark > generation:  # an archive restored from an older backup
            log.warning("search index %s is newer than the archive; run `oral-archive reindex`",
                        self.folder)
            return None
        if self._repair():
            return self.backend
        _, changed = self.store.changed_since(mark)
        doc_ids = {doc_id for doc_id, _ in changed} | set(self._indexed)
        if len(doc_ids) > EXCLUDE_LIMIT:
            log.warning("search index %s is %d documents behind the archive and another writer "
                        "holds it; answering nothing until it catches up", self.folder, len(doc_ids))
            return None
        return Excluding(self.backend, sorted(doc_ids))

    def _repair(self) -> bool:
        """Catch the index up here and now, when no other writer holds it and it is not far
        behind; False when it could not."""
        try:
            if self._holding or not self.writer.acquire(0, "search index repair"):
                return False
        except OSError as exc:  # a read-only archive folder: answer without what changed
            log.warning("cannot take the writer lock of %s: %s", self.store.folder, exc)
            return False
        try:
            _, changed = self.store.changed_since(self.mark.read())
            if len(changed) > REPAIR_LIMIT:
                return False
            self.commit()
            return True
        except (ArchiveError, OSError, ValueError) as exc:
            log.warning("could not repair the search index %s: %s", self.folder, exc)
            return False
        finally:
            self.writer.release()

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
        index = self.current()
        found = index.search(root, access, limit=limit, offset=offset) if index is not None \
            else Hits([], 0, {})
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
        limit = _int("limit", limit, 1, 50)
        index = self.current()
        out = quotes.find(index, self.store, text, access, viewer, limit) if index is not None \
            else {"query": text, "matches": []}
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
