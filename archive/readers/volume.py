"""Volumes of many interviews (Federal Writers' Project style): one document per interview.

Interviews are set apart by runs of four or more blank lines. Each opens with a header
(see ``volume_header``) that becomes metadata, and the document is named after the person
interviewed. The body stays as written, editorial marks included; a volume's title page
becomes a document of its own, never an interview.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from itertools import compress, pairwise
from pathlib import Path

from archive.model import Document, Source
from archive.readers import _turns, transcript
from archive.readers._build import TextBuilder
from archive.readers.volume_header import (
    BYLINE,
    HEADER_KEYS,
    KEY_LINE,
    _name_line,
    clean_name,
    closing_source,
    find_name,
    is_key,
    metadata,
    norm_key,
    parse_header,
)

GAP = 4  # blank lines that separate two interviews
HEAD_LINES = 40  # a header never runs longer than this
# "town. She": two sentences make a paragraph of prose, whatever its length.
SENTENCE_BREAK = re.compile(r"[a-z]{2}[.!?][\"”’]?[ \t]+[A-Z]")
TURN_LABELS = {"Interviewer", "INTERVIEWER", "Q", "A"}


def gaps(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) line ranges between runs of GAP or more blank lines, blank edges trimmed;
    a stretch is cut again wherever an interview plainly begins (``_opens_interview``)."""
    return [piece for s, e in _gaps(lines) for piece in _split_openings(lines, s, e)]


# "Story of Annie Morgan: (age 65, ...)", "Tale of Mary Wooldridge:", "The Story of Mrs. C. Hood:"
STORY_OF = re.compile(r"(?:The )?(?:Story|Tale|Life|Interview) (?:of|with) (?:(?:Mrs?|Miss|Aunt|Uncle)\.? )?"
                      r"([A-Z][\w.'’]*(?: [A-Z][\w.'’]*){0,3}):")
NAME_KEY = re.compile(r"([A-Z][\w.'’]*(?: [A-Z][\w.'’]*){1,3}):\s*$")
OPENING_GAP = 3  # blank lines before an opening line that starts an interview


def _opens_interview(line: str) -> bool:
    """A line that starts an interview: "John Anderson:" alone, or "Story of Annie Morgan: ..."."""
    m = STORY_OF.match(line)
    if m:
        return True
    m = NAME_KEY.match(line)
    return bool(m) and norm_key(m.group(1)) not in HEADER_KEYS and _name_line(m.group(1), False) is not None


def _split_openings(lines: list[str], start: int, end: int) -> Iterator[tuple[int, int]]:
    """Cut ``lines[start:end]`` before each opening line set apart by OPENING_GAP blank lines."""
    cut = start
    for i in range(start + OPENING_GAP + 1, end):
        line = lines[i]
        if (line[:1].isupper() and ":" in line and not lines[i - 1].strip()
                and all(not lines[j].strip() for j in range(i - OPENING_GAP, i)) and _opens_interview(line)):
            last = i - OPENING_GAP
            while last > cut and not lines[last - 1].strip():
                last -= 1
            yield cut, last
            cut = i
    yield cut, end


