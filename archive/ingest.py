"""Bulk ingest: files and folders in, documents in the archive, one transaction per file.

Reading and tagging are pure functions of a file, so they run in worker processes;
only this process writes to the store. A file that fails is reported and skipped;
nothing already archived is touched by it.
"""

from __future__ import annotations

import gc
import hashlib
import itertools
import os
import re
import time
import unicodedata
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archive import readers, sidecar
from archive.access import Decision
from archive.errors import ArchiveError, ReaderError
from archive.model import Document, Source
from archive.store import Store, encode_tags
from archive.tagging import pipeline
from archive.tagging import vocabulary as vocabularies

# Called after each file is committed: (documents stored, ids no longer present).
OnStored = Callable[..., None]
# Runs in the reader processes on each tagged document (the search index's analysis, say), so
# that the main process, which stores and indexes one file after another, has less to do; its
# results reach ``on_stored`` as a third argument, one per document. With it, the documents
# given to ``on_stored`` come without their tags (see ``_read_file_safely``).
Prepare = Callable[[Document], Any]
# Called as each file finishes: (path, files done, files in all).
OnProgress = Callable[[Path, int, int], None]


@dataclass
class Failure:
    path: str
    message: str


@dataclass
class IngestReport:
    files: int = 0
    documents: int = 0
    passages: int = 0
    unchanged: int = 0
    bytes: int = 0
    seconds: float = 0.0
    skipped: list[str] = field(default_factory=list)  # not a document format
    ignored: list[str] = field(default_factory=list)  # README, LICENSE, hidden files... in a folder
    # Archived, with something to say: a value settled to fail closed (an unknown access level,
    # two levels that disagree), a document the reader flagged.
    warnings: list[Failure] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    # Symbolic links that lead out of the folder being ingested: never followed.
    links_skipped: list[str] = field(default_factory=list)
    # Documents whose file asks for a more open access than staff decided: the decision stays.
    access_kept: list[str] = field(default_factory=list)
    stage_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def mb_per_second(self) -> float:
        return self.bytes / 1e6 / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict:
        return {
            "files": self.files, "documents": self.documents, "passages": self.passages,
            "unchanged": self.unchanged, "bytes": self.bytes, "seconds": round(self.seconds, 3),
            "mb_per_second": round(self.mb_per_second, 2), "skipped": self.skipped,
            "ignored": self.ignored,
            "warnings": [{"path": w.path, "message": w.message} for w in self.warnings],
            "failures": [{"path": f.path, "message": f.message} for f in self.failures],
            "links_skipped": self.links_skipped,
            "access_kept": self.access_kept,
            "stage_seconds": {k: round(v, 3) for k, v in self.stage_seconds.items()},
        }


# What a folder of interviews also holds: about the files, not documents themselves. Named on
# the command line, such a file is ingested all the same.
NOT_DOCUMENTS = re.compile(r"(?i)(?:readme|licen[cs]e|copying|sources?|changelog|changes|notice)"
                           r"(?:[._-].*)?")


def discover(paths: Iterable[str | Path], outside: list[str] | None = None,
             ignored: list[str] | None = None) -> tuple[list[Path], list[str], list[Failure]]:
    """Files to ingest (folders walked in sorted order), files skipped, paths missing.

    In a folder, hidden files and ``README*``, ``LICENSE*``, ``SOURCES*``, ``CHANGELOG*`` are
    left out and listed in ``ignored``. Symbolic links inside a folder that lead out of it are
    skipped and added to ``outside``: a link to /etc/passwd in a donated folder must not put a
    system file in the archive."""
    files: list[Path] = []
    skipped: list[str] = []
    missing: list[Failure] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            candidates = []
            for p in _walk(path, outside if outside is not None else []):
                hidden = any(part.startswith(".") for part in p.relative_to(path).parts)
                if hidden or NOT_DOCUMENTS.fullmatch(p.name):
                    if ignored is not None:
                        ignored.append(str(p))
                    continue
                candidates.append(p)
        elif path.is_file():
            candidates = [path]
        else:
            missing.append(Failure(str(path), "no such file or folder"))
            continue
        for p in candidates:
            if readers.is_companion(p):
                continue
            if p.suffix.lower() in readers.REGISTRY:
                files.append(p)
            else:
                skipped.append(str(p))
    return files, skipped, missing


def _walk(folder: Path, outside: list[str]) -> list[Path]:
    """The files under ``folder`` in sorted order, without descending into
    linked folders (their files inside ``folder`` are reached anyway); links whose target is
    not inside ``folder`` go to ``outside``."""
    root = folder.resolve()
    found: list[Path] = []
    for here, dirs, names in os.walk(folder):
        for name in sorted([*dirs, *names]):
            entry = Path(here) / name
            if entry.is_symlink() and not entry.resolve().is_relative_to(root):
                outside.append(str(entry))
            elif name in names and entry.is_file():
                found.append(entry)
    return sorted(found)


