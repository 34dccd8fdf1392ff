"""The reference: raw tantivy on the same passages, with no project code in the timed path.

A plain schema (text with tantivy's default tokenizer; id, speaker and document as raw
strings), the writer's default settings, and for each query what the engine alone does
for the same intent: top ten hits, their stored text, tantivy's own snippet, and
term counts over speaker and document (the facets).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import tantivy

from bench.queries import CLASSES, Query
from bench.stats import latency_summary, rates

FACETS = {"speaker": {"terms": {"field": "speaker", "size": 10}},
          "document": {"terms": {"field": "document", "size": 10}}}


def schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("document", stored=True, fast=True, tokenizer_name="raw")
    builder.add_text_field("speaker", stored=True, fast=True, tokenizer_name="raw")
    builder.add_text_field("text", stored=True)
    return builder.build()


def build_index(passages_path: Path, index_dir: Path) -> dict:
    """Index the exported passages (JSON lines: id, document, speaker, text); timed end to end."""
    index_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    index = tantivy.Index(schema(), path=str(index_dir))
    writer = index.writer()
    passages = 0
    nbytes = 0
    with passages_path.open(encoding="utf-8") as f:
        for line in f:
            p = json.loads(line)
            writer.add_document(tantivy.Document(id=p["id"], document=p["document"],
                                                 speaker=p["speaker"] or "", text=p["text"]))
            passages += 1
            nbytes += len(p["text"].encode("utf-8"))
    writer.commit()
    writer.wait_merging_threads()
    seconds = time.perf_counter() - started
    return {"passages": passages, "text_bytes": nbytes, **rates(nbytes, passages, seconds)}


def to_query(index: tantivy.Index, q: Query) -> tantivy.Query:
    s = index.schema
    if q.cls == "misquote":
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, tantivy.Query.term_query(s, "text", w))
                                            for w in dict.fromkeys(q.words)])
    if q.phrase:
        main = tantivy.Query.phrase_query(s, "text", q.words)
    elif len(q.words) == 1:
        main = tantivy.Query.term_query(s, "text", q.words[0])
    else:
        main = tantivy.Query.boolean_query([(tantivy.Occur.Must, tantivy.Query.term_query(s, "text", w))
                                            for w in q.words])
    if q.speaker:
        who = tantivy.Query.term_query(s, "speaker", q.speaker)
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, main), (tantivy.Occur.Must, who)])
    return main


def run_one(index: tantivy.Index, searcher: tantivy.Searcher, query: tantivy.Query) -> int:
    result = searcher.search(query, 10, count=True)
    snippets = tantivy.SnippetGenerator.create(searcher, query, index.schema, "text")
    for _, address in result.hits:
        snippets.snippet_from_doc(searcher.doc(address)).to_html()
    searcher.aggregate(query, FACETS)
    return result.count


def run_queries(index_dir: Path, queries: list[Query], repeat: int) -> dict:
    """Per class: latency percentiles over ``repeat`` rounds (after one warm-up round) and mean hits."""
    index = tantivy.Index.open(str(index_dir))
    index.reload()
    searcher = index.searcher()
    compiled = [(q, to_query(index, q)) for q in queries]
    hits: dict[str, list[int]] = {c: [] for c in CLASSES}
    for q, tq in compiled:
        hits[q.cls].append(run_one(index, searcher, tq))
    times: dict[str, list[float]] = {c: [] for c in CLASSES}
    for _ in range(repeat):
        for q, tq in compiled:
            t0 = time.perf_counter()
            run_one(index, searcher, tq)
            times[q.cls].append(time.perf_counter() - t0)
    return {c: {**latency_summary(times[c]), "mean_hits": round(sum(hits[c]) / len(hits[c]), 1)}
            for c in CLASSES if times[c]}
