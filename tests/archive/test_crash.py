"""``kill -9`` during ingest and during reindex: the archive stays whole and ``reindex`` restores search.

The CLI runs in its own process group (it starts reader workers) on a generated folder of many
transcripts; the test kills the whole group with SIGKILL part-way, then checks the archive.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

FILES = 360
CLI = [sys.executable, "-c", "from webapp.cli import main; main()"]


def _write_corpus(folder: Path, files: int = FILES) -> None:
    folder.mkdir()
    filler = ("We kept the piano tuned through the winter and sold the cart in spring. "
              "Nobody in the village believed the river would rise so fast that year. ") * 12
    for n in range(files):
        (folder / f"interview-{n:04d}.txt").write_text(
            f"Title: Interview {n}\n\nQ: Where were you in {1900 + n % 90}?\n\n"
            f"A: In the mill, marker{n}x. {filler}\n\nQ: And then?\n\nA: {filler} Then home, tag{n}y.\n",
            encoding="utf-8")


def _cli(archive: Path, *args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([*CLI, "--archive", str(archive), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True, **kwargs)


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=30)


def _documents(archive: Path) -> int:
    db = archive / "archive.db"
    if not db.exists():
        return 0
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return con.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            con.close()
    except sqlite3.OperationalError:  # the schema is not created yet
        return 0


def _assert_consistent(archive: Path) -> int:
    con = sqlite3.connect(archive / "archive.db")
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        half = con.execute(
            "SELECT d.id, d.passage_count, count(p.id) FROM documents d LEFT JOIN passages p"
            " ON p.document_id = d.id GROUP BY d.id HAVING d.passage_count != count(p.id)").fetchall()
        assert half == [], f"documents with missing passages: {half[:5]}"
        orphans = con.execute("SELECT count(*) FROM passages WHERE document_id NOT IN"
                              " (SELECT id FROM documents)").fetchone()[0]
        assert orphans == 0
        empty_sources = con.execute("SELECT path FROM sources WHERE path NOT IN"
                                    " (SELECT source_path FROM documents)").fetchall()
        assert empty_sources == [], f"sources recorded without their documents: {empty_sources[:5]}"
        unrecorded = con.execute("SELECT id FROM documents WHERE source_path NOT IN"
                                 " (SELECT path FROM sources)").fetchall()
        assert unrecorded == [], f"documents whose source was not recorded: {unrecorded[:5]}"
        return con.execute("SELECT count(*) FROM documents").fetchone()[0]
    finally:
        con.close()


def _kill_when(proc: subprocess.Popen, ready, timeout: float = 180.0) -> bool:
    """SIGKILL the group once ``ready()`` holds; False if the process finished first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        if ready():
            _kill_group(proc)
            return True
        time.sleep(0.01)
    _kill_group(proc)
    raise AssertionError(f"the command neither progressed nor finished in {timeout:.0f} s: "
                         f"{proc.stderr.read()[-2000:]}")


@pytest.fixture(scope="module")
def corpus_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("crash") / "files"
    _write_corpus(folder)
    return folder


