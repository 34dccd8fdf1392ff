"""The engine's access filter and ``archive.access.visible`` agree for every viewer and every date.

One small index per embedded engine holds a document for each combination of access level, seal
date (good, partial, impossible, absent, junk) and what it becomes after; hypothesis picks viewers
and days, and the documents a search returns must be exactly those ``visible`` allows.
"""

from __future__ import annotations

import itertools
import os
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.access import Viewer, visible
from archive.model import Document, Metadata, Source
from archive.readers._build import TextBuilder

EXAMPLES = int(os.environ.get("ORAL_ARCHIVE_FUZZ_EXAMPLES", "40"))
LEVELS = ["public", "restricted", "sealed", "Private", ""]
UNTIL = [None, "2030-06-01", "2030", "2030-07", "soon", "2029-02-30", "1999-12-31"]
AFTER = ["public", "restricted", "weird"]


def _metadata(access: str, until: str | None, after: str) -> Metadata:
    return Metadata.from_dict({"access": access, "sealed_until": until, "access_after": after})


@pytest.fixture(scope="module", params=["tantivy", "whoosh"])
def index(request, tmp_path_factory):
    from archive.store import Store
    from indexer import service as service_module

    store = Store(tmp_path_factory.mktemp("access-agreement"))
    service = service_module.SearchService(store, backend=request.param)
    docs = {}
    for n, (access, until, after) in enumerate(itertools.product(LEVELS, UNTIL, AFTER)):
        b = TextBuilder()
        b.add(f"A common word in document number {n}.", "narration")
        doc = Document(id=f"d{n:03d}", title=f"D {n}", text=b.text, passages=b.passages,
                       source=Source(f"d{n}.txt", "text", f"{n:064x}"),
                       metadata=_metadata(access, until, after))
        doc.number_passages()
        store.replace_source(f"/agree/d{n}.txt", doc.source.sha256, [doc])
        service.on_stored([doc], [])
        docs[doc.id] = doc.metadata
    service.commit()
    yield service, docs
    service.close()
    store.close()


def _found(service, viewer: Viewer) -> set[str]:
    ids: set[str] = set()
    offset = 0
    while True:
        result = service.search("common", viewer=viewer, limit=100, offset=offset)
        ids |= {h["document_id"] for h in result["hits"]}
        offset += 100
        if offset >= result["total"]:
            return ids


_days = st.one_of(st.dates(date(1990, 1, 1), date(2040, 1, 1)),
                  st.sampled_from([date(2030, 5, 31), date(2030, 6, 1), date(2029, 12, 31), date(2030, 1, 1),
                                   date(2030, 7, 1), date(2030, 6, 30)]))


@settings(max_examples=EXAMPLES, deadline=None, database=None)
@given(role=st.sampled_from(["anonymous", "staff", "admin", "visitor"]), today=_days)
def test_fuzz_engine_access_agrees_with_visible(index, role, today):
    service, docs = index
    viewer = Viewer(role=role, today=today)
    expected = {doc_id for doc_id, meta in docs.items() if visible(meta, viewer)}
    result = service.search("common", viewer=viewer, limit=1)
    assert result["total"] == len(expected)
    assert _found(service, viewer) == expected
