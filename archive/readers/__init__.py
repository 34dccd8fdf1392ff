"""Readers turn one file into one or more documents; one module per format.

A reader knows its format and nothing else (no database, no index). Each has the
signature ``read(path: Path) -> Iterator[Document]`` and is registered here by
file extension. Documents come back with ``id`` set to a short hint (or ""),
text and passages with offsets, metadata and speaker labels; the ingest
pipeline gives final ids, resolves speakers and tags topics.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from pathlib import Path

from archive.errors import UnsupportedFormat
from archive.model import Document

Reader = Callable[[Path], Iterator[Document]]

# extension -> (module, format name shown to users)
REGISTRY: dict[str, tuple[str, str]] = {
    ".txt": ("archive.readers.text", "text"),
    ".md": ("archive.readers.text", "markdown"),
    ".markdown": ("archive.readers.text", "markdown"),
    ".docx": ("archive.readers.docx", "docx"),
    ".vtt": ("archive.readers.captions", "webvtt"),
    ".srt": ("archive.readers.captions", "srt"),
    ".xml": ("archive.readers.ohms", "ohms"),
    ".jsonl": ("archive.readers.jsonl", "jsonl"),
}

SIDECAR_SUFFIX = ".meta.json"


def is_companion(path: Path) -> bool:
    """Files that travel beside documents but are not documents themselves."""
    name = path.name.lower()
    return name.endswith(SIDECAR_SUFFIX) or name.endswith("-meta.json") or name.startswith(".")


def format_of(path: Path) -> str:
    entry = REGISTRY.get(path.suffix.lower())
    if entry is None:
        raise UnsupportedFormat(path, f"unsupported file type {path.suffix or '(none)'!r}; "
                                f"known: {', '.join(sorted(REGISTRY))}")
    return entry[1]


def reader_for(path: Path) -> Reader:
    entry = REGISTRY.get(path.suffix.lower())
    if entry is None:
        format_of(path)  # raises with the message
    module = importlib.import_module(entry[0])
    return module.read


def read(path: Path) -> list[Document]:
    """All documents in ``path``; raises ReaderError (naming the file) when it can't."""
    return list(reader_for(path)(path))
