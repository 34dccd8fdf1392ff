"""Shared fixtures: the real corpus (skipped with a reason when absent) and fresh archives."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPUS = Path(os.environ.get("ORAL_ARCHIVE_CORPUS", ROOT.parent / "shared" / "corpus"))
IN_CI = bool(os.environ.get("CI"))

# CI runs the same examples every time, so that a red run can be re-run and a green one means
# what it says; developers keep hypothesis's random search.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if IN_CI:
    settings.load_profile("ci")


def missing(reason: str) -> None:
    """Skip a test whose set-up is absent on a developer's machine; under CI=true, where a skip
    would hide a broken set-up (no shared corpus, no Chromium), fail instead."""
    if IN_CI:
        pytest.fail(f"CI set-up incomplete: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The shared real-text corpus, read in place and never copied into the project."""
    if not CORPUS.is_dir():
        missing(f"shared corpus not found at {CORPUS}; set ORAL_ARCHIVE_CORPUS to its folder")
    return CORPUS


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def store(tmp_path):
    from archive.store import Store

    s = Store(tmp_path / "archive")
    yield s
    s.close()


@pytest.fixture(scope="session")
def corpus_archive(corpus, tmp_path_factory):
    """The whole shared corpus ingested and indexed once per test run (tantivy)."""
    from archive.ingest import ingest
    from archive.store import Store
    from indexer.service import SearchService

    folder = tmp_path_factory.mktemp("corpus-archive")
    store = Store(folder)
    service = SearchService(store, backend="tantivy")
    report = ingest(store, [corpus], on_stored=service.on_stored)
    service.commit()
    yield store, service, report
    service.close()
    store.close()
