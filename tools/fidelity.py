"""Reader fidelity on real fixtures: are turns, speakers, times, segment anchors and words kept?

Each fixture in ``tests/fixtures`` with a hand-written expectation in ``tests/fixtures/expected/``
(``<name>.json``) is read through the whole ingest pipeline and compared with what a person
reading the source sees:

- ``turns``: the speaker runs in order, each ``[speaker, time, opening words]``;
- ``times``: every timed point of the source (a cue, a sync point, a ``[HH:MM:SS]`` marker) as
  ``[opening words, seconds]`` in text order; a passage's right time is that of the last point
  at or before its first word (no time at all for a document without any);
- ``segments``: ``[title, opening words]``: the segment must start exactly at those words;
- ``labels``: the speaker labels as written, left out of the source's words (the archive keeps
  them as speakers, not text); ``words kept`` compares the source's words with the stored text.

The expectations are written from the source files, never from the reader's output.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from archive.model import Document

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
EXPECTED = FIXTURES / "expected"
WORD = re.compile(r"\w+")
TIMECODE = re.compile(r"[\[(]?\d{1,3}(?::\d{1,2}){1,3}(?:[.,]\d{1,3})?[\])]?")
TIMED_KINDS = ("turn", "narration")


@dataclass
class Fidelity:
    """One fixture's figures, each as (right, of)."""

    name: str
    turns: tuple[int, int] = (0, 0)
    speakers: tuple[int, int] = (0, 0)
    times: tuple[int, int] = (0, 0)
    segments: tuple[int, int] = (0, 0)
    words: tuple[int, int] = (0, 0)
    errors: list[str] = field(default_factory=list)

    def figures(self) -> list[tuple[int, int]]:
        return [self.turns, self.speakers, self.times, self.segments, self.words]

    @property
    def perfect(self) -> bool:
        return all(right == of for right, of in self.figures())


def _cell(pair: tuple[int, int]) -> str:
    right, of = pair
    return "n/a" if of == 0 else f"{100 * right / of:.0f}% ({right}/{of})"


def table(rows: list[Fidelity]) -> str:
    columns = ["fixture", "turns", "speakers right", "passages with the right time",
               "segments anchored right", "words kept"]
    lines = ["| " + " | ".join(columns) + " |", "|" + " --- |" * len(columns)]
    for r in rows:
        lines.append("| " + " | ".join([r.name] + [_cell(p) for p in r.figures()]) + " |")
    return "\n".join(lines)


def load(name: str) -> dict:
    return json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8"))


def expectations() -> list[str]:
    return sorted(p.stem for p in EXPECTED.glob("*.json"))


def read(expected: dict) -> list[Document]:
    from archive.ingest import read_file

    docs, *_ = read_file(FIXTURES / expected["file"])
    return docs


def score(name: str, expected: dict | None = None, docs: list[Document] | None = None) -> Fidelity:
    expected = expected if expected is not None else load(name)
    docs = docs if docs is not None else read(expected)
    out = Fidelity(name)
    wanted = expected["documents"]
    turns, speakers, times, segs = [0, 0], [0, 0], [0, 0], [0, 0]
    if len(docs) != len(wanted):
        out.errors.append(f"{len(docs)} documents, expected {len(wanted)}")
    for doc, want in zip(docs, wanted, strict=False):
        _turns(doc, want, turns, speakers, out.errors)
        _times(doc, want, times, out.errors)
        _segments(doc, want, segs, out.errors)
    out.turns, out.speakers, out.times, out.segments = (tuple(turns), tuple(speakers), tuple(times),
                                                        tuple(segs))
    out.words = _words(expected, docs)
    return out


def _norm(text: str) -> str:
    return " ".join(WORD.findall(text.casefold()))


def _runs(doc: Document) -> list[tuple[str | None, float | None, str]]:
    """Turn passages grouped into speaker runs: (speaker, time of the first, its text)."""
    runs: list[tuple[str | None, float | None, str]] = []
    previous = None
    for p in doc.passages:
        if p.kind != "turn":
            previous = None
            continue
        if previous is None or p.speaker != previous.speaker:
            runs.append((p.speaker, p.time, doc.text[p.start:p.end]))
        previous = p
    return runs


def _turns(doc: Document, want: dict, turns: list[int], speakers: list[int], errors: list[str]) -> None:
    runs = _runs(doc)
    expected = want.get("turns", [])
    turns[1] += len(expected)
    speakers[1] += len(expected)
    for i, (who, _time, words) in enumerate(expected):  # the turn's time is scored with ``times``
        if i >= len(runs):
            errors.append(f"turn {i + 1} ({who}: {words!r}) missing")
            continue
        got_who, _, got_text = runs[i]
        if _norm(got_text).startswith(_norm(words)):
            turns[0] += 1
        else:
            errors.append(f"turn {i + 1}: expected {words!r}, found {got_text[:40]!r}")
        if got_who == who:
            speakers[0] += 1
        else:
            errors.append(f"turn {i + 1}: speaker {got_who!r}, expected {who!r}")
    if len(runs) > len(expected):
        turns[1] += len(runs) - len(expected)
        errors.append(f"{len(runs) - len(expected)} turns more than expected")


