"""Index upkeep: obsolete files are collected, a crash while indexing harms neither the archive
nor the index last committed, and ``reindex`` repairs a damaged index."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from archive.access import Viewer
from archive.errors import ArchiveError
from archive.store import Store
from indexer.service import SearchService
from tests.indexer.sample_documents import DOCUMENTS, LOMOVA

ROOT = Path(__file__).resolve().parents[2]
ADMIN = Viewer(role="admin")


@pytest.fixture(params=["tantivy", "whoosh"])
def service(request, tmp_path):
    store = Store(tmp_path / "archive")
    for doc in DOCUMENTS:
        store.replace_source(f"/{doc.id}.txt", doc.id, [doc])
    s = SearchService(store, backend=request.param)
    s.on_stored(DOCUMENTS, [])
    s.commit()
    yield s
    s.close()
    store.close()


def _files(folder: Path) -> int:
    return sum(1 for p in folder.rglob("*") if p.is_file())


def test_obsolete_index_files_are_collected(service):
    folder = service.folder / service.engine
    for _ in range(3):
        service.on_stored([LOMOVA], [])
        service.commit()
    early = _files(folder)
    for _ in range(6):
        service.on_stored([LOMOVA], [])
        service.commit()
    assert _files(folder) <= early + 4  # bounded: not one more segment per commit
    assert service.search("piano", viewer=ADMIN)["total"] == 3


def test_reindex_leaves_one_generation(service):
    service.reindex()
    service.reindex()
    engine = service.folder / service.engine
    assert sorted(p.name for p in engine.iterdir()) == ["public", "restricted", "sealed"]
    for folder in engine.iterdir():  # one generation per access partition
        generations = [p.name for p in folder.iterdir() if p.is_dir()]
        assert len(generations) == 1
        assert (folder / "CURRENT").read_text() == generations[0]
    assert service.search("piano", viewer=ADMIN)["total"] == 3


def test_a_damaged_index_is_reported_and_reindex_repairs_it(tmp_path):
    store = Store(tmp_path / "archive")
    for doc in DOCUMENTS:
        store.replace_source(f"/{doc.id}.txt", doc.id, [doc])
    service = SearchService(store)
    service.on_stored(DOCUMENTS, [])
    service.close()
    generation = next(p for p in (store.folder / "index" / "tantivy" / "public").iterdir() if p.is_dir())
    (generation / "meta.json").write_text("{ not json")
    broken = SearchService(store)
    with pytest.raises(ArchiveError, match="reindex"):
        broken.search("piano")
    report = broken.reindex()
    assert report["passages"] == sum(len(d.passages) for d in DOCUMENTS)
    assert broken.search("piano", viewer=ADMIN)["total"] == 3
    broken.close()
    assert store.integrity_ok()
    store.close()


def test_a_crash_while_indexing_harms_nothing(tmp_path):
    store = Store(tmp_path / "archive")
    for doc in DOCUMENTS:
        store.replace_source(f"/{doc.id}.txt", doc.id, [doc])
    service = SearchService(store)
    service.on_stored(DOCUMENTS[:1], [])
    service.close()
    # Another process stores and indexes the rest, then dies before committing the index.
    script = textwrap.dedent(f"""
        import os, sys
        sys.path.insert(0, {str(ROOT)!r})
        from archive.store import Store
        from indexer.service import SearchService
        from tests.indexer.sample_documents import DOCUMENTS
        store = Store({str(store.folder)!r})
        service = SearchService(store)
        service.on_stored(DOCUMENTS[1:], [])
        os._exit(9)
    """)
    assert subprocess.run([sys.executable, "-c", script], timeout=60).returncode == 9
    assert store.integrity_ok() and store.count()[0] == len(DOCUMENTS)
    after = SearchService(store)
    # The last commit was intact, and the first search brings the index up to the archive:
    # the dead writer's lock does not block the repair.
    assert after.search("piano", viewer=ADMIN)["total"] == 3
    after.on_stored(DOCUMENTS[1:2], [])
    after.commit()
    assert after.search("piano", viewer=ADMIN)["total"] == 3
    after.reindex()
    assert after.search("samovar OR telegram", viewer=ADMIN)["total"] == 3
    after.close()
    store.close()


def test_reindex_with_worker_processes_indexes_the_same(tmp_path, monkeypatch):
    from indexer import rebuild

    store = Store(tmp_path / "archive")
    for doc in DOCUMENTS:
        store.replace_source(f"/{doc.id}.txt", doc.id, [doc])
    service = SearchService(store)
    serial = service.reindex(workers=1)
    before = service.search("harvest OR piano OR telegram", limit=100, viewer=ADMIN)
    monkeypatch.setattr(rebuild, "PARALLEL_FROM", 1)
    monkeypatch.setattr(rebuild, "BATCH", 2)
    parallel = service.reindex(workers=2)
    after = service.search("harvest OR piano OR telegram", limit=100, viewer=ADMIN)
    assert {k: parallel[k] for k in ("documents", "passages", "bytes")} == \
        {k: serial[k] for k in ("documents", "passages", "bytes")}
    assert {h["passage_id"] for h in after["hits"]} == {h["passage_id"] for h in before["hits"]}
    assert after["total"] == before["total"] > 30
    service.close()
    store.close()


def test_an_index_from_before_access_partitions_asks_for_reindex(tmp_path):
    store = Store(tmp_path / "archive")
    for doc in DOCUMENTS:
        store.replace_source(f"/{doc.id}.txt", doc.id, [doc])
    legacy = store.folder / "index" / "tantivy"
    (legacy / "g1").mkdir(parents=True)
    (legacy / "CURRENT").write_text("g1")  # one index of every passage, hidden ones included
    service = SearchService(store)
    with pytest.raises(ArchiveError, match="reindex"):
        service.search("piano")
    service.reindex()
    assert sorted(p.name for p in legacy.iterdir()) == ["public", "restricted", "sealed"]
    assert service.search("piano", viewer=ADMIN)["total"] == 3
    service.close()
    store.close()
