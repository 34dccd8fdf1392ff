"""The pure-Python engine: Whoosh (``whoosh-reloaded``), for platforms without compiled wheels.

It indexes the shared analysis through a space-separated tokenizer, so it matches exactly the
passages tantivy matches; writes are buffered and flushed in one writer per commit (two
processes, one segment each, for bulk loads).
"""

from __future__ import annotations

import threading
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh import scoring, sorting
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.fields import ID, KEYWORD, NUMERIC, TEXT, Schema

from archive.errors import ArchiveError
from indexer.backend import FACET_SIZE, FACETS, PARTS, AccessFilter, Backend, BufferedWrites, Hits, Row
from indexer.generations import Generations
from indexer.query import And, Field, Not, Or, Terms

BULK_ROWS = 2000  # from this many buffered rows on, write with two processes
FLUSH_ROWS = 20000  # buffer at most this many rows before writing
_FACET_FIELD = {"speaker": "speaker", "topic": "topic", "document": "doc", "kind": "kind", "decade": "decade"}
_FILTER_FIELD = {"speaker": "speaker_keys", "topic": "topic_stems", "document": "doc", "kind": "kind",
                 "decade": "decade"}


def _schema() -> Schema:
    words = SpaceSeparatedTokenizer()
    return Schema(
        pid=ID(stored=True, unique=True),
        doc=ID(sortable=True),
        stems=TEXT(analyzer=words, phrase=True),
        keys=TEXT(analyzer=words, phrase=True),
        speaker=ID(sortable=True),
        speaker_keys=KEYWORD(),
        topic=KEYWORD(commas=True),
        topic_stems=KEYWORD(),
        kind=ID(sortable=True),
        decade=ID(sortable=True),
        access=ID(),
        access_after=ID(),
        sealed_until=NUMERIC(int, bits=64),
        boost=NUMERIC(int, sortable=True),  # percent: whoosh cannot sort a float column
    )


class KindBoostedBM25(scoring.BM25F):
    """BM25, multiplied by the passage kind's boost (the same multiplier tantivy applies)."""

    use_final = True

    def __init__(self):
        super().__init__()
        self._column = None
        self._reader = None

    def final(self, searcher, docnum, score):
        reader = searcher.reader()
        if reader is not self._reader:
            self._reader, self._column = reader, reader.column_reader("boost")
        return score * (self._column[docnum] or 100) / 100


