"""The SQLite archive: the source of truth, and the only module that speaks SQL.

Each source file's documents are written in one transaction, so a crash mid-file
leaves the archive as it was. The schema moves forward through numbered migrations
recorded in ``PRAGMA user_version``.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from archive.access import Decision
from archive.model import (
    Document,
    Metadata,
    Passage,
    Segment,
    Source,
    Speaker,
    passage_from_dict,
)
from archive.store import migrations, tracking
from archive.store.codec import dumps, loads, passage_json

DB_NAME = "archive.db"



@dataclass
class DocumentSummary:
    """What ``list`` shows: everything but the text and the passages."""

    id: str
    title: str
    kind: str
    source: Source
    metadata: Metadata
    speakers: list[Speaker]
    passages: int
    topics: list[str] = field(default_factory=list)  # what the document is about

    @property
    def access(self) -> str:
        return self.metadata.access

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "title": self.title, "kind": self.kind,
            "source": {"filename": self.source.filename, "format": self.source.format,
                       "sha256": self.source.sha256},
            "metadata": self.metadata.to_dict(),
            "speakers": [asdict(s) for s in self.speakers],
            "passages": self.passages,
            "topics": list(self.topics),
            "access": self.access,
        }


@dataclass
class PassageHit:
    """One passage with its text and its document's id, title and metadata (``Store.passages``)."""

    passage: Passage
    document_id: str
    title: str
    text: str  # Document.text[passage.start:passage.end]
    metadata: Metadata


