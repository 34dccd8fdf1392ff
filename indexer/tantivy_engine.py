"""The default engine: tantivy, embedded, its index in the archive folder.

It indexes the shared analysis through tantivy's whitespace tokenizer (our terms are already
lowercased, folded and stemmed), filters access inside the query, counts facets with term
aggregations, and collects obsolete segment files after every commit.
"""

from __future__ import annotations

import os
from concurrent.futures import Future, ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path

import tantivy
from tantivy import Occur, Query

from archive.errors import ArchiveError
from indexer.backend import FACET_SIZE, FACETS, NEVER, PARTS, AccessFilter, Backend, Hits, Row
from indexer.generations import Generations
from indexer.query import And, Field, Not, Or, Terms

HEAP_BYTES = 64_000_000  # per writer, shared by its threads; ingest stays under 500 MB in all
SMALL_HEAP_BYTES = 40_000_000  # restricted and sealed partitions: usually small, and all three
# writers can be open at once during an ingest, so they must not triple its peak memory
# Indexing threads per writer: ORAL_ARCHIVE_INDEX_THREADS, or one per core (at most 8).
THREADS = int(os.environ.get("ORAL_ARCHIVE_INDEX_THREADS") or min(os.cpu_count() or 1, 8))
_FACET_FIELD = {"speaker": "speaker", "topic": "topic", "document": "doc", "kind": "kind", "decade": "decade"}
_FILTER_FIELD = {"speaker": "speaker_keys", "topic": "topic_stems", "document": "doc", "kind": "kind",
                 "decade": "decade"}


def _schema() -> tantivy.Schema:
    b = tantivy.SchemaBuilder()
    b.add_text_field("pid", stored=True, tokenizer_name="raw")
    b.add_text_field("doc", tokenizer_name="raw", fast=True, index_option="basic")
    b.add_text_field("stems", tokenizer_name="whitespace", index_option="position")
    b.add_text_field("keys", tokenizer_name="whitespace", index_option="position")
    b.add_text_field("speaker", tokenizer_name="raw", fast=True, index_option="basic")
    b.add_text_field("speaker_keys", tokenizer_name="whitespace", index_option="basic")
    b.add_text_field("topic", tokenizer_name="raw", fast=True, index_option="basic")
    b.add_text_field("topic_stems", tokenizer_name="whitespace", index_option="basic")
    b.add_text_field("kind", tokenizer_name="raw", fast=True, index_option="basic")
    b.add_text_field("decade", tokenizer_name="raw", fast=True, index_option="basic")
    b.add_text_field("access", tokenizer_name="raw", index_option="basic")
    b.add_text_field("access_after", tokenizer_name="raw", index_option="basic")
    b.add_integer_field("sealed_until", indexed=True, fast=True)
    # tantivy multiplies a score by log2(2 + weight): weight = 2**boost - 2 gives ×boost.
    b.add_float_field("weight", fast=True)
    return b.build()


