"""What the CLI and the web app share: one archive folder, its store and its search service."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from archive.access import Viewer
from archive.store import Store
from indexer import engines

DEFAULT_ARCHIVE = "./oral-archive-data"
BACKENDS = engines.NAMES


@dataclass
class Settings:
    archive: Path = field(default_factory=lambda: Path(os.environ.get("ORAL_ARCHIVE_DIR", DEFAULT_ARCHIVE)))
    backend: str = field(default_factory=lambda: os.environ.get("ORAL_ARCHIVE_BACKEND", engines.DEFAULT))
    es_url: str | None = field(default_factory=lambda: os.environ.get("ORAL_ARCHIVE_ES_URL"))
    # Whose view the CLI shows. Whoever can run it can read archive.db, so admin by default;
    # the web app never uses this (it asks webapp.auth for the signed-in viewer).
    viewer_role: str = "admin"


class Context:
    """Opens the store and the search service lazily, once."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._store: Store | None = None
        self._search = None

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store(self.settings.archive)
        return self._store

    @property
    def viewer(self) -> Viewer:
        return Viewer(role=self.settings.viewer_role)

    @property
    def search(self):
        """The indexer's SearchService over this archive (imported late: start-up stays fast)."""
        if self._search is None:
            from indexer.service import SearchService

            self._search = SearchService(self.store, backend=self.settings.backend,
                                         es_url=self.settings.es_url)
        return self._search

    def close(self) -> None:
        if self._search is not None:
            self._search.close()
        if self._store is not None:
            self._store.close()