@pytest.mark.parametrize("index", [False, True], ids=["archive-only", "with-index"])
def test_kill_9_during_ingest_leaves_a_consistent_archive(tmp_path, corpus_folder, index):
    archive = tmp_path / "archive"
    extra = [] if index else ["--no-index"]
    proc = _cli(archive, "ingest", "--json", *extra, str(corpus_folder))
    killed = _kill_when(proc, lambda: _documents(archive) >= 40)
    assert killed, "ingest finished before it could be killed; make the generated corpus larger"
    stored = _assert_consistent(archive)
    assert 40 <= stored < FILES

    # Ingest again: what was committed is kept (unchanged), the rest comes in, nothing fails.
    done = subprocess.run([*CLI, "--archive", str(archive), "ingest", "--json", *extra, str(corpus_folder)],
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["failures"] == []
    assert report["unchanged"] >= stored
    assert _assert_consistent(archive) == FILES


def test_kill_9_during_reindex_then_reindex_restores_search(tmp_path, corpus_folder):
    archive = tmp_path / "archive"
    done = subprocess.run([*CLI, "--archive", str(archive), "ingest", str(corpus_folder)],
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-2000:]
    index = archive / "index"
    before = set(index.rglob("*"))

    # Kill the rebuild as soon as it has started writing files of its own.
    proc = _cli(archive, "reindex")
    killed = _kill_when(proc, lambda: bool(set(index.rglob("*")) - before))
    assert killed, "reindex finished before it could be killed; make the generated corpus larger"
    _assert_consistent(archive)
    _assert_search_works(archive)  # the old index still serves after the crash

    again = subprocess.run([*CLI, "--archive", str(archive), "reindex"], capture_output=True, text=True,
                           timeout=240)
    assert again.returncode == 0, again.stderr[-2000:]
    _assert_search_works(archive)


def _assert_search_works(archive: Path) -> None:
    """Search the index on disk, in this process, as a fresh CLI or server would."""
    from archive.store import Store
    from indexer.service import SearchService

    with Store(archive) as store:
        service = SearchService(store, backend="tantivy")
        try:
            for n in (0, FILES // 2, FILES - 1):
                result = service.search(f"marker{n}x")
                assert result["total"] == 1 and result["hits"][0]["document_id"] == f"interview-{n:04d}"
            assert service.search("piano", limit=1)["total"] >= FILES
        finally:
            service.close()


HIDING_FILES = 120


def _restricted(archive: Path) -> int:
    try:
        con = sqlite3.connect(f"file:{archive / 'archive.db'}?mode=ro", uri=True, timeout=5)
        try:
            return con.execute("SELECT count(*) FROM documents WHERE access = 'restricted'").fetchone()[0]
        finally:
            con.close()
    except sqlite3.OperationalError:
        return 0


def test_kill_9_during_force_ingest_that_hides_documents_then_anonymous_search(tmp_path):
    """``ingest --force`` re-reads files that now say ``Access: restricted`` and is killed part-way,
    before it commits the index; at once, with no ``reindex``, an anonymous search and its facets
    count nothing of the documents the archive now hides, and score as an archive without them."""
    pytest.importorskip("indexer.service", reason="indexer.service (search issue) not written yet")
    from archive.access import ANONYMOUS, visible
    from archive.store import Store
    from indexer.service import SearchService

    files = tmp_path / "files"
    _write_corpus(files, HIDING_FILES)
    archive = tmp_path / "archive"
    done = subprocess.run([*CLI, "--archive", str(archive), "ingest", str(files)],
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-2000:]
    for n in range(0, HIDING_FILES, 2):  # every other interview is now restricted
        path = files / f"interview-{n:04d}.txt"
        path.write_text(path.read_text(encoding="utf-8").replace("\n\n", "\nAccess: restricted\n\n", 1),
                        encoding="utf-8")

    proc = _cli(archive, "ingest", "--force", "--json", "--workers", "1", str(files))
    killed = _kill_when(proc, lambda: _restricted(archive) >= 12)
    assert killed, "ingest finished before it could be killed; make the generated corpus larger"
    _assert_consistent(archive)

    with Store(archive) as store:
        hidden = [d.id for d in store.documents() if not visible(d.metadata, ANONYMOUS)]
        shown = [d.id for d in store.documents() if visible(d.metadata, ANONYMOUS)]
        assert 12 <= len(hidden) < HIDING_FILES // 2 and hidden[0] not in shown
        docs = [store.get(doc_id) for doc_id in shown]
        saying = sum("piano" in d.text[p.start:p.end] for d in docs for p in d.passages)
        service = SearchService(store)
        try:
            found = service.search("piano", limit=100, viewer=ANONYMOUS)
            assert found["total"] == saying
            assert not set(found["facets"]["document"]) & set(hidden)
            assert sum(found["facets"]["kind"].values()) == found["total"]
            assert all(h["document_id"] in shown for h in found["hits"])
            for doc_id in hidden[:10]:
                n = int(doc_id.rsplit("-", 1)[1])
                assert service.search(f"marker{n}x OR tag{n}y", viewer=ANONYMOUS)["total"] == 0
            scores = sorted(h["score"] for h in found["hits"])
        finally:
            service.close()

    # Scores as in an archive that never held the hidden interviews.
    reference_files = tmp_path / "reference-files"
    reference_files.mkdir()
    for doc_id in shown:
        text = (files / f"{doc_id}.txt").read_text(encoding="utf-8")
        (reference_files / f"{doc_id}.txt").write_text(text.replace("Access: restricted\n", ""),
                                                       encoding="utf-8")
    reference = tmp_path / "reference"
    done = subprocess.run([*CLI, "--archive", str(reference), "ingest", str(reference_files)],
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-2000:]
    with Store(reference) as store:
        service = SearchService(store)
        try:
            expected = service.search("piano", limit=100, viewer=ANONYMOUS)
        finally:
            service.close()
    assert expected["total"] == found["total"] and expected["facets"]["kind"] == found["facets"]["kind"]
    assert sorted(h["score"] for h in expected["hits"]) == scores
