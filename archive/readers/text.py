"""The reader for plain text and Markdown: decodes, sniffs the shape, and hands over to the right parser.

Shapes, checked in order: a Spacelog mission transcript, a volume of many interviews,
a transcript with speaker labels, and otherwise prose (an article, an obituary, a memoir).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from archive.errors import ReaderError
from archive.model import Document, Metadata, Segment, Source, Speaker
from archive.readers import _turns, article, encoding, headers, names, spacelog, transcript, volume
from archive.readers._build import TextBuilder
from archive.readers._fields import add as add_field
from archive.readers._fields import field_for, key_value

MARKDOWN_FORMATS = ("markdown",)
PERSON_FIELDS = ("interviewee", "interviewer", "author")
ESCAPED = re.compile(r"\\([\[\]()*_#])")


def _format(path: Path) -> str:
    return "markdown" if path.suffix.lower() in (".md", ".markdown") else "text"


def read(path: Path) -> Iterator[Document]:
    """The documents in a .txt/.md file; ReaderError (naming the file) when it cannot be read."""
    path = Path(path)
    fmt = _format(path)
    text, warnings = encoding.read_text_with_warnings(path)
    for doc in _documents(text.split("\n"), path, fmt):
        for warning in warnings:
            doc.warn(warning)
        yield doc


def _documents(lines: list[str], path: Path, fmt: str) -> Iterator[Document]:
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
    """One document from a transcript with speaker labels, or from prose.

    The shared transcript parser: the text reader and the readers of other containers (PDF,
    HTML) hand it their lines. Header blocks (``headers.find``) are metadata wherever they are;
    a file with several (one per session) keeps each session's date and place with it.
    """
    markdown = fmt in MARKDOWN_FORMATS
    lines = [_clean_line(line, markdown) for line in lines]
    builder = TextBuilder()
    values, used = header(lines) if _starts_with_front_matter(lines) else ({}, 0)
    blocks = headers.find(lines, used)
    if not used and not (blocks and not any(line.strip() for line in lines[:blocks[0].start])):
        # A leading block of other keys ("Title:", "Access: restricted") is metadata too: an
        # access line dropped here would open the document to everyone.
        values, used = header(lines)
        blocks = headers.find(lines, used)
    for line in lines[:used]:
        if line.strip() not in ("---", "..."):
            builder.add(line, "metadata")
    if blocks and not values:
        values = dict(blocks[0].values)
    # The body: stretches between header blocks, each read into turns and paragraphs.
    stretches: list[tuple[headers.HeaderBlock | None, int, int]] = []
    cursor = used
    for hb in blocks:
        stretches.append((None, cursor, hb.start))
        cursor = hb.end
        stretches.append((hb, hb.start, hb.end))
    stretches.append((None, cursor, len(lines)))
    found: list[tuple[headers.HeaderBlock | None, list[transcript.Block]]] = []
    for hb, a, b in stretches:
        if hb is not None:
            found.append((hb, []))
        elif a < b:
            found.append((None, transcript.blocks(lines[a:b], markdown=markdown, first_line=a + 1)))
    body = [blk for hb, part in found if hb is None for blk in part]
    if not body and not builder.passages and not blocks:
        raise ReaderError(path, "no text found")
    clean = transcript.strip_emphasis if markdown else None
    known = _known_names(values, blocks)
    labels = transcript.speaker_labels(body, known)
    is_transcript = transcript.looks_like_transcript(body, labels, headed=bool(blocks))
    if not is_transcript:
        labels = set()
    transcript.unlabel(body, labels)
    sessions: list[dict] = []
    heading = None
    state = transcript.BuildState()
    for hb, part in found:
        if hb is not None:
            start = len(builder) + (2 if builder.passages else 0)
            for i in hb.lines:
                builder.add(lines[i], "metadata")
            sessions.append({"values": hb.values, "start": start})
            state.reset()
            continue
        if is_transcript:
            first = transcript.build(part, builder, clean=clean, state=state)
        else:
            part = article.strip_leftovers(part)
            if clean is not None:
                for blk in part:
                    blk.lines = [clean(ln) for ln in blk.lines]
            first = article.build(part, builder)
        heading = heading or first
    if not builder.passages:
        raise ReaderError(path, "no text found (only page furniture such as share buttons)")
    metadata = Metadata()
    title = values.pop("title", None) or heading or _title_from_name(path)
    values.pop("session", None)
    names.naturalize(values)
    metadata.update(values)
    labels_in_order = dict.fromkeys(p.label for p in builder.passages if p.label and p.kind != "footnote")
    speakers = [Speaker(label=label, role=_turns.role_for(label)) for label in labels_in_order]
    doc = Document(id="", title=title, text=builder.text, source=Source(path.name, fmt),
                   metadata=metadata, speakers=speakers, passages=builder.passages,
                   kind="transcript" if is_transcript else "article", timeline=builder.timeline)
    if len(sessions) > 1:
        _sessions(doc, sessions)
    return doc


def _clean_line(line: str, markdown: bool) -> str:
    """A byte-order mark anywhere (house styles leave one mid-line) goes; so do Markdown's
    escapes of brackets (``\\[04:05\\]``)."""
    if "\ufeff" in line:
        line = line.replace("\ufeff", "")
    if markdown and "\\" in line:
        line = ESCAPED.sub(r"\1", line)
    return line


def _starts_with_front_matter(lines: list[str]) -> bool:
    for line in lines:
        if line.strip():
            return line.strip() == "---"
    return False


def _known_names(values: dict, blocks: list[headers.HeaderBlock]) -> set[str]:
    """Every way a header lets a label name someone: full names, surnames, first names."""
    people = list(values.get("interviewee", [])) + list(values.get("interviewer", []))
    for hb in blocks:
        people += hb.values.get("interviewee", []) + hb.values.get("interviewer", [])
    out: set[str] = set()
    for person in people:
        words = person.replace(".", " ").split()
        out.add(person.casefold())
        if words:
            out.update({words[0].casefold(), words[-1].casefold()})
    return out


def _sessions(doc: Document, sessions: list[dict]) -> None:
    """Each session's date and place, kept with its passages: a segment per session, and the
    list in ``metadata.extra["sessions"]``."""
    kept = []
    for n, session in enumerate(sessions, 1):
        v = session["values"]
        label = str(v.get("session") or n)
        when = v.get("date")
        where = v.get("place")
        title = ", ".join(x for x in (f"Session {label}", when, where) if x)
        doc.segments.append(Segment(time=None, title=title, start=session["start"]))
        entry = {"session": label, "start": session["start"]}
        for key in ("date", "place", "interviewee", "interviewer"):
            if v.get(key):
                entry[key] = v[key]
        kept.append(entry)
        for key in ("interviewee", "interviewer"):
            if v.get(key) and getattr(doc.metadata, key) and v[key] != getattr(doc.metadata, key):
                doc.warn(f"session {label} names {key} {', '.join(v[key])}; the first session "
                         f"{', '.join(getattr(doc.metadata, key))}")
    doc.metadata.extra["sessions"] = kept


def _title_from_name(path: Path) -> str:
    return re.sub(r"[_-]+", " ", path.stem).strip() or path.name