class WhooshBackend(BufferedWrites, Backend):
    flush_rows = FLUSH_ROWS
    name = "whoosh"

    def __init__(self, folder: Path, *, path: Path | None = None, partition: str | None = None):
        self.folder = folder
        self.partition = partition  # the access partition this index holds, if one
        self.generations = Generations(folder)
        self._stamp = 0
        if path is None:
            folder.mkdir(parents=True, exist_ok=True)
            path = self.generations.current()
            if path is None or not whoosh_index.exists_in(str(path)):
                path = path or self.generations.new()
                whoosh_index.create_in(str(path), _schema())
                self.generations.activate(path)
            self._stamp = self.generations.stamp()
        elif not whoosh_index.exists_in(str(path)):
            whoosh_index.create_in(str(path), _schema())
        self.path = path
        self.ix = self._open(path)
        self._searcher = None
        self._lock = threading.RLock()  # one searcher shared by the web app's threads
        self._masks: dict[AccessFilter, set[int]] = {}
        self._mask_searcher = None
        self._rows: list[Row] = []
        self._deletes: list[str] = []

    def _open(self, path: Path):
        try:
            return whoosh_index.open_dir(str(path))
        except Exception as exc:  # whoosh raises many kinds on a damaged index
            raise ArchiveError(f"search index at {path} cannot be opened ({exc}); "
                               "run `oral-archive reindex`") from exc

    # -- writing ------------------------------------------------------------------

    def commit(self) -> None:
        if not self._rows and not self._deletes:
            return
        if not self._rows and self.ix.doc_count_all() == 0:  # nothing to delete from (a partition)
            self._deletes = []
            return
        bulk = len(self._rows) >= BULK_ROWS
        try:
            writer = (self.ix.writer(procs=2, multisegment=True, limitmb=128) if bulk
                      else self.ix.writer(limitmb=128))
        except Exception as exc:
            raise ArchiveError(f"search index at {self.path} is locked by another writer ({exc})") from exc
        try:
            for doc_id in self._deletes:
                writer.delete_by_term("doc", doc_id)
            for r in self._rows:
                fields = dict(pid=r.pid, doc=r.doc_id, stems=r.stems, keys=r.keys, kind=r.kind,
                              access=r.access, access_after=r.access_after,
                              sealed_until=r.sealed_until, boost=round(r.boost * 100))
                if r.speaker:
                    fields.update(speaker=r.speaker, speaker_keys=r.speaker_keys)
                if r.topics:
                    fields.update(topic=",".join(r.topics), topic_stems=r.topic_stems)
                if r.decade:
                    fields["decade"] = r.decade
                writer.add_document(**fields)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        self._rows, self._deletes = [], []
        self._refresh()

    def release(self, keep: bool = True) -> None:
        if keep:
            self.commit()
        self._rows, self._deletes = [], []

    def _refresh(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
        self._searcher = None

    def close(self) -> None:
        self._rows, self._deletes = [], []
        self._refresh()
        self.ix.close()

    def rebuild(self) -> WhooshBackend:
        return WhooshBackend(self.folder, path=self.generations.new(), partition=self.partition)

    def swap(self, fresh: Backend) -> None:
        assert isinstance(fresh, WhooshBackend)
        fresh.commit()
        fresh.close()
        self.close()
        self.generations.activate(fresh.path)
        self.path = fresh.path
        self.ix = self._open(fresh.path)
        self._stamp = self.generations.stamp()

    # -- reading ------------------------------------------------------------------

    def searcher(self):
        with self._lock:
            return self._current_searcher()

    def _current_searcher(self):
        stamp = self.generations.stamp()
        if stamp != self._stamp:  # another process swapped in a rebuilt index
            current = self.generations.current()
            if current is not None and current != self.path:
                self._refresh()
                self.path, self.ix = current, self._open(current)
            self._stamp = stamp
        if self._searcher is None:
            self._searcher = self.ix.searcher(weighting=KindBoostedBM25())
        elif not self._searcher.up_to_date():
            if self._searcher.doc_count_all():
                self._searcher = self._searcher.refresh()
            else:  # Whoosh cannot refresh a searcher of an empty index (its reader has no segments)
                self._searcher.close()
                self._searcher = self.ix.searcher(weighting=KindBoostedBM25())
        return self._searcher

    def count(self) -> int:
        return self.searcher().doc_count()

    def empty(self) -> bool:
        return self.count() == 0

    def doc_freq(self, stem: str) -> int:
        with self._lock:
            return self.searcher().doc_frequency("stems", stem)

    def search(self, root: And, access: AccessFilter, *, limit: int, offset: int = 0,
               facets: bool = True, facet_size: int = FACET_SIZE) -> Hits:
        with self._lock:
            return self._search(root, access, limit=limit, offset=offset, facets=facets,
                                facet_size=facet_size)

    def _search(self, root: And, access: AccessFilter, *, limit: int, offset: int, facets: bool,
                facet_size: int) -> Hits:
        searcher = self.searcher()
        groups = None
        if facets:
            groups = {name: sorting.FieldFacet(_FACET_FIELD[name], allow_overlap=(name == "topic"),
                                               maptype=sorting.Count) for name in FACETS}
        results = searcher.search(self._node(root), limit=offset + limit, groupedby=groups,
                                  mask=self._hidden(searcher, access))
        ids = [(hit["pid"], hit.score) for hit in results[offset:offset + limit]]
        counts: dict[str, dict[str, int]] = {}
        if facets:
            for name in FACETS:
                found = results.groups(name)
                top = sorted(((k, v) for k, v in found.items() if k), key=lambda kv: (-kv[1], kv[0]))
                counts[name] = dict(top[:facet_size])
        return Hits(ids=ids, total=len(results), facets=counts)

    # -- query compilation ----------------------------------------------------------

    def _hidden(self, searcher, access: AccessFilter) -> set[int] | None:
        """Document numbers this viewer may not see, as a mask. Hidden passages are few, and
        Whoosh would otherwise evaluate a filter over every visible passage on every query."""
        if access.everything:
            return None
        if self._mask_searcher is not searcher:  # the index changed: every mask is stale
            self._mask_searcher, self._masks = searcher, {}
        if access not in self._masks:
            levels = sorted(access.levels)
            others = [wq.Term("access", lv) for lv in ("public", "restricted", "sealed") if lv not in levels]
            opened = wq.And([wq.Term("access", "sealed"),
                             wq.Or([wq.Term("access_after", lv) for lv in levels]),
                             wq.NumericRange("sealed_until", None, access.today)])
            # A set difference, not wq.AndNot: Whoosh's AndNot kept an opened document whenever
            # a term of ``others`` was missing from the index (as in a partition without it).
            self._masks[access] = (set(searcher.docs_for_query(wq.Or(others)))
                                   - set(searcher.docs_for_query(opened)))
        return self._masks[access]

    def _node(self, node):
        if isinstance(node, Terms):
            if node.is_phrase:
                return wq.Or([wq.Phrase("stems", list(node.stems)), wq.Phrase("keys", list(node.keys))])
            return wq.Or([wq.Term("stems", node.stems[0]), wq.Term("keys", node.keys[0])])
        if isinstance(node, Field):
            name = _FILTER_FIELD[node.name]
            return wq.And([wq.Term(name, v) for v in (node.tokens or (node.value,))])
        if isinstance(node, Or):
            return wq.Or([self._node(i) for i in node.items])
        if isinstance(node, And):
            positive = [self._node(i) for i in node.items if not isinstance(i, Not)]
            negative = [self._node(i.item) for i in node.items if isinstance(i, Not)]
            query = positive[0] if len(positive) == 1 else wq.And(positive)
            return wq.AndNot(query, wq.Or(negative)) if negative else query
        raise TypeError(f"cannot compile {node!r}")


LOCAL = True  # the index lives in the archive folder


def open_partitions(folder: Path, es_url: str | None = None) -> dict[str, Backend]:
    """This engine's access partitions under ``folder`` (see ``indexer.engines``)."""
    return {p: WhooshBackend(folder / p, partition=p) for p in PARTS}