def _gaps(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) line ranges between runs of GAP or more blank lines, blank edges trimmed."""
    # Lines with more than whitespace, found without a Python loop: strip() leaves them non-empty.
    filled = list(compress(range(len(lines)), map(str.strip, lines)))
    if not filled:
        return []
    out: list[tuple[int, int]] = []
    start = filled[0]
    for last, i in pairwise(filled):
        if i - last > GAP:
            out.append((start, last + 1))
            start = i
    out.append((start, filled[-1] + 1))
    return out


def sniff(lines: list[str], parts: list[tuple[int, int]]) -> bool:
    """Three or more stretches (``gaps(lines)``) set apart, most opening with a short header line."""
    if len(parts) < 3:
        return False
    headed = sum(1 for s, _ in parts if len(lines[s].strip()) <= 60 or KEY_LINE.match(lines[s]))
    return headed * 2 >= len(parts)


def _paragraphs(lines: list[str], start: int, end: int) -> Iterator[tuple[int, int]]:
    """(start, end) of each paragraph in ``lines[start:end]``, lazily: a header is read from the top."""
    s = None
    for i in range(start, end):
        if lines[i] and not lines[i].isspace():
            if s is None:
                s = i
        elif s is not None:
            yield s, i
            s = None
    if s is not None:
        yield s, end


def _is_head_paragraph(lines: list[str], s: int, e: int) -> bool:
    """Header paragraphs are key lines, short name/title/place lines and *italic* notes."""
    body = [ln.strip() for ln in lines[s:e]]
    if body[0].startswith(('"', "“")) or body[0].endswith("?"):
        return False
    if (max(len(ln) for ln in body) > 50 and SENTENCE_BREAK.search(" ".join(body))
            and not any(is_key(ln) for ln in lines[s:e])):
        return False
    if all(is_key(raw) or ln.startswith(("[", "*", "—", "=", "_", "(")) or len(ln) <= 40
           or (BYLINE.match(ln) and len(ln) <= 60)
           or (raw[:1] in " \t" and len(ln) <= 60)  # an indented address under a key line
           for raw, ln in zip(lines[s:e], body, strict=True)):
        return sum(len(ln) for ln in body) < 400
    return len(body) <= 2 and sum(len(ln) for ln in body) < 110


def split_section(lines: list[str], start: int, end: int) -> tuple[list[tuple[int, int]], int]:
    """The header paragraphs of a section and the line where its body starts (``end`` if none)."""
    head = []
    for s, e in _paragraphs(lines, start, end):
        if s - start > HEAD_LINES or not _is_head_paragraph(lines, s, e):
            return head, s
        head.append((s, e))
    return head, end


def _fallback_title(lines: list[str], head: list[tuple[int, int]], body: int, end: int) -> str:
    """For an interview with nobody named: its first header line with words, else its first words."""
    for s, e in head:
        for line in lines[s:e]:
            text = line.strip().strip("=*_ ")
            if sum(c.isalpha() for c in text) >= 4 and not text.startswith("[") and not is_key(line):
                return text[:80]
    words = " ".join(lines[body:min(end, body + 3)]).split()
    return " ".join(words[:8]) + ("…" if len(words) > 8 else "") if words else lines[head[0][0]].strip()[:80]


def _turn_labels(found: list[transcript.Block]) -> set[str]:
    """Labels of dialogue in a body: used twice, or an interviewer asking; never header keys."""
    counts = Counter(b.label for b in found if b.label)
    asks = {b.label for b in found if b.label in TURN_LABELS and "?" in b.text}
    return {lab for lab, k in counts.items()
            if (k >= 2 or lab in asks) and norm_key(lab) not in HEADER_KEYS}


def _document(lines: list[str], start: int, end: int, path: Path, fmt: str,
              split: tuple[list[tuple[int, int]], int], front_matter: bool = False) -> Document | None:
    head, body = split
    h = parse_header(lines, head)
    name = None if front_matter else find_name(h, lines, head, body, end)
    story = None if front_matter else STORY_OF.match(lines[start])
    if story and not name:
        name = clean_name(story.group(1))
    builder = TextBuilder()
    for s, e in head:
        builder.add("\n".join(ln.strip() for ln in lines[s:e]), "metadata")
    found = transcript.blocks(lines[body:end], first_line=body + 1)
    transcript.unlabel(found, _turn_labels(found))
    for b in found:
        if b.label is not None:
            builder.add(b.text, "turn", label=b.label, time=b.time, role=_turns.role_for(b.label))
        else:
            builder.add(b.text, "narration", time=b.time)
    if not builder.passages:
        return None
    meta = metadata(h, name, path.stem)
    if not meta.interviewer and not front_matter:
        asked = closing_source(lines[max(body, end - 12):end])[1]
        meta.interviewer = [asked] if asked else []
    if front_matter:
        title = f"{path.stem}: front matter"
        meta.extra["part"] = "front matter"
    else:
        subject = h.first({"subject", "title", "topic"})
        title = name or (subject[1] if subject else _fallback_title(lines, head, split[1], end))
    return Document(id=title if not front_matter else "front-matter", title=title, text=builder.text,
                    source=Source(path.name, fmt), metadata=meta, passages=builder.passages,
                    kind="article" if front_matter else "transcript")


def _is_front_matter(lines: list[str], start: int, end: int) -> bool:
    """The volume's title page: no header keys and nobody named."""
    head, body = split_section(lines, start, end)
    h = parse_header(lines, head)
    return not h.values and find_name(h, lines, head, body, end) is None


def read_lines(lines: list[str], path: Path, fmt: str,
               sections: list[tuple[int, int]] | None = None) -> Iterator[Document]:
    """Documents of a volume: its title page (if any), then one per interview."""
    sections = list(gaps(lines) if sections is None else sections)
    if len(sections) > 1 and _is_front_matter(lines, *sections[0]):
        s, e = sections.pop(0)
        doc = _document(lines, s, e, path, fmt, (list(_paragraphs(lines, s, e)), e), front_matter=True)
        if doc is not None:
            yield doc
    merged: list[tuple[int, int, tuple]] = []
    pending: int | None = None
    for s, e in sections:
        split = split_section(lines, s, e)
        if split[1] >= e:  # a header with nothing under it heads the next stretch
            pending = s if pending is None else pending
            continue
        if pending is not None:
            s, pending = pending, None
            split = split_section(lines, s, e)
        merged.append((s, e, split))
    if pending is not None:
        merged.append((pending, sections[-1][1], split_section(lines, pending, sections[-1][1])))
    for s, e, split in merged:
        doc = _document(lines, s, e, path, fmt, split)
        if doc is not None:
            yield doc