class TantivyBackend(Backend):
    name = "tantivy"

    def __init__(self, folder: Path, *, path: Path | None = None, partition: str | None = None):
        self.folder = folder
        self.partition = partition  # the access partition this index holds, if one
        self.generations = Generations(folder)
        self.schema = _schema()
        self._writer = None
        self._stamp = 0
        if path is None:
            folder.mkdir(parents=True, exist_ok=True)
            path = self.generations.current()
            if path is None:
                path = self.generations.new()
                self.generations.activate(path)
            self._stamp = self.generations.stamp()
        self.path = path
        self.index = self._open(path)

    def _open(self, path: Path) -> tantivy.Index:
        try:
            return tantivy.Index(self.schema, path=str(path), reuse=True)
        except (OSError, ValueError) as exc:
            raise ArchiveError(f"search index at {path} cannot be opened ({exc}); "
                               "run `oral-archive reindex`") from exc

    # -- writing ------------------------------------------------------------------

    @property
    def writer(self):
        if self._writer is None:
            try:
                heap = HEAP_BYTES if self.partition in (None, "public") else SMALL_HEAP_BYTES
                self._writer = self.index.writer(heap, THREADS)
            except ValueError as exc:
                raise ArchiveError(f"search index at {self.path} is locked by another writer ({exc})") \
                    from exc
        return self._writer

    def add(self, rows: list[Row]) -> None:
        writer = self.writer
        for r in rows:
            d = tantivy.Document()
            d.add_text("pid", r.pid)
            d.add_text("doc", r.doc_id)
            d.add_text("stems", r.stems)
            d.add_text("keys", r.keys)
            if r.speaker:
                d.add_text("speaker", r.speaker)
                d.add_text("speaker_keys", r.speaker_keys)
            for t in r.topics:
                d.add_text("topic", t)
            if r.topic_stems:
                d.add_text("topic_stems", r.topic_stems)
            d.add_text("kind", r.kind)
            if r.decade:
                d.add_text("decade", r.decade)
            d.add_text("access", r.access)
            d.add_text("access_after", r.access_after)
            d.add_integer("sealed_until", r.sealed_until)
            d.add_float("weight", 2.0 ** r.boost - 2.0)
            writer.add_document(d)

    def delete_documents(self, doc_ids: list[str]) -> None:
        if self._writer is None and self.count() == 0:
            return  # nothing indexed here: opening a writer (and its heap) would delete nothing
        for doc_id in doc_ids:
            self.writer.delete_documents_by_term("doc", doc_id)

    def commit(self) -> None:
        if self._writer is None:
            return
        self._writer.commit()
        # Without this, merged-away segment files stay on disk forever (paperless-ngx#13679).
        self._writer.garbage_collect_files()
        self.index.reload()

    def release(self, keep: bool = True) -> None:
        if keep:
            self.commit()
        elif self._writer is not None:
            self._writer.rollback()
        if self._writer is not None:
            self._writer.wait_merging_threads()  # consumes the writer and frees the index lock
            self._writer = None

    def close(self) -> None:
        if self._writer is not None:
            self._writer.rollback()
            self._writer = None
        self.index = None

    def rebuild(self) -> TantivyBackend:
        return TantivyBackend(self.folder, path=self.generations.new(), partition=self.partition)

    def swap(self, fresh: Backend) -> None:
        assert isinstance(fresh, TantivyBackend)
        fresh.commit()
        fresh.close()
        self.close()
        self.generations.activate(fresh.path)
        self.path = fresh.path
        self.index = self._open(fresh.path)
        self._stamp = self.generations.stamp()

    # -- reading ------------------------------------------------------------------

    def _searcher(self) -> tantivy.Searcher:
        stamp = self.generations.stamp()
        if stamp != self._stamp:  # another process swapped in a rebuilt index
            current = self.generations.current()
            if current is not None and current != self.path:
                self.path = current
                self.index = self._open(current)
            self._stamp = stamp
        return self.index.searcher()

    def count(self) -> int:
        self.index.reload()
        return self._searcher().num_docs

    def empty(self) -> bool:
        return self._searcher().num_docs == 0

    def doc_freq(self, stem: str) -> int:
        return self._searcher().doc_freq("stems", stem)

    def search(self, root: And, access: AccessFilter, *, limit: int, offset: int = 0,
               facets: bool = True, facet_size: int = FACET_SIZE) -> Hits:
        searcher = self._searcher()
        query = self._compile(root, access, searcher)
        # The facet counts run the query a second time: on another thread, since tantivy lets go
        # of the GIL, so that a query costs the longer of the two passes rather than their sum.
        counting: Future | None = None
        if facets:
            counting = _facet_pool().submit(searcher.aggregate, query, _facet_spec(facet_size))
        result = searcher.search(query, limit, count=True, offset=offset, weight_by_field="weight")
        ids = [(searcher.doc(addr).get_first("pid"), score) for score, addr in result.hits]
        counts: dict[str, dict[str, int]] = {}
        if counting is not None:
            found = counting.result()
            for name in FACETS:
                counts[name] = {b["key"]: b["doc_count"] for b in found.get(name, {}).get("buckets", [])}
        return Hits(ids=ids, total=result.count, facets=counts)

    # -- query compilation ----------------------------------------------------------

    def _compile(self, root: And, access: AccessFilter, searcher: tantivy.Searcher) -> Query:
        clauses = [(Occur.Must, self._node(root))]
        if access.everything:
            pass
        elif self.partition in ("public", "restricted") and self.partition in access.levels:
            # Here every passage is of this level, or sealed until a day and this level after:
            # only seals still closed on the viewer's day are hidden, and usually there are none,
            # which costs far less than intersecting the level's postings with every query; and
            # when no passage here was ever sealed, there is nothing to hide.
            if searcher.doc_freq("access", "sealed") == 0:
                return clauses[0][1]
            closed = Query.range_query(self.schema, "sealed_until", tantivy.FieldType.Integer,
                                       access.today + 1, NEVER)
            clauses.append((Occur.MustNot, closed))
        else:
            clauses.append((Occur.Must, self._access(access)))
        return Query.boolean_query(clauses)

    def _access(self, access: AccessFilter) -> Query:
        levels = sorted(access.levels)
        opened = Query.boolean_query([
            (Occur.Must, Query.term_set_query(self.schema, "access_after", levels)),
            (Occur.Must, Query.range_query(self.schema, "sealed_until", tantivy.FieldType.Integer,
                                           None, access.today)),
        ])
        either = Query.boolean_query([
            (Occur.Should, Query.term_set_query(self.schema, "access", levels)),
            (Occur.Should, opened),
        ])
        return Query.const_score_query(either, 0.0)

    def _node(self, node) -> Query:
        s = self.schema
        if isinstance(node, Terms):
            if node.is_phrase:
                return Query.boolean_query([
                    (Occur.Should, Query.phrase_query(s, "stems", list(node.stems))),
                    (Occur.Should, Query.phrase_query(s, "keys", list(node.keys))),
                ])
            return Query.boolean_query([
                (Occur.Should, Query.term_query(s, "stems", node.stems[0])),
                (Occur.Should, Query.term_query(s, "keys", node.keys[0])),
            ])
        if isinstance(node, Field):
            name = _FILTER_FIELD[node.name]
            values = node.tokens or (node.value,)
            return Query.boolean_query([(Occur.Must, Query.term_query(s, name, v)) for v in values])
        if isinstance(node, Or):
            return Query.boolean_query([(Occur.Should, self._node(i)) for i in node.items])
        if isinstance(node, And):
            clauses = [(Occur.MustNot, self._node(i.item)) if isinstance(i, Not)
                       else (Occur.Must, self._node(i)) for i in node.items]
            return Query.boolean_query(clauses)
        raise TypeError(f"cannot compile {node!r}")


_pool: tuple[int, ThreadPoolExecutor] | None = None


def _facet_pool() -> ThreadPoolExecutor:
    """Threads for facet counting, made in each process (``serve --workers`` forks, and a pool's
    threads do not survive a fork)."""
    global _pool
    if _pool is None or _pool[0] != os.getpid():
        _pool = (os.getpid(), ThreadPoolExecutor(max_workers=8, thread_name_prefix="tantivy-facets"))
    return _pool[1]


@lru_cache(maxsize=4)
def _facet_spec(size: int) -> dict:
    return {name: {"terms": {"field": _FACET_FIELD[name], "size": size}} for name in FACETS}


LOCAL = True  # the index lives in the archive folder


def open_partitions(folder: Path, es_url: str | None = None) -> dict[str, Backend]:
    """This engine's access partitions under ``folder`` (see ``indexer.engines``)."""
    return {p: TantivyBackend(folder / p, partition=p) for p in PARTS}
