"""JSON Lines of articles (``title``, ``text``, ``date``, ``url``, anything else kept): one document a line.

A bad line does not cost the good ones: they are read, and every document of the file
records the lines skipped (``metadata.skipped_lines``, "file:line: problem") so that the
archivist sees them in ``show``; only a file with no good line at all is a ReaderError.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from archive.errors import ReaderError
from archive.model import Document, Metadata, Source
from archive.readers import _fields
from archive.readers._build import TextBuilder
from archive.readers.encoding import read_text

log = logging.getLogger(__name__)
PARAGRAPHS = re.compile(r"\n\s*\n")
# Keys that are the document itself, not metadata.
BODY_KEYS = {"text", "body", "content", "title", "headline", "id"}


def read(path: Path) -> Iterator[Document]:
    docs: list[Document] = []
    skipped: list[str] = []
    for number, line in enumerate(read_text(path).split("\n"), 1):
        if not line.strip():
            continue
        try:
            docs.append(article(json.loads(line), path))
        except json.JSONDecodeError as exc:
            skipped.append(f"{path.name}:{number}: not valid JSON ({exc.msg}, column {exc.colno})")
        except ReaderError as exc:
            skipped.append(f"{path.name}:{number}: {exc.problem}")
    if not docs:
        first = skipped[0].split(": ", 1)[1] if skipped else "no JSON lines found"
        line = int(skipped[0].split(":")[1]) if skipped else None
        more = f" (and {len(skipped) - 1} more bad lines)" if len(skipped) > 1 else ""
        raise ReaderError(path, first + more, line=line)
    for message in skipped:
        log.warning("skipped %s", message)
    for doc in docs:
        if skipped:
            doc.metadata.extra["skipped_lines"] = list(skipped)
        yield doc


def article(data: Any, path: Path) -> Document:
    """One JSON object as a document: paragraphs of ``text`` are the passages."""
    if not isinstance(data, dict):
        raise ReaderError(path, f"expected a JSON object, got {type(data).__name__}")
    body = data.get("text") or data.get("body") or data.get("content")
    if not isinstance(body, str) or not body.strip():
        raise ReaderError(path, "no \"text\" in this object")
    builder = TextBuilder()
    for paragraph in PARAGRAPHS.split(body.replace("\r\n", "\n")):
        builder.add(re.sub(r"[ \t]+\n", "\n", paragraph), "narration")
    values: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, value in data.items():
        if key in BODY_KEYS or value in (None, "", []):
            continue
        name = _fields.field_for(key) or ("author" if key in ("authors", "byline") else None)
        if name and isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)  # "date": 2019
        if name and isinstance(value, str) and name != "title":
            _fields.add(values, name, value)
        elif name in ("author", "keywords") and isinstance(value, list):
            values[name] = [str(v) for v in value]
        else:
            extra[key] = value
    meta = Metadata()
    meta.update(values)
    meta.extra.update(extra)
    title = data.get("title") or data.get("headline") or builder.text.split("\n", 1)[0][:80]
    return Document(id=str(data.get("id") or ""), title=str(title).strip(), text=builder.text,
                    source=Source(path.name, "jsonl"), metadata=meta, passages=builder.passages,
                    kind="article")
