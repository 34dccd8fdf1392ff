"""Fuzz the query language: any text is parsed into a query or refused with ``BadParameter``, and
the same holds through ``SearchService.search`` on a tiny real index, for every kind of viewer.

``make test`` runs a bounded number of examples; ``make fuzz`` sets ORAL_ARCHIVE_FUZZ_EXAMPLES.
"""

from __future__ import annotations

import os
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.access import Viewer
from archive.errors import BadParameter
from indexer import query

EXAMPLES = int(os.environ.get("ORAL_ARCHIVE_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])

_pieces = st.sampled_from([
    "piano", "tuned", "Trotsky", "Троцкий", "OR", "or", "-", "-piano", '"', '"keep the piano"', '""',
    "speaker:", "speaker:Lomova", "topic:Music", "kind:quote", "kind:nonsense", "decade:1940s", "decade:19",
    "document:x", "unknown:field", ":", "(", ")", "*", "?", "~", "^2", "\\", "AND", "NOT", "&&", "||",
    "\x00", "\u200b", "é", "ﬁ", "🎹", "\u0301", "  ", "\t", "\n",
])
QUERIES = st.one_of(
    st.text(max_size=80),
    st.lists(_pieces, max_size=12).map(" ".join),
    st.lists(st.one_of(_pieces, st.text(max_size=6)), max_size=10).map("".join),
)


@FUZZ
@given(text=QUERIES)
def test_fuzz_parse_gives_a_query_or_bad_parameter(text):
    try:
        parsed = query.parse(text)
    except BadParameter as exc:
        assert exc.name == "q" and str(exc).startswith("q: ")
        return
    assert isinstance(parsed, query.Query)


def test_parse_refuses_very_long_queries_quickly():
    with pytest.raises(BadParameter):
        query.parse("piano " * 10_000)


@pytest.fixture(scope="module")
def tiny_service(tmp_path_factory):
    from archive.model import Document, Metadata, Source
    from archive.readers._build import TextBuilder
    from archive.store import Store
    from archive.tagging import pipeline
    from indexer import service as service_module

    store = Store(tmp_path_factory.mktemp("fuzz-index"))
    service = service_module.SearchService(store, backend="tantivy")
    for n, (access, words) in enumerate([("public", "We kept the piano tuned. Trotsky came by."),
                                         ("restricted", "The sealed orchard behind the wall."),
                                         ("sealed", "Nobody speaks of the quiet river.")]):
        b = TextBuilder()
        b.add("Where were you?", "turn", label="Q")
        b.add(words, "turn", label="A", time=5.0)
        doc = Document(id=f"doc{n}", title=f"Doc {n}", text=b.text, passages=b.passages,
                       source=Source(f"doc{n}.txt", "text", f"{n:064x}"),
                       metadata=Metadata.from_dict({"access": access, "sealed_until": "2090-01-01"}))
        pipeline.prepare(doc)
        store.replace_source(f"/fuzz/doc{n}.txt", doc.source.sha256, [doc])
        service.on_stored([doc], [])
    service.commit()
    yield service
    service.close()
    store.close()


VIEWERS = st.sampled_from([Viewer(), Viewer("staff", date(2026, 1, 1)), Viewer("admin", date(2026, 1, 1))])


@FUZZ
@given(text=QUERIES, viewer=VIEWERS)
def test_fuzz_search_service_answers_or_refuses(tiny_service, text, viewer):
    try:
        result = tiny_service.search(text, viewer=viewer, limit=5)
    except BadParameter as exc:
        assert exc.name == "q"
        return
    assert result["total"] >= len(result["hits"])
    for hit in result["hits"]:
        # Only documents this viewer may see, whatever the query.
        allowed = {"doc0"} | ({"doc1"} if viewer.role != "anonymous" else set()) \
            | ({"doc2"} if viewer.role == "admin" else set())
        assert hit["document_id"] in allowed
