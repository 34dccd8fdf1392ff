"""Plain-text transcripts: lines grouped into paragraphs and turns, then passages.

Lines are grouped into blocks (a paragraph, or a turn with its wrapped and indented
continuation lines); ``build`` turns the blocks into passages. Labels and timecodes are
``_turns``'s; every pattern here is anchored and bounded too.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from archive.readers._build import TextBuilder
from archive.readers._turns import HEAD_CHARS, QA_LABELS, TIME_ONLY, role_for, seconds, split_head

# Simple Markdown emphasis: **bold**, __bold__, *italic*, _italic_ (bounded, one line of text).
EMPHASIS = re.compile(r"(\*\*|__)(?=\S)([^*_\n]{1,300}?)(?<=\S)\1"
                      r"|(?<![\w*])\*(?=\S)([^*\n]{1,300}?)(?<=\S)\*(?![\w*])"
                      r"|(?<![\w_])_(?=\S)([^_\n]{1,300}?)(?<=\S)_(?![\w_])")
# A stage note alone: "[END OF TAPE, SIDE 2]", "[pause]", "[END OF AUDIO, FILE 1.1]".
STAGE_NOTE = re.compile(r"\[[^\[\]]{1,120}\]")
NOTES_HEADING = re.compile(r"(?:END ?NOTES|FOOT ?NOTES|NOTES|Notes|Endnotes|Footnotes)")
NOTE_NUMBER = re.compile(r"\s*(\d{1,3})[.)]\s+")
ROLE_WORDS = {"interviewer", "interviewee", "subject", "narrator", "question", "answer"}
HEADING = re.compile(r"(#{1,6})[ \t]+(.*?)[ \t#]*$")
LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+\S")


@dataclass
class Block:
    """A paragraph or a turn: its lines (stripped), label and time as found in the source."""

    line: int  # 1-based number of the first line, for error messages
    lines: list[str] = field(default_factory=list)
    label: str | None = None
    time: float | None = None
    heading: int = 0  # Markdown heading level, 0 for none
    quote: bool = False  # Markdown "> " block quotation
    table: bool = False  # Markdown "| a | b |" rows, kept one a line
    item: bool = False  # a list item ("- ...", "1. ...")
    inherited: float | None = None  # the latest timecode before the block, when it has none

    @property
    def text(self) -> str:
        lines = self.lines
        return lines[0] if len(lines) == 1 else ("\n" if self.table else " ").join(filter(None, lines))


@lru_cache(maxsize=4096)  # a transcript repeats a handful of labels thousands of times
def strip_emphasis(text: str) -> str:
    """"**HART:**" -> "HART:", "_very_" -> "very" (Markdown only)."""
    if "*" not in text and "_" not in text:
        return text
    return EMPHASIS.sub(lambda m: m.group(2) or m.group(3) or m.group(4) or "", text)


def blocks(lines: Iterable[str], *, markdown: bool = False, first_line: int = 1) -> list[Block]:
    """Group lines into blocks: blank lines, labels, time lines and headings start new ones."""
    out: list[Block] = []
    cur: Block | None = None
    pending_time: float | None = None
    latest: float | None = None  # the last timecode seen: blocks without one of their own take it
    for n, line in enumerate(lines, first_line):
        stripped = line.strip()  # strip() and isspace() know the same whitespace
        if not stripped:
            cur = None
            continue
        first = line[0]
        if (cur is not None and not markdown and first not in HEAD_CHARS
                and (":" not in line or line.find(":", 0, 220) < 0)):  # the operator first: cheaper
            cur.lines.append(stripped)  # the common case: a wrapped line of the same paragraph
            continue
        if first in "[(" and TIME_ONLY.match(line):
            pending_time = latest = seconds(TIME_ONLY.match(line).group(1))
            cur = None
            continue
        if markdown:
            hm = HEADING.match(line) if line[0] == "#" else None
            if hm:
                out.append(Block(n, [hm.group(2)], heading=len(hm.group(1))))
                cur = None
                continue
            stripped = line.lstrip()
            if stripped.startswith(">"):
                text = stripped[1:].strip()
                if cur is None or not cur.quote:
                    cur = Block(n, quote=True)
                    out.append(cur)
                cur.lines.append(text)
                continue
            if LIST_ITEM.match(line):
                cur = Block(n, [line.strip()], item=True)
                out.append(cur)
                continue
            if stripped.startswith("|"):
                if cur is None or not cur.table:
                    cur = Block(n, table=True)
                    out.append(cur)
                cur.lines.append(stripped.rstrip())
                continue
        if markdown and ("**" in line[:80] or "__" in line[:80]):  # "[00:00:05] **HART:** Good morning"
            line = strip_emphasis(line)
        indent, time, label, rest = split_head(line)
        if label is not None or time is not None or cur is None or cur.heading or cur.quote or cur.table:
            cur = Block(n, [rest.strip()], label=label,
                        time=time if time is not None else pending_time, inherited=latest)
            if cur.time is not None:
                latest = cur.time
            pending_time = None
            out.append(cur)
        else:
            cur.lines.append(line.strip())
    return out


def speaker_labels(found: list[Block], known: set[str] | None = None) -> set[str]:
    """Labels that read as speakers here: Q/A, upper-case codes, any label used twice, or one
    naming somebody the header names (``known``: names, surnames, first names, case-folded)."""
    counts = Counter(b.label for b in found if b.label)
    known = known or set()
    return {lab for lab, k in counts.items()
            if k >= 2 or lab in QA_LABELS or lab.upper() == lab or lab.casefold() in known
            or lab.casefold() in ROLE_WORDS}


def looks_like_transcript(found: list[Block], labels: set[str] | None = None, headed: bool = False) -> bool:
    """Three turns or more, and a turn in at least every fourth block; two are enough under a
    header block (a short interview is still an interview)."""
    labels = speaker_labels(found) if labels is None else labels
    turns = sum(1 for b in found if b.label in labels)
    return turns >= (2 if headed else 3) and turns * 4 >= len(found)


def unlabel(found: list[Block], labels: set[str]) -> None:
    """Put back labels that are not speakers ("Monday: ...") as ordinary text."""
    for b in found:
        if b.label and b.label not in labels:
            b.lines[0] = f"{b.label}: {b.lines[0]}".rstrip()
            b.label = None


@dataclass
class BuildState:
    """What ``build`` carries from one stretch of blocks to the next (a turn going on, a label
    waiting for its words, the notes section)."""

    last_turn: str | None = None
    turn_open: bool = False  # the last passage is that turn's, so a paragraph may continue it
    pending_label: str | None = None
    notes: bool = False

    def reset(self) -> None:
        self.last_turn, self.turn_open, self.pending_label, self.notes = None, False, None, False


def build(found: list[Block], builder: TextBuilder, *, continue_turns: bool = True,
          clean=None, state: BuildState | None = None) -> str | None:
    """Add ``found`` to ``builder`` as passages; returns the text of the first heading, if any.

    An unlabelled paragraph right after a turn continues that turn (answers run over
    several paragraphs); ``clean`` is applied to each block's text (Markdown emphasis).
    A bracketed stage note alone (``[END OF TAPE, SIDE 2]``) is narration; a label alone on
    its line names the speaker of the paragraph below; after a ``NOTES`` line, numbered
    paragraphs are footnotes.
    """
    title = None
    st = state or BuildState()
    for b in found:
        text = b.text
        if clean is not None:
            text = clean(text)
        time = b.time if b.time is not None else b.inherited
        if st.notes or (NOTES_HEADING.fullmatch(text) and not b.label):
            if not st.notes:
                st.notes = True
                builder.add(text, "title")
                continue
            m = NOTE_NUMBER.match(text)
            if m:  # the note as printed, its number too; the number is also its label
                builder.add(text, "footnote", label=m.group(1))
            elif builder.passages and builder.passages[-1].kind == "footnote":
                builder.extend_last(text, sep="\n")
            else:
                builder.add(text, "narration")
            continue
        if b.label is not None and not text:
            st.pending_label = b.label  # "SCHNEIDER:" alone, the words below
            continue
        label = b.label or st.pending_label
        st.pending_label = None
        if b.heading:
            if title is None:
                title = text
            builder.add(text, "title")
            st.last_turn, st.turn_open = None, False
        elif b.quote:
            builder.add(text, "quote")
            st.last_turn, st.turn_open = None, False
        elif label is None and STAGE_NOTE.fullmatch(text):
            builder.add(text, "narration", time=time)
            st.turn_open = False
        elif label is not None:
            builder.add(text, "turn", label=label, time=time, role=role_for(label))
            st.last_turn, st.turn_open = label, True
        elif st.last_turn is not None and continue_turns:
            if b.time is not None or not st.turn_open:
                builder.add(text, "turn", label=st.last_turn, time=time, role=role_for(st.last_turn))
                st.turn_open = True
            else:
                builder.extend_last(text, sep="\n\n")
        else:
            builder.add(text, "narration", time=time)
    return title
