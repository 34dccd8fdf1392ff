"""What a request needs from the archive, shared by pages and API: visible documents, search, quotes.

One store and one search service serve every server thread; the store's SQLite connection is
opened with ``check_same_thread=False`` and only read here, and calls into the search service
are serialised because its engines make no promise about concurrent use.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from flask import current_app

from archive.access import Viewer, visible
from archive.errors import BadParameter
from archive.model import Document, Passage
from archive.store import DocumentSummary, sessions, users
from webapp.context import Context, Settings

MAX_HIT_TEXT = 2000  # characters of a passage's text in a search hit or a quotation match


class Services:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.context = Context(settings)
        self._lock = threading.RLock()
        self._borrowed = False

    def use(self, store, search) -> None:
        """Serve a store and search service opened elsewhere (a test fixture's, a benchmark's);
        their owner closes them."""
        self.context._store, self.context._search = store, search
        self._borrowed = True

    def document(self, doc_id: str, viewer: Viewer) -> Document | None:
        """The document, or None when it does not exist or this viewer may not see it.

        Access is decided on the metadata alone before the text and passages are read, so that
        a hidden document answers as fast as an unknown id, however large it is."""
        with self._lock:
            meta = self.context.store.metadata(doc_id)
            if meta is None or not visible(meta, viewer):
                return None
            doc = self.context.store.get(doc_id)
        if doc is None or not visible(doc.metadata, viewer):
            return None
        return doc

    def documents(self, viewer: Viewer) -> list[DocumentSummary]:
        with self._lock:
            docs = self.context.store.documents()
        return [d for d in docs if visible(d.metadata, viewer)]

    def search(self, q: str, viewer: Viewer, **filters: Any) -> dict[str, Any]:
        with self._lock:
            result = self.context.search.search(q, viewer=viewer, **filters)
        for hit in result.get("hits", []):
            _cap(hit, "text")
        return result

    def quote(self, text: str, viewer: Viewer, limit: int = 5) -> dict[str, Any]:
        with self._lock:
            result = self.context.search.quote(text, limit=limit, viewer=viewer)
        for match in result.get("matches", []):
            _cap(match, "text")
            for op in match.get("diff") or []:
                _cap(op, "original")
                _cap(op, "query")
            _cap(match, "diff_text", 3 * MAX_HIT_TEXT)
        return result

    def word_ranges(self, passages: list[Passage], text: str, q: str) -> list[tuple[int, int]]:
        """Where the query's words and phrases occur in these passages of a document's ``text``
        (the search highlighter's spans); a query that does not parse marks nothing."""
        from indexer import highlight, query

        try:
            wanted = query.parse(q).positive
        except BadParameter:
            return []
        spans: list[tuple[int, int]] = []
        for p in passages:
            spans.extend(highlight.spans(text[p.start:p.end], p.start, wanted))
        return spans

    def account(self, name: str, password: str | None = None) -> users.User | None:
        """The staff account ``name``; with ``password``, only when it matches."""
        with self._lock:
            if password is None:
                return users.get(self.context.store, name)
            return users.check(self.context.store, name, password)

    # -- sign-in: sessions and attempts live in the archive, shared by every server process --

    def start_session(self, user: users.User) -> str:
        with self._lock:
            return sessions.start(self.context.store, user)

    def session_user(self, session_id: str) -> users.User | None:
        with self._lock:
            return sessions.user(self.context.store, session_id)

    def end_session(self, session_id: str) -> None:
        with self._lock:
            sessions.end(self.context.store, session_id)

    def count_attempt(self, key: str, window: float, limit: int) -> bool:
        """Count a sign-in attempt for ``key``; False when ``limit`` were made in the last ``window`` s."""
        with self._lock:
            return self.context.store.count_attempt(key, time.time() - window, limit)

    def clear_attempts(self, key: str) -> None:
        with self._lock:
            self.context.store.clear_attempts(key)

    def close(self) -> None:
        with self._lock:
            if not self._borrowed:
                self.context.close()


def _cap(item: dict[str, Any], key: str, limit: int | None = None) -> None:
    """Cut ``item[key]`` to ``limit`` characters (default ``MAX_HIT_TEXT``), saying so in ``<key>_cut``."""
    limit = limit or MAX_HIT_TEXT
    value = item.get(key)
    if isinstance(value, str) and len(value) > limit:
        item[key] = value[:limit] + "…"
        item[f"{key}_cut"] = len(value) - limit


def services() -> Services:
    return current_app.extensions["oral_archive"]
