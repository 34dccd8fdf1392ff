"""The index analysis can run in ingest's reader processes; the index must come out the same."""

from __future__ import annotations

from pathlib import Path

from archive.ingest import ingest
from archive.store import Store
from indexer.rows import prepare_document, rows_for
from indexer.service import SearchService

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
QUERIES = ['"keep the piano tuned"', "Karaganda", "piano OR letters", "speaker:\"Vera Lomova\" father",
           "Lomova -piano", "Троцкий"]


def _search_all(folder: Path, prepared: bool) -> list:
    store = Store(folder)
    service = SearchService(store)
    ingest(store, [EXAMPLES], on_stored=service.on_stored, workers=2,
           prepare=service.prepare if prepared else None)
    service.commit()
    out = []
    for q in QUERIES:
        result = service.search(q, limit=50)
        # Equal scores come in index order, which depends on how tantivy's indexing threads
        # shared the documents: compare the hits in score order, ties by id.
        hits = sorted((-h["score"], h["passage_id"], h["highlights"]) for h in result["hits"])
        out.append((result["total"], hits, result["facets"]))
    service.close()
    store.close()
    return out


def test_prepared_in_workers_matches_indexing_in_the_main_process(tmp_path):
    assert _search_all(tmp_path / "a", prepared=True) == _search_all(tmp_path / "b", prepared=False)


def test_prepared_rows_take_the_final_ids(tmp_path):
    from archive.ingest import assign_ids, read_file

    path = EXAMPLES / "lomova-1994-session1.txt"
    [doc], *_ = read_file(path)
    prepared = prepare_document(doc)  # before the archive gives ids, as in a reader process
    store = Store(tmp_path / "s")
    assign_ids(store, path, [doc])
    assert rows_for(doc, prepared) == rows_for(doc)
    assert {(r.pid.split(":p")[0], r.doc_id) for r in rows_for(doc)} == {(doc.id, doc.id)}
    store.close()