def _times(doc: Document, want: dict, times: list[int], errors: list[str]) -> None:
    """Every turn or narration passage against the time of the last expected point before it."""
    points = []
    cursor = 0
    for words, seconds in want.get("times", []):
        at = _find(doc.text, words, cursor)
        if at is None:
            errors.append(f"timed point {words!r} not in the stored text")
            continue
        points.append((at, seconds))
        cursor = at + 1
    for p in doc.passages:
        if p.kind not in TIMED_KINDS:
            continue
        right = None
        for at, seconds in points:
            if at <= p.start:
                right = seconds
        times[1] += 1
        if p.time == right:
            times[0] += 1
        else:
            errors.append(f"{doc.text[p.start:p.start + 40]!r}: time {p.time}, expected {right}")


def _find(text: str, words: str, start: int) -> int | None:
    pattern = r"\W+".join(map(re.escape, WORD.findall(words)))
    m = re.search(pattern, text[start:], re.I)
    return start + m.start() if m else None


def _segments(doc: Document, want: dict, segs: list[int], errors: list[str]) -> None:
    expected = want.get("segments", [])
    segs[1] += len(expected)
    for title, words in expected:
        seg = next((s for s in doc.segments if s.title.strip() == title), None)
        if seg is None:
            errors.append(f"segment {title!r} missing")
        elif _norm(doc.text[seg.start:seg.start + 4 * len(words)]).startswith(_norm(words)):
            segs[0] += 1
        else:
            errors.append(f"segment {title!r} starts at {doc.text[seg.start:seg.start + 40]!r}")


def _words(expected: dict, docs: list[Document]) -> tuple[int, int]:
    source = Counter(source_words(FIXTURES / expected["file"], expected.get("labels", [])))
    stored = Counter(w for doc in docs for w in WORD.findall(doc.text.casefold()))
    kept = sum(min(n, stored[w]) for w, n in source.items())
    return kept, sum(source.values())


def source_words(path: Path, labels: list[str]) -> list[str]:
    """The words a reader of the source sees, read straight from the file (not by our readers)."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        import docx

        text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    elif suffix == ".xml":
        text = _xml_words(path)
    else:
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode(expected_encoding(path))
        if suffix in (".md", ".markdown"):
            text = re.sub(r"^#+\s|[*\\]", " ", text, flags=re.M)
    text = TIMECODE.sub(" ", text)
    if labels:
        alternatives = "|".join(map(re.escape, sorted(labels, key=len, reverse=True)))
        text = re.sub(rf"(?m)(^|[\s>])(?:{alternatives})\s*:", r"\1 ", text)
        text = re.sub(rf"<v\s+(?:{alternatives})\s*>", " ", text)
    return WORD.findall(text.casefold())


def expected_encoding(path: Path) -> str:
    return "cp1251" if "cp1251" in path.name else "utf-8"


def _xml_words(path: Path) -> str:
    """An OHMS record's transcript (or cue texts) and index fields, markup and timings dropped."""
    from defusedxml.ElementTree import parse

    root = parse(str(path)).getroot()
    parts: list[str] = []
    for el in root.iter():
        tag = el.tag.split("}")[-1] if isinstance(el.tag, str) else ""
        if tag in ("transcript", "title", "synopsis", "partial_transcript", "keywords", "subjects") \
                and el.text and _in_index_or_transcript(root, el, tag):
            parts.append(el.text)
        elif tag == "vtt_transcript" and el.text:
            cues = re.sub(r"(?m)^WEBVTT.*$|^NOTE\b.*$|^TRANSCRIPTION (?:BEGIN|END)$|^.*-->.*$", " ", el.text)
            parts.append(re.sub(r"<v\s+[^>]*>|<[^>]+>", " ", cues))
    text = "\n".join(parts)
    text = text.replace("No transcript.", " ")
    text = re.sub(r"\[\[/?(?:footnotes?|note)\]\]", " ", text)
    return text


def _in_index_or_transcript(root, el, tag: str) -> bool:
    if tag == "transcript":
        return True
    # title only inside an index point (the record's title is metadata, not text)
    for point in root.iter():
        if isinstance(point.tag, str) and point.tag.endswith("point") and el in list(point):
            return True
    return False


def run(verbose: bool = False) -> list[Fidelity]:
    rows = [score(name) for name in expectations()]
    print("Reader fidelity on real fixtures (tests/fixtures, expectations in tests/fixtures/expected)\n")
    print(table(rows))
    for r in rows:
        if r.errors and verbose:
            print(f"\n{r.name}:")
            for e in r.errors:
                print(f"    ! {e}")
    return rows