def read_file(path: Path, tag: bool = True, vocabulary: vocabularies.Source | None = None
              ) -> tuple[list[Document], str, int, dict[str, float], list[str]]:
    """Read and tag one file: (documents without final ids, sha256, size, stage seconds, warnings);
    ``vocabulary`` names the topic vocabulary (default: the built-in one)."""
    t0 = time.perf_counter()
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    docs = readers.read(path)
    if not docs:
        raise ReaderError(path, "no text found")
    side = sidecar.load(path)
    t1 = time.perf_counter()
    fmt = readers.format_of(path)
    warnings: list[str] = []
    for doc in docs:
        doc.source = Source(filename=path.name, format=fmt, sha256=digest, path=str(path.resolve()))
        pipeline.prepare(doc, side, tag=tag, warnings=warnings, vocabulary=vocabulary)
    t2 = time.perf_counter()
    return docs, digest, len(data), {"read": t1 - t0, "tag": t2 - t1}, list(dict.fromkeys(warnings))


def _read_file_safely(path: Path, tag: bool, prepare: Prepare | None = None,
                      light: bool = False, vocabulary: vocabularies.Source | None = None) -> tuple | Failure:
    """What ``ingest`` gets back for one file: (documents, sha256, size, stage seconds, the
    results of ``prepare``, the passages' tags encoded for the store or None, warnings), or a
    Failure.

    With ``light``, the tags leave as the text the store keeps (``store.encode_tags``) and the
    passages' own tag lists are emptied: the tag objects, a hundred thousand for the shared
    corpus, took longer to pickle here and unpickle in the main process than to encode.
    """
    try:
        docs, digest, size, seconds, warnings = read_file(path, tag, vocabulary)
        prepared = tags = None
        if prepare is not None:
            t0 = time.perf_counter()
            prepared = [prepare(doc) for doc in docs]
            seconds["prepare"] = time.perf_counter() - t0
        if light and tag:
            tags = [[encode_tags(p) for p in doc.passages] for doc in docs]
            for doc in docs:
                for p in doc.passages:
                    if p.topics or p.entities or p.quotes:
                        p.topics, p.entities, p.quotes = [], [], []
        return docs, digest, size, seconds, prepared, tags, warnings
    except ArchiveError as exc:
        return Failure(str(path), str(exc))
    except MemoryError:
        return Failure(str(path), f"{path}: too large to read in memory")
    except Exception as exc:  # a reader bug must not cost the rest of the batch
        return Failure(str(path), f"{path}: cannot read ({type(exc).__name__}: {exc})")


@contextmanager
def _rare_collections() -> Iterator[None]:
    """Run the cyclic garbage collector rarely while ingesting.

    Ingest makes millions of small objects (passages, tags, name mentions, index rows) that
    reference counting frees on its own; at the default thresholds the collector rescanned
    every live object thousands of times, a seventh of ingest time. Objects alive before
    ingest are frozen out of its scans. Worker processes fork from here and inherit this.
    """
    old = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)
    try:
        yield
    finally:
        gc.set_threshold(*old)
        gc.unfreeze()


