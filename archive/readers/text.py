"""The reader for plain text and Markdown: decodes, sniffs the shape, and hands over to the right parser.

Shapes, checked in order: a Spacelog mission transcript, a volume of many interviews,
a transcript with speaker labels, and otherwise prose (an article, an obituary, a memoir).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from archive.errors import ReaderError
from archive.model import Document, Metadata, Source, Speaker
from archive.readers import _turns, article, encoding, spacelog, transcript, volume
from archive.readers._build import TextBuilder
from archive.readers._fields import add as add_field
from archive.readers._fields import field_for, key_value

MARKDOWN_FORMATS = ("markdown",)
PERSON_FIELDS = ("interviewee", "interviewer", "author")


def _format(path: Path) -> str:
    return "markdown" if path.suffix.lower() in (".md", ".markdown") else "text"


def read(path: Path) -> Iterator[Document]:
    """The documents in a .txt/.md file; ReaderError (naming the file) when it cannot be read."""
    path = Path(path)
    fmt = _format(path)
    lines = encoding.read_text(path).split("\n")
    if fmt == "text" and spacelog.sniff(lines, path):
        yield from spacelog.read_lines(lines, path, fmt)
        return
    sections = volume.gaps(lines) if fmt == "text" else []
    if volume.sniff(lines, sections):
        yield from volume.read_lines(lines, path, fmt, sections)
    else:
        yield read_lines(lines, path, fmt)


def header(lines: list[str]) -> tuple[dict, int]:
    """Leading ``Key: value`` metadata lines (``Interviewee: Vera Lomova``): values and lines used.

    Markdown front matter between ``---`` lines counts too; there, unknown keys are kept as well.
    """
    values: dict = {}
    n = 0
    while n < len(lines) and not lines[n].strip():
        n += 1
    if n < len(lines) and lines[n].strip() == "---":
        return front_matter(lines, n)
    start = n
    end = n
    while end < len(lines) and lines[end].strip():
        end += 1
    block = lines[start:end]
    # A person line that does not read like a name ("Interviewee: Person 9") still belongs to
    # the block when another line is plainly metadata; dropping the block would drop its
    # "Access: restricted" line with it and open the document to everyone.
    plain = any((kv := key_value(line)) is not None and kv[0] not in PERSON_FIELDS for line in block)
    for line in block:
        kv = key_value(line, names_checked=not plain)
        if kv is None:  # the first paragraph mixes metadata and text: no header
            return {}, 0
        name, value = kv
        # "Interviewer: So where were you born?" is the first question, not a header.
        if name in PERSON_FIELDS and (value.rstrip()[-1:] in "?.!" or len(value.split()) > 8):
            return {}, 0
        add_field(values, name, value)
    return (values, end) if end > start else ({}, 0)


def front_matter(lines: list[str], start: int) -> tuple[dict, int]:
    """``---`` / ``key: value`` lines / ``---`` at the top of a Markdown file."""
    values: dict = {}
    for n in range(start + 1, min(len(lines), start + 200)):
        line = lines[n]
        if line.strip() in ("---", "..."):
            return values, n + 1
        key, sep, value = line.partition(":")
        value = value.strip().strip("\"'")
        if sep and value and not line[:1].isspace():
            name = field_for(key) or key.strip().lower()
            add_field(values, name, value)
    return {}, 0  # no closing line: a thematic break, not front matter


def read_lines(lines: list[str], path: Path, fmt: str) -> Document:
    """One document from a transcript with speaker labels, or from prose."""
    markdown = fmt in MARKDOWN_FORMATS
    builder = TextBuilder()
    values, used = header(lines)
    for line in lines[:used]:
        if line.strip() not in ("---", "..."):
            builder.add(line, "metadata")
    found = transcript.blocks(lines[used:], markdown=markdown, first_line=used + 1)
    if not found and not builder.passages:
        raise ReaderError(path, "no text found")
    clean = transcript.strip_emphasis if markdown else None
    if transcript.looks_like_transcript(found):
        labels = transcript.speaker_labels(found)
        transcript.unlabel(found, labels)
        heading = transcript.build(found, builder, clean=clean)
        kind = "transcript"
    else:
        transcript.unlabel(found, set())
        found = article.strip_leftovers(found)
        if clean is not None:
            for b in found:
                b.lines = [clean(ln) for ln in b.lines]
        heading = article.build(found, builder)
        kind = "article"
    if not builder.passages:
        raise ReaderError(path, "no text found (only page furniture such as share buttons)")
    metadata = Metadata()
    title = values.pop("title", None) or heading or _title_from_name(path)
    metadata.update(values)
    labels = dict.fromkeys(p.label for p in builder.passages if p.label)  # in order of first turn
    speakers = [Speaker(label=label, role=_turns.role_for(label)) for label in labels]
    return Document(id="", title=title, text=builder.text, source=Source(path.name, fmt),
                    metadata=metadata, speakers=speakers, passages=builder.passages, kind=kind)


def _title_from_name(path: Path) -> str:
    return re.sub(r"[_-]+", " ", path.stem).strip() or path.name
