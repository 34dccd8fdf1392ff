"""What the CLI and the web app share: one archive folder, its store and its search service."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from archive.access import Viewer
from archive.errors import BadParameter
from archive.store import Store
from indexer import engines

DEFAULT_ARCHIVE = "./oral-archive-data"
BACKENDS = engines.NAMES


@dataclass
class Settings:
    archive: Path = field(default_factory=lambda: Path(os.environ.get("ORAL_ARCHIVE_DIR", DEFAULT_ARCHIVE)))
    backend: str = field(default_factory=lambda: os.environ.get("ORAL_ARCHIVE_BACKEND", engines.DEFAULT))
    es_url: str | None = field(default_factory=lambda: os.environ.get("ORAL_ARCHIVE_ES_URL"))
    # Where the web app is served (``https://archive.example.org``): permalinks, canonical links and
    # citation tags use it and never the Host header a request came with.
    base_url: str | None = field(default_factory=lambda: os.environ.get("ORAL_ARCHIVE_BASE_URL") or None)
    # Host names the web app answers to (besides the base URL's and the local ones); others get 400.
    trusted_hosts: list[str] = field(
        default_factory=lambda: _names(os.environ.get("ORAL_ARCHIVE_TRUSTED_HOSTS")))
    # How many proxies in front of the app to trust for X-Forwarded-For/-Proto (0: none).
    proxies: int = field(default_factory=lambda: _count("ORAL_ARCHIVE_PROXIES"))
    # Whose view the CLI shows. Whoever can run it can read archive.db, so admin by default;
    # the web app never uses this (it asks webapp.auth for the signed-in viewer).
    viewer_role: str = "admin"


def _names(value: str | None) -> list[str]:
    return [name.strip() for name in (value or "").split(",") if name.strip()]


def _count(variable: str) -> int:
    raw = os.environ.get(variable, "").strip() or "0"
    if not raw.isdigit() or int(raw) > 10:
        raise BadParameter(variable, f"a whole number of proxies from 0 to 10, not {raw!r}")
    return int(raw)


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