class Store:
    """An archive folder holding ``archive.db``; open with ``Store(folder)``."""

    def __init__(self, folder: str | Path, *, readonly: bool = False):
        self.folder = Path(folder)
        if not readonly:
            self.folder.mkdir(parents=True, exist_ok=True)
        self.path = self.folder / DB_NAME
        uri = f"file:{self.path}?mode=ro" if readonly else f"file:{self.path}"
        self.db = sqlite3.connect(uri, uri=True, check_same_thread=False, isolation_level=None,
                                  timeout=30)
        self.db.row_factory = sqlite3.Row
        # Document id -> generation of the latest change written through this Store, so that a
        # search index fed right after each write knows which version it holds (tracking).
        self.written: dict[str, int] = {}
        self.db.execute("PRAGMA foreign_keys = ON")
        # Deleted rows are overwritten, not left in free pages: text redacted or removed later
        # must not linger in archive.db (Debian's SQLite does this by default; others do not).
        self.db.execute("PRAGMA secure_delete = ON")
        if not readonly:
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
            self.migrate()

    # -- schema -----------------------------------------------------------------

    @property
    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def migrate(self) -> None:
        migrations.migrate(self.db)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction, taken at once (``BEGIN IMMEDIATE``) so that two writers queue
        on SQLite's busy timeout instead of failing half-way; rolled back on any error."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def close(self) -> None:
        self.db.close()

    def purge(self, attempts: int = 20) -> bool:
        """Leave no copy of replaced or deleted text on disk: copy the write-ahead log into the
        database and empty it (``secure_delete`` has zeroed the old rows; without this their
        pages stay in archive.db and archive.db-wal while any other connection is open, such as
        the web app's). False when readers kept the log busy for every attempt (a tenth of a
        second apart)."""
        for _ in range(attempts):
            if not self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]:
                return True
            time.sleep(0.1)
        return False

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ------------------------------------------------------------------

    def source_sha256(self, source_path: str) -> str | None:
        row = self.db.execute("SELECT sha256 FROM sources WHERE path = ?", (source_path,)).fetchone()
        return row[0] if row else None

    def ids_for_source(self, source_path: str) -> list[str]:
        rows = self.db.execute("SELECT id FROM documents WHERE source_path = ? ORDER BY rowid",
                               (source_path,))
        return [r[0] for r in rows]

    def id_taken(self, doc_id: str, source_path: str) -> bool:
        row = self.db.execute("SELECT source_path FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return row is not None and row[0] != source_path

    def replace_source(self, source_path: str, sha256: str, docs: Iterable[Document],
                       encoded_tags: list[list[str]] | None = None) -> list[str]:
        """Store a file's documents in place of what it gave before; returns ids dropped.

        ``encoded_tags``, when given, holds ``encode_tags(p)`` for each passage of each document,
        and those are stored rather than the passages' own (empty) tag lists.
        """
        docs = list(docs)
        if encoded_tags is not None and [len(t) for t in encoded_tags] != [len(d.passages) for d in docs]:
            raise ValueError("encoded_tags must hold one string per passage of each document")
        now = time.time()
        with self.transaction():
            old = set(self.ids_for_source(source_path))
            # Staff decisions win over the file whenever they are stricter (read here, in the
            # same transaction, so that an `access` given meanwhile is never lost).
            decided = tracking.decisions(self.db, [d.id for d in docs])
            for doc in docs:
                if doc.id in decided:
                    decided[doc.id].combine(Decision.of(doc.metadata)).apply(doc.metadata)
            for i, doc in enumerate(docs):
                self._delete(doc.id)
                self._insert(doc, now, None if encoded_tags is None else encoded_tags[i])
            dropped = sorted(old - {d.id for d in docs})
            for doc_id in dropped:
                self._delete(doc_id)
            self.db.execute("INSERT OR REPLACE INTO sources(path, sha256, ingested_at) VALUES (?, ?, ?)",
                            (source_path, sha256, now))
            self._changed([d.id for d in docs] + dropped)
        return dropped

    def remove(self, doc_id: str) -> bool:
        with self.transaction():
            row = self.db.execute("SELECT source_path FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if row is None:
                return False
            self._delete(doc_id)
            # Forget the file's checksum so that ingesting it again brings the document back.
            self.db.execute("DELETE FROM sources WHERE path = ?", (row[0],))
            self._changed([doc_id])
        self.purge()
        return True

    def _changed(self, doc_ids: list[str]) -> None:
        generation = tracking.bump(self.db, doc_ids)
        if len(self.written) > 100_000:  # nobody is reading them (ingest without an index)
            self.written.clear()
        self.written.update(dict.fromkeys(doc_ids, generation))

    def generation(self) -> int:
        """The generation of the archive's latest change to any document (0: none recorded)."""
        return tracking.generation(self.db)

    def changed_since(self, generation: int) -> tuple[int, list[tuple[str, int]]]:
        """(the archive's generation, the (document id, generation) of each change after
        ``generation``), read from one snapshot."""
        self.db.execute("BEGIN")
        try:
            return tracking.generation(self.db), tracking.changed_since(self.db, generation)
        finally:
            self.db.execute("COMMIT")

    def _delete(self, doc_id: str) -> None:
        self.db.execute("DELETE FROM document_topics WHERE document_id = ?", (doc_id,))
        self.db.execute("DELETE FROM passages WHERE document_id = ?", (doc_id,))
        self.db.execute("DELETE FROM documents WHERE id = ?", (doc_id,))

    def _insert(self, doc: Document, now: float, tags: list[str] | None = None) -> None:
        self.db.execute(
            "INSERT INTO documents(id, title, kind, source_path, source_filename, format, sha256, access,"
            " metadata, speakers, segments, text, passage_count, ingested_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (doc.id, doc.title, doc.kind, doc.source.path, doc.source.filename, doc.source.format,
             doc.source.sha256, doc.metadata.access, dumps(doc.metadata.to_dict()),
             dumps([asdict(s) for s in doc.speakers]), dumps([asdict(s) for s in doc.segments]),
             doc.text, len(doc.passages), now),
        )
        self.db.executemany(
            'INSERT INTO passages(id, document_id, n, start, "end", kind, speaker, data)'
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            ((p.id, doc.id, n, p.start, p.end, p.kind, p.speaker,
              passage_json(p, None if tags is None else tags[n - 1]))
             for n, p in enumerate(doc.passages, 1)),
        )
        self._put_topics(doc)

    def _put_topics(self, doc: Document) -> None:
        vocab = doc.vocabulary or {}
        self.db.execute("INSERT OR REPLACE INTO document_topics(document_id, topics, vocabulary,"
                        " vocabulary_sha256) VALUES (?, ?, ?, ?)",
                        (doc.id, dumps(list(doc.topics)), vocab.get("name"), vocab.get("sha256")))

    def retagged(self, doc: Document) -> None:
        """Store a document's passages' tags and its topics again, after tagging it anew (with
        another vocabulary, say); its text and passage bounds are as stored."""
        with self.transaction():
            self.db.executemany("UPDATE passages SET data = ? WHERE id = ?",
                                ((passage_json(p), p.id) for p in doc.passages))
            self._put_topics(doc)

    def vocabularies(self) -> dict[str, str | None]:
        """Each document's id and the SHA-256 of the vocabulary that tagged it (None: unknown)."""
        return dict(self.db.execute(
            "SELECT d.id, t.vocabulary_sha256 FROM documents d"
            " LEFT JOIN document_topics t ON t.document_id = d.id ORDER BY d.rowid"))

    def set_metadata(self, doc_id: str, metadata: Metadata) -> bool:
        """Replace a document's metadata (access, dates...) in place; False when there is no such id."""
        with self.transaction():
            cur = self.db.execute("UPDATE documents SET metadata = ?, access = ? WHERE id = ?",
                                  (dumps(metadata.to_dict()), metadata.access, doc_id))
            if cur.rowcount > 0:
                self._changed([doc_id])
        return cur.rowcount > 0

    def set_access(self, doc_id: str, decision: Decision) -> Metadata | None:
        """Staff's access decision for a document: applied now and kept for every later ingest
        of its file. Returns the new metadata, None when there is no such id."""
        with self.transaction():
            row = self.db.execute("SELECT metadata FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if row is None:
                return None
            metadata = Metadata.from_dict(loads(row[0]))
            decision.apply(metadata)
            tracking.decide(self.db, doc_id, decision)
            self.db.execute("UPDATE documents SET metadata = ?, access = ? WHERE id = ?",
                            (dumps(metadata.to_dict()), metadata.access, doc_id))
            self._changed([doc_id])
        return metadata

    def access_decision(self, doc_id: str) -> Decision | None:
        return tracking.decisions(self.db, [doc_id]).get(doc_id)

    # -- staff accounts (archive.store.users holds the rules; these only read and write rows) --

    def user_row(self, name: str) -> sqlite3.Row | None:
        return self.db.execute("SELECT name, password_hash, role, created_at FROM users WHERE name = ?",
                               (name,)).fetchone()

    def user_rows(self) -> list[sqlite3.Row]:
        return self.db.execute("SELECT name, password_hash, role, created_at FROM users"
                               " ORDER BY name").fetchall()

    def put_user(self, name: str, password_hash: str, role: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO users(name, password_hash, role, created_at)"
                        " VALUES (?, ?, ?, ?)", (name, password_hash, role, time.time()))

    def delete_user(self, name: str) -> bool:
        return self.db.execute("DELETE FROM users WHERE name = ?", (name,)).rowcount > 0

    # -- sign-in sessions and attempts (archive.store.sessions holds the rules) --

    def put_session(self, id_hash: str, user: str, role: str, stamp: str, expires_at: float) -> None:
        with self.transaction():
            self.db.execute("DELETE FROM sessions WHERE expires_at < ?", (time.time(),))
            self.db.execute("INSERT INTO sessions(id_hash, user, role, stamp, created_at, expires_at)"
                            " VALUES (?, ?, ?, ?, ?, ?)",
                            (id_hash, user, role, stamp, time.time(), expires_at))

    def session_row(self, id_hash: str) -> sqlite3.Row | None:
        return self.db.execute("SELECT user, role, stamp, expires_at FROM sessions WHERE id_hash = ?",
                               (id_hash,)).fetchone()

    def delete_sessions(self, *, id_hash: str | None = None, user: str | None = None) -> int:
        if id_hash is not None:
            return self.db.execute("DELETE FROM sessions WHERE id_hash = ?", (id_hash,)).rowcount
        return self.db.execute("DELETE FROM sessions WHERE user = ?", (user,)).rowcount

    def count_attempt(self, key: str, since: float, limit: int) -> bool:
        """Record a sign-in attempt for ``key`` unless ``limit`` were made since ``since``; one
        transaction, so that attempts in parallel processes are counted one by one."""
        with self.transaction():
            self.db.execute("DELETE FROM login_attempts WHERE at < ?", (since,))
            made = self.db.execute("SELECT count(*) FROM login_attempts WHERE key = ? AND at >= ?",
                                   (key, since)).fetchone()[0]
            if made >= limit:
                return False
            self.db.execute("INSERT INTO login_attempts(key, at) VALUES (?, ?)", (key, time.time()))
        return True

    def clear_attempts(self, key: str) -> None:
        self.db.execute("DELETE FROM login_attempts WHERE key = ?", (key,))

    # -- reading ------------------------------------------------------------------

    def get(self, doc_id: str) -> Document | None:
        row = self.db.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            return None
        passages = [passage_from_dict(loads(r[0])) for r in self.db.execute(
            "SELECT data FROM passages WHERE document_id = ? ORDER BY n", (doc_id,))]
        doc = _document(row, passages)
        tags = self.db.execute("SELECT topics, vocabulary, vocabulary_sha256 FROM document_topics"
                               " WHERE document_id = ?", (doc_id,)).fetchone()
        if tags is not None:
            doc.topics = loads(tags[0])
            doc.vocabulary = {"name": tags[1], "sha256": tags[2]} if tags[1] else None
        return doc

    def metadata(self, doc_id: str) -> Metadata | None:
        """A document's metadata alone (what an access check needs), without its text or passages."""
        row = self.db.execute("SELECT metadata FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return Metadata.from_dict(loads(row[0])) if row is not None else None

    def documents(self) -> list[DocumentSummary]:
        rows = self.db.execute(
            "SELECT id, title, kind, source_path, source_filename, format, sha256, metadata, speakers,"
            " passage_count, t.topics FROM documents LEFT JOIN document_topics t ON t.document_id = id"
            " ORDER BY title COLLATE NOCASE, id")
        return [DocumentSummary(
            id=r["id"], title=r["title"], kind=r["kind"],
            source=Source(r["source_filename"], r["format"], r["sha256"], r["source_path"]),
            metadata=Metadata.from_dict(loads(r["metadata"])),
            speakers=[Speaker(**s) for s in loads(r["speakers"])],
            passages=r["passage_count"], topics=loads(r["topics"]) if r["topics"] else []) for r in rows]

    def iter_documents(self, batch: int = 200) -> Iterator[Document]:
        """Every document with its passages, in a stable order (for reindexing)."""
        ids = [r[0] for r in self.db.execute("SELECT id FROM documents ORDER BY rowid")]
        for doc_id in ids:
            doc = self.get(doc_id)
            if doc is not None:
                yield doc

    def passages(self, ids: list[str]) -> list[PassageHit]:
        """Passages by id (in the order asked, unknown ids left out) with their text and document,
        without building whole documents: what search hits and the misquote finder show."""
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        # Only the passages' own text: a document's whole text can be megabytes.
        rows = self.db.execute(
            f'SELECT p.id, p.data, p.document_id, substr(d.text, p.start + 1, p."end" - p.start) AS text'
            f" FROM passages p JOIN documents d ON d.id = p.document_id WHERE p.id IN ({marks})",
            ids).fetchall()
        doc_ids = sorted({r["document_id"] for r in rows})
        doc_marks = ",".join("?" * len(doc_ids))
        docs = {d["id"]: d for d in self.db.execute(
            f"SELECT id, title, metadata FROM documents WHERE id IN ({doc_marks})", doc_ids)}
        metadata = {k: Metadata.from_dict(loads(d["metadata"])) for k, d in docs.items()}
        found = {}
        for r in rows:
            p, d = passage_from_dict(loads(r["data"])), docs[r["document_id"]]
            found[r["id"]] = PassageHit(p, d["id"], d["title"], r["text"], metadata[d["id"]])
        return [found[i] for i in ids if i in found]

    def text_range(self, doc_id: str, start: int, end: int) -> str:
        """``Document.text[start:end]`` without loading the document."""
        row = self.db.execute("SELECT substr(text, ?, ?) FROM documents WHERE id = ?",
                              (start + 1, max(0, end - start), doc_id)).fetchone()
        return row[0] if row else ""

    def document_ids(self) -> list[str]:
        """Every document id, in the order documents were archived."""
        return [r[0] for r in self.db.execute("SELECT id FROM documents ORDER BY rowid")]

    def sealed(self) -> list[tuple[str, Metadata]]:
        """Documents stored as sealed, with their metadata (to see whose seal has opened)."""
        return [(r[0], Metadata.from_dict(loads(r[1]))) for r in self.db.execute(
            "SELECT id, metadata FROM documents WHERE access = 'sealed'")]

    def index_fields(self, ids: list[str]) -> dict[str, tuple[str, Metadata, list[tuple]]]:
        """What a search index needs of some documents, and nothing more: text, metadata and,
        per passage, (id, start, end, kind, speaker, topic labels). Two queries in all; building
        whole documents (entities, quotes, segments) costs as much as analysing their text."""
        marks = ",".join("?" * len(ids))
        passages: dict[str, list[tuple]] = {doc_id: [] for doc_id in ids}
        for doc_id, pid, start, end, kind, speaker, topics in self.db.execute(
                "SELECT document_id, coalesce(json_extract(data, '$.id'), ''), json_extract(data, '$.start'),"
                " json_extract(data, '$.end'), coalesce(json_extract(data, '$.kind'), 'narration'),"
                " json_extract(data, '$.speaker'), json_extract(data, '$.topics')"
                f" FROM passages WHERE document_id IN ({marks}) ORDER BY document_id, n", ids):
            passages[doc_id].append((pid, start, end, kind, speaker,
                                     loads(topics) if topics and topics != "[]" else []))
        return {doc_id: (text, Metadata.from_dict(loads(meta)), passages[doc_id])
                for doc_id, text, meta in self.db.execute(
                    f"SELECT id, text, metadata FROM documents WHERE id IN ({marks})", ids)}

    def count(self) -> tuple[int, int]:
        docs = self.db.execute("SELECT count(*) FROM documents").fetchone()[0]
        passages = self.db.execute("SELECT count(*) FROM passages").fetchone()[0]
        return docs, passages

    def integrity_ok(self) -> bool:
        return self.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _document(row: sqlite3.Row, passages: list[Passage]) -> Document:
    return Document(
        id=row["id"], title=row["title"], text=row["text"], kind=row["kind"],
        source=Source(row["source_filename"], row["format"], row["sha256"], row["source_path"]),
        metadata=Metadata.from_dict(loads(row["metadata"])),
        speakers=[Speaker(**s) for s in loads(row["speakers"])],
        segments=[Segment(**s) for s in loads(row["segments"])],
        passages=passages,
    )
