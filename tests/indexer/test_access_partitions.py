"""Access partitions: what a viewer may not see never weighs on the scores, totals or facets of
what they may; privileged viewers get the merged answer; a seal that opens moves its document."""

from __future__ import annotations

from datetime import date

import pytest

from archive.access import Viewer
from archive.store import Store
from indexer import partitions
from indexer.backend import AccessFilter
from indexer.service import SearchService
from tests.indexer.sample_documents import DOCUMENTS, LOMOVA, OBITUARY, RESTRICTED, SEALED, make_doc

ENGINES = ["tantivy", "whoosh"]
TODAY = date(2026, 11, 27)
ANONYMOUS, STAFF, ADMIN = (Viewer(role=r, today=TODAY) for r in ("anonymous", "staff", "admin"))
# A restricted document sharing the public documents' words, to move their statistics if counted.
SHADOW = make_doc("shadow", "Staff notes", [
    ("turn", "Vera Lomova", "Piano piano piano: the piano and the harvest, the harvest and the piano."),
    ("turn", "Vera Lomova", "The harvest, the rain, the winter, the piano."),
], access="restricted")


def _service(engine: str, folder, docs) -> SearchService:
    store = Store(folder)
    for doc in docs:
        store.replace_source(f"/{doc.id}.txt", doc.id, [doc])
    service = SearchService(store, backend=engine)
    service.on_stored(docs, [])
    service.commit()
    return service


def _answer(result: dict) -> dict:
    result.pop("took_ms")
    return result


@pytest.fixture(scope="module", params=ENGINES)
def pair(request, tmp_path_factory):
    """The same public documents, alone and beside hidden ones that share their words."""
    base = tmp_path_factory.mktemp(f"parts-{request.param}")
    public = [LOMOVA, OBITUARY]
    alone = _service(request.param, base / "alone", public)
    beside = _service(request.param, base / "beside", public + [SHADOW, RESTRICTED, SEALED])
    yield alone, beside
    for s in (alone, beside):
        s.close()
        s.store.close()


@pytest.mark.parametrize("q", ["piano", "harvest", "piano harvest", '"the piano"', "harvest OR rain",
                               "speaker:Lomova piano", "samovar"])
def test_anonymous_answers_and_scores_ignore_hidden_documents(pair, q):
    alone, beside = pair
    assert _answer(alone.search(q, viewer=ANONYMOUS)) == _answer(beside.search(q, viewer=ANONYMOUS))


def test_hidden_words_do_not_steer_the_misquote_finder(pair):
    alone, beside = pair
    q = "my mother made us keep the piano tuned in winter"
    assert _answer(alone.quote(q, viewer=ANONYMOUS)) == _answer(beside.quote(q, viewer=ANONYMOUS))
    anonymous, staff = (AccessFilter.for_viewer(v.levels, v.today) for v in (ANONYMOUS, STAFF))
    assert beside.backend.doc_freq("samovar", anonymous) == 0
    assert beside.backend.doc_freq("samovar", staff) == 1
    assert beside.backend.doc_freq("samovar") == 2


def test_staff_and_admins_get_every_partition_merged(pair):
    _, beside = pair
    staff = beside.search("piano", viewer=STAFF, limit=100)
    assert {h["document_id"] for h in staff["hits"]} == {"lomova-1998", "obituary", "shadow"}
    scores = [h["score"] for h in staff["hits"]]
    assert scores == sorted(scores, reverse=True)
    assert staff["total"] == len(staff["hits"])
    assert staff["facets"]["document"]["shadow"] == 2
    samovar = beside.search("samovar", viewer=ADMIN)
    assert {h["document_id"] for h in samovar["hits"]} == {"restricted-notes", "sealed-letters"}
    assert samovar["facets"]["document"] == {"restricted-notes": 1, "sealed-letters": 1}
    # Pages of a merged answer join up to the whole answer.
    pages = [h["passage_id"] for o in range(0, staff["total"], 2)
             for h in beside.search("piano", viewer=STAFF, limit=2, offset=o)["hits"]]
    assert pages == [h["passage_id"] for h in staff["hits"]]


def test_each_document_lives_in_the_partition_of_its_access(pair):
    _, beside = pair
    where = {d.id: [p for p in partitions.PARTS if beside.backend.holds(p, d.id)]
             for d in (LOMOVA, SHADOW, RESTRICTED, SEALED)}
    assert where == {"lomova-1998": ["public"], "shadow": ["restricted"],
                     "restricted-notes": ["restricted"], "sealed-letters": ["sealed"]}


@pytest.mark.parametrize("engine", ENGINES)
def test_an_opened_seal_moves_its_document_to_the_public_partition(engine, tmp_path, monkeypatch):
    monkeypatch.setattr(partitions, "today", lambda: 20291231)
    service = _service(engine, tmp_path / "a", DOCUMENTS)
    assert service.backend.holds("sealed", "sealed-letters")
    opened = Viewer(today=date(2030, 1, 1))
    assert service.search("telegram", viewer=Viewer(today=date(2029, 12, 31)))["total"] == 1  # opened-letters
    monkeypatch.setattr(partitions, "today", lambda: 20300101)
    found = service.search("telegram", viewer=opened)
    assert {h["document_id"] for h in found["hits"]} == {"opened-letters", "sealed-letters"}
    assert service.backend.holds("public", "sealed-letters")
    assert not service.backend.holds("sealed", "sealed-letters")
    assert service.move_opened_seals() == []  # nothing more to move until the next seal's date
    # Now scored exactly as in an archive where it was always public.
    always = _service(engine, tmp_path / "b", DOCUMENTS)
    assert _answer(always.search("telegram samovar", viewer=opened)) == _answer(
        service.search("telegram samovar", viewer=opened))
    for s in (service, always):
        s.close()
        s.store.close()


@pytest.mark.parametrize("engine", ENGINES)
def test_merged_facets_count_values_outside_a_partitions_top_list(engine, tmp_path):
    # 25 public speakers with two "harvest" turns each fill the public top 20; Zed has one public
    # turn (outside that list) and five restricted ones: staff must see Zed's whole count, 6.
    crowd = make_doc("crowd", "Many voices", [("turn", f"Speaker {n:02}", f"The harvest, said {n}.")
                                               for n in range(25) for _ in range(2)])
    zed_public = make_doc("zed-public", "Zed", [("turn", "Zed", "The harvest came late.")])
    zed_hidden = make_doc("zed-hidden", "Zed, staff notes", [("turn", "Zed", f"Harvest note {n}.")
                                                              for n in range(5)], access="restricted")
    service = _service(engine, tmp_path, [crowd, zed_public, zed_hidden])
    try:
        staff = service.search("harvest", viewer=STAFF)["facets"]["speaker"]
        anonymous = service.search("harvest", viewer=ANONYMOUS)["facets"]["speaker"]
    finally:
        service.close()
        service.store.close()
    assert list(staff.items())[0] == ("Zed", 6) and len(staff) == 20
    assert "Zed" not in anonymous and len(anonymous) == 20