@_rare_collections()
def ingest(store: Store, paths: Iterable[str | Path], *, on_stored: OnStored | None = None,
           on_progress: OnProgress | None = None, workers: int | None = None,
           tag: bool = True, force: bool = False, prepare: Prepare | None = None,
           vocabulary: vocabularies.Source | None = None) -> IngestReport:
    """Ingest files and folders into ``store``; see IngestReport for what comes back. Topics
    come from ``vocabulary``, by default the archive's own (``<archive>/vocabulary.toml``,
    ``.ttl``, ``.rdf`` or ``.csv``) or else the built-in one."""
    started = time.perf_counter()
    if vocabulary is None and tag:
        vocabulary = vocabularies.for_archive(store.folder)
    report = IngestReport()
    files, report.skipped, report.failures = discover(paths, report.links_skipped, report.ignored)
    todo: list[Path] = []
    for path in files:
        resolved = str(path.resolve())
        if not force and _unchanged(store, path, resolved):
            report.unchanged += 1
        else:
            todo.append(path)
    report.files = len(files)
    stages = {"read": 0.0, "tag": 0.0, "prepare": 0.0, "store": 0.0, "index": 0.0}
    done = report.unchanged
    # Nothing here needs the tag objects once they are stored, unless on_stored reads them
    # (without prepare's results it indexes the documents themselves).
    light = on_stored is None or prepare is not None
    replaced = False  # a file archived before was stored again: its old text must leave the disk
    for path, result in _map(todo, tag, workers, prepare, light, vocabulary):
        done += 1
        if isinstance(result, Failure):
            report.failures.append(result)
        else:
            docs, digest, size, seconds, prepared, tags, warnings = result
            report.warnings.extend(Failure(str(path), w) for w in warnings)
            for k, v in seconds.items():
                stages[k] += v
            t0 = time.perf_counter()
            resolved = str(path.resolve())
            assign_ids(store, path, docs)
            asked = [Decision.of(d.metadata) for d in docs]
            replaced = replaced or store.source_sha256(resolved) is not None
            try:
                dropped = store.replace_source(resolved, fingerprint(path, digest), docs, tags)
            except Exception as exc:
                report.failures.append(Failure(str(path), f"{path}: could not store ({exc})"))
                continue
            for doc, wanted in zip(docs, asked, strict=True):
                kept = Decision.of(doc.metadata)
                if kept != wanted:
                    report.access_kept.append(
                        f"{doc.id}: the file asks for {wanted.describe()}; kept {kept.describe()} "
                        "(decided with `oral-archive access`)")
            t1 = time.perf_counter()
            stages["store"] += t1 - t0
            if on_stored is not None:
                if prepared is None:
                    on_stored(docs, dropped)
                else:
                    on_stored(docs, dropped, prepared)
            stages["index"] += time.perf_counter() - t1
            report.documents += len(docs)
            report.passages += sum(len(d.passages) for d in docs)
            for doc in docs:
                for warning in doc.metadata.extra.get("warnings", []):
                    report.warnings.append(Failure(str(path), f"{doc.id}: {warning}"))
            report.bytes += size
        if on_progress is not None:
            on_progress(path, done, len(files))
    if replaced:
        store.purge()
    report.seconds = time.perf_counter() - started
    report.stage_seconds = stages
    return report


def _unchanged(store: Store, path: Path, resolved: str) -> bool:
    known = store.source_sha256(resolved)
    if known is None:
        return False
    return fingerprint(path, hashlib.sha256(path.read_bytes()).hexdigest()) == known


def fingerprint(path: Path, digest: str) -> str:
    """The file's sha256, or with a sidecar a hash of both: editing only the sidecar re-reads the file."""
    side = sidecar.path_for(path)
    if not side.is_file():
        return digest
    return hashlib.sha256(digest.encode() + side.read_bytes()).hexdigest()


def _map(paths: list[Path], tag: bool, workers: int | None, prepare: Prepare | None,
         light: bool, vocabulary: vocabularies.Source | None = None
         ) -> Iterator[tuple[Path, tuple | Failure]]:
    """Read files in worker processes when there are several; results in input order."""
    workers = workers if workers is not None else min(os.cpu_count() or 1, 4)
    if workers <= 1 or len(paths) < 2:
        for p in paths:
            yield p, _read_file_safely(p, tag, prepare, light, vocabulary)
        return
    # Only a few files in flight: results wait in this process until stored, so submitting
    # everything at once would hold the whole corpus in memory when storing is the slow side.
    window = workers * 2
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: deque[tuple[Path, Future]] = deque()
        queue = iter(paths)
        for p in itertools.islice(queue, window):
            pending.append((p, pool.submit(_read_file_safely, p, tag, prepare, light, vocabulary)))
        while pending:
            p, fut = pending.popleft()
            try:
                result = fut.result()
            except Exception as exc:  # a worker died (out of memory, killed)
                result = Failure(str(p), f"{p}: reader process failed ({type(exc).__name__}: {exc})")
            for nxt in itertools.islice(queue, 1):
                pending.append((nxt, pool.submit(_read_file_safely, nxt, tag, prepare, light, vocabulary)))
            yield p, result


def slug(text: str, limit: int = 60) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^\w]+", "-", text.lower(), flags=re.UNICODE).strip("-_")
    return text[:limit].rstrip("-") or "document"


def assign_ids(store: Store, path: Path, docs: list[Document]) -> None:
    """Stable ids: the file's stem, plus the reader's hint when a file holds many documents."""
    base = slug(path.stem)
    resolved = str(path.resolve())
    used: set[str] = set()
    for doc in docs:
        candidate = base if len(docs) == 1 else f"{base}-{slug(doc.id or doc.title, 40)}"
        final, n = candidate, 1
        while final in used or store.id_taken(final, resolved):
            n += 1
            final = f"{candidate}-{n}"
        used.add(final)
        doc.id = final
        doc.number_passages()
