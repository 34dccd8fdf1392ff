"""The archive's schema, moved forward by numbered migrations recorded in ``PRAGMA user_version``."""

from __future__ import annotations

import sqlite3

MIGRATIONS: list[str] = [
    # 1: documents, their passages, and the source files they came from
    """
    CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        kind TEXT NOT NULL,
        source_path TEXT NOT NULL,
        source_filename TEXT NOT NULL,
        format TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        access TEXT NOT NULL DEFAULT 'public',
        metadata TEXT NOT NULL,
        speakers TEXT NOT NULL,
        segments TEXT NOT NULL,
        text TEXT NOT NULL,
        passage_count INTEGER NOT NULL,
        ingested_at REAL NOT NULL
    );
    CREATE INDEX documents_source ON documents(source_path);
    CREATE TABLE passages (
        id TEXT PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        n INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        kind TEXT NOT NULL,
        speaker TEXT,
        data TEXT NOT NULL
    );
    CREATE INDEX passages_document ON passages(document_id, n);
    CREATE TABLE sources (
        path TEXT PRIMARY KEY,
        sha256 TEXT NOT NULL,
        ingested_at REAL NOT NULL
    );
    """,
    # 2: staff accounts (archive.store.users); passwords only as salted hashes
    """
    CREATE TABLE users (
        name TEXT PRIMARY KEY,
        password_hash TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('staff', 'admin')),
        created_at REAL NOT NULL
    );
    """,
    # 3: sign-in sessions kept on the server (archive.store.sessions), and sign-in attempts counted
    # for the whole server rather than per worker process
    """
    CREATE TABLE sessions (
        id_hash TEXT PRIMARY KEY,
        user TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
        role TEXT NOT NULL,
        stamp TEXT NOT NULL,
        created_at REAL NOT NULL,
        expires_at REAL NOT NULL
    );
    CREATE INDEX sessions_user ON sessions(user);
    CREATE TABLE login_attempts (
        key TEXT NOT NULL,
        at REAL NOT NULL
    );
    CREATE INDEX login_attempts_key ON login_attempts(key, at);
    """,
    # 4: each document's latest change by generation (what a search index may lack), and
    # the access decisions staff made, which outlast re-ingest (archive.store.tracking)
    """
    CREATE TABLE changes (
        doc_id TEXT PRIMARY KEY,
        generation INTEGER NOT NULL
    );
    CREATE INDEX changes_generation ON changes(generation);
    CREATE TABLE access_decisions (
        doc_id TEXT PRIMARY KEY,
        access TEXT NOT NULL,
        sealed_until TEXT,
        access_after TEXT NOT NULL,
        decided_at REAL NOT NULL
    );
    """,
    # 5: document_topics: what each document is about and which vocabulary (file name, SHA-256)
    # tagged it, so that reindex can re-tag what another vocabulary tagged
    """
    CREATE TABLE document_topics (
        document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        topics TEXT NOT NULL,
        vocabulary TEXT,
        vocabulary_sha256 TEXT
    );
    """,
]


def version(db: sqlite3.Connection) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def migrate(db: sqlite3.Connection) -> None:
    """Run the migrations this database has not had, each in one transaction; a second process
    migrating at the same moment waits for the lock and then finds the work done."""
    for number, script in enumerate(MIGRATIONS, start=1):
        if version(db) >= number:
            continue
        try:
            db.executescript(f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;")
        except sqlite3.Error:
            if db.in_transaction:
                db.execute("ROLLBACK")
            if version(db) >= number:  # another process ran it first
                continue
            raise
