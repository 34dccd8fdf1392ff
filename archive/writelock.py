"""One writer at a time per archive folder: ``ingest``, ``access``, ``remove``, ``reindex`` and
the search index's own repairs take this lock before writing anything, so that two of them queue
(or one gives up with a message naming the other) instead of failing half-way on a database or
index lock. The lock is the operating system's (``filelock``): a writer killed with ``kill -9``
lets go of it with its process."""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from archive.errors import ArchiveError

LOCK_NAME = "writer.lock"
HOLDER_NAME = "writer.holder"


class WriterBusy(ArchiveError):
    """Another process is writing this archive and did not finish in the time allowed."""


class WriterLock:
    """The archive folder's writer lock; reentrant within a process (``for_folder`` gives every
    caller in a process the same one, so the CLI and the search service share it)."""

    def __init__(self, folder: Path):
        self.folder = folder
        # Not thread-local: the web app's threads take turns through one service.
        self._lock = FileLock(folder / LOCK_NAME, thread_local=False)

    @property
    def held(self) -> bool:
        return self._lock.is_locked

    def acquire(self, wait: float | None, what: str) -> bool:
        """Take the lock, waiting up to ``wait`` seconds (None: as long as it takes; 0: try once);
        False when another process still holds it."""
        self.folder.mkdir(parents=True, exist_ok=True)
        first = not self._lock.is_locked
        try:
            self._lock.acquire(timeout=-1 if wait is None else wait)
        except Timeout:
            return False
        if first:
            (self.folder / HOLDER_NAME).write_text(json.dumps(
                {"pid": os.getpid(), "what": what, "since": time.strftime("%Y-%m-%d %H:%M:%S"),
                 "command": " ".join(sys.argv[:3])}), encoding="utf-8")
        return True

    def release(self) -> None:
        if self._lock.is_locked:
            self._lock.release()

    def holder(self) -> str:
        """Who holds (or last held) the lock, for messages."""
        try:
            info = json.loads((self.folder / HOLDER_NAME).read_text(encoding="utf-8"))
            return f"{info['what']} (process {info['pid']}, since {info['since']})"
        except (OSError, ValueError, KeyError, TypeError):
            return "another process"

    @contextmanager
    def holding(self, wait: float | None, what: str) -> Iterator[None]:
        """The lock for the duration of a block; WriterBusy, before anything is written, when
        another writer keeps it longer than ``wait`` seconds."""
        if not self.acquire(wait, what):
            raise WriterBusy(f"{self.folder}: another writer is at work: {self.holder()}; "
                             f"gave up after {wait:g} s (try again when it has finished)")
        try:
            yield
        finally:
            self.release()


_LOCKS: dict[Path, WriterLock] = {}


def for_folder(folder: str | Path) -> WriterLock:
    """This process's lock of the archive at ``folder``."""
    key = Path(folder).resolve()
    if key not in _LOCKS:
        _LOCKS[key] = WriterLock(key)
    return _LOCKS[key]
