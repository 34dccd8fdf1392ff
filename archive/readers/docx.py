"""Word ``.docx`` transcripts and articles via python-docx: turns, headings, metadata table or lines.

The container is checked before python-docx opens it (a corrupt or truncated zip, a zip
bomb, a DTD in a part) so that hostile or broken files fail with one clear message.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from archive.errors import ReaderError
from archive.model import Document, Metadata, Segment, Source
from archive.readers import _fields, _turns
from archive.readers._build import TextBuilder

MAX_XML_BYTES = 200 * 1024 * 1024  # uncompressed XML a real transcript never comes near
# A member inflating more than BOMB_RATIO times, to more than BOMB_MIN_BYTES, is a zip bomb:
# images are already compressed and even whitespace-heavy XML stays far below this.
BOMB_RATIO = 200
TABLE_HEADERS = {"speaker", "name", "time", "timecode", "time code", "who"}
BOMB_MIN_BYTES = 50 * 1024 * 1024
# What python-docx's own template puts in a new file: not the real author or date.
TEMPLATE_AUTHOR = "python-docx"
TEMPLATE_CREATED = datetime(2013, 12, 23, 23, 15)
LEADING_BREAK = re.compile(r"^(\s*[\[(]\d{1,3}(?::\d{1,2}){1,3}(?:[.,]\d{1,3})?[\])])[ \t]*\n\s*")
# "[END OF AUDIO, FILE 1.1]": the audio file that has just ended.
END_OF_FILE = re.compile(r"\[\s*END OF (?:AUDIO|TAPE|RECORDING)[, ]*(?:FILE|SIDE)?\s*([\w.]+)?\s*\]", re.I)
STAGE_NOTE = re.compile(r"\[[^\[\]]{1,120}\]")


def read(path: Path) -> Iterator[Document]:
    package = slim_copy(path)
    import docx  # imported late: start-up of the CLI stays fast

    try:
        document = docx.Document(package)
        doc = _DocxBuilder(path).build(list(_blocks(document)), document.core_properties)
    except ReaderError:
        raise
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors ...
        raise ReaderError(path, f"not a readable Word document ({type(exc).__name__}: {exc})") from None
    yield doc


def slim_copy(path: Path) -> io.BytesIO:
    """The package with its XML parts only (media emptied), after checking it is a sound, sane zip.

    python-docx loads every part into memory; the text needs none of the images, so they are
    never unpacked. A member that inflates absurdly (a zip bomb) is refused outright.
    """
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            if "word/document.xml" not in {i.filename for i in infos}:
                raise ReaderError(path, "not a Word document (no word/document.xml inside)")
            xml = [i for i in infos if _is_xml(i.filename)]
            size = sum(i.file_size for i in xml)
            if size > MAX_XML_BYTES:
                raise ReaderError(path, f"refusing to unpack {size / 1e6:.0f} MB of XML "
                                  f"(limit {MAX_XML_BYTES / 1e6:.0f} MB; a zip bomb?)")
            for info in infos:
                packed, unpacked = max(info.compress_size, 1), info.file_size
                if unpacked > BOMB_MIN_BYTES and unpacked > BOMB_RATIO * packed:
                    raise ReaderError(path, f"{info.filename} would inflate {packed / 1e6:.1f} MB to "
                                      f"{unpacked / 1e6:.0f} MB; refusing a zip bomb")
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as slim:
                for info in infos:
                    data = z.read(info) if info in xml else b""
                    if info in xml and (b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:4096]):
                        raise ReaderError(path, f"{info.filename} declares a DTD or entities; refusing it")
                    slim.writestr(info.filename, data)
    except ReaderError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as exc:
        raise ReaderError(path, f"not a valid .docx (truncated or corrupt zip: {exc})") from None
    except Exception as exc:  # zlib.error and friends from a damaged member
        raise ReaderError(path, f"not a valid .docx ({type(exc).__name__}: {exc})") from None
    out.seek(0)
    return out


def _is_xml(name: str) -> bool:
    return name.endswith((".xml", ".rels"))


def _blocks(document: Any) -> Iterator[tuple[str, Any]]:
    """``("p", Paragraph)`` and ``("table", rows)`` in document order."""
    from docx.table import Table

    for item in document.iter_inner_content():
        if isinstance(item, Table):
            yield "table", [[cell.text.strip() for cell in row.cells] for row in item.rows]
        else:
            yield "p", item


def _bold_prefix(paragraph: Any) -> tuple[str, str]:
    """The leading bold text of a paragraph and the rest (``("HART:", " Where ...")``).

    Plain whitespace or a plain timecode before the bold name count with it.
    """
    bold: list[str] = []
    rest: list[str] = []
    for item in paragraph.iter_inner_content():
        text = item.text
        runs = getattr(item, "runs", [item])
        is_bold = all(_run_bold(r) for r in runs) and bool(runs)
        lead = not text.strip() or _turns.TIMECODE.fullmatch(text) is not None
        if not rest and (is_bold or lead):
            bold.append(text)
        else:
            rest.append(text)
    return "".join(bold), "".join(rest)


def _table_turn(cells: list[str]) -> tuple[str, float | None, str] | None:
    """A table row ``[speaker, words]`` or ``[time, speaker, words]`` as a turn, else None."""
    time = None
    if len(cells) == 3:
        clock = _turns.TIMECODE.match(f"[{cells[0].strip('[]() ')}]")
        if clock is None:
            return None
        time = _turns.seconds(clock.group(1))
        cells = cells[1:]
    if len(cells) != 2 or not _turns.is_name(cells[0]):
        return None
    return _turns.clean_label(cells[0]), time, cells[1]


def _run_bold(run: Any) -> bool:
    if run.bold is not None:
        return bool(run.bold)
    style = run.style
    return bool(style is not None and style.font.bold)


class _DocxBuilder:
    def __init__(self, path: Path):
        self.path = path
        self.builder = TextBuilder()
        self.values: dict[str, Any] = {}
        self.title = ""
        self.started = False  # body text seen: later "Key: value" lines are text, not metadata
        self.label: str | None = None  # speaker of the open turn
        self.pending_label: str | None = None  # a bold "NAME:" alone on its line
        self.pending_time: float | None = None  # a timecode alone on its line
        self.turn_open = False
        self.labels_seen: set[str] = set()
        self.last_time: float | None = None
        self.file_ended = False  # an "[END OF AUDIO, FILE n]" note since the last timecode
        self.restarts = 0  # timecodes going back with no end-of-file note before them
        self.files: list[tuple[str, int]] = []  # (audio file, offset where its passages start)
        self.file_start: int | None = 0

    def build(self, blocks: list[tuple[str, Any]], core: Any) -> Document:
        for kind, block in blocks:
            if kind == "table":
                self._table(block)
            else:
                self._paragraph(block)
        if not self.builder.passages:
            raise ReaderError(self.path, "no text found in the document body")
        self._core_properties(core)
        meta = Metadata()
        title = self.values.pop("title", None) or self.title or self.path.stem.replace("_", " ")
        meta.update(self.values)
        has_turns = self._has_turns()
        doc = Document(id="", title=title, text=self.builder.text, source=Source(self.path.name, "docx"),
                       metadata=meta, passages=self.builder.passages,
                       kind="transcript" if has_turns else "article", timeline=self.builder.timeline)
        if self.files:
            if self.file_start is not None and self.file_start < len(self.builder):
                self.files.append(("after " + self.files[-1][0], self.file_start))
            # Timecodes restart with each audio file: each file is a segment, its times its own.
            doc.segments = [Segment(time=None, title=f"Audio file {name}", start=start)
                            for name, start in self.files]
            meta.extra["audio_files"] = [name for name, _ in self.files]
        if self.restarts:
            doc.warn(f"timecodes go back {self.restarts} time(s) with no end-of-file note before them")
        if has_turns and not meta.date:
            doc.warn("the text gives no interview date (the file's own dates are kept as file_created)")
        return doc

    def _core_properties(self, core: Any) -> None:
        if core.title and not self.title and "title" not in self.values:
            self.title = core.title.strip()
        extra = self.values.setdefault("extra", {})
        if core.author and core.author != TEMPLATE_AUTHOR:
            # Who made the file: the writer of an article, but only the typist of a transcript.
            if self._has_turns() or "author" in self.values:
                extra["file_author"] = core.author
            else:
                _fields.add(self.values, "author", core.author)
        created = core.created
        if created and created.replace(tzinfo=None) != TEMPLATE_CREATED:
            # When the file was made, never when the interview was: that the text must say.
            extra["file_created"] = created.date().isoformat()
        if not extra:
            self.values.pop("extra")

    def _has_turns(self) -> bool:
        return any(p.kind == "turn" for p in self.builder.passages)

    def _table(self, rows: list[list[str]]) -> None:
        pairs = [(_fields.field_for(r[0]), r[1]) for r in rows if len(r) == 2]
        if not self.started and pairs and all(name for name, _ in pairs):
            for name, value in pairs:
                _fields.add(self.values, name, value)
            return
        self._close_turn()
        # Merged cells repeat their text in python-docx: keep each once.
        rows = [[c for i, c in enumerate(row) if c and (i == 0 or c != row[i - 1])] for row in rows]
        if rows and rows[0] and rows[0][0].lower() in TABLE_HEADERS:
            rows = rows[1:]
        turns = [_table_turn(cells) for cells in rows if cells]
        if turns and sum(t is not None for t in turns) * 5 >= len(turns) * 4:
            # A transcript laid out as a table: [time,] speaker, words.
            for cells, turn in zip([c for c in rows if c], turns, strict=True):
                if turn is None:
                    self.builder.add(" | ".join(cells), "narration")
                else:
                    label, time, words = turn
                    self.builder.add(words, "turn", label=label, time=time, role=_turns.role_for(label))
                    self.labels_seen.add(label)
        else:
            # Any other table is content: one narration passage per row.
            for cells in rows:
                if cells:
                    self.builder.add(" | ".join(cells), "narration")
        self.started = True

    def _paragraph(self, paragraph: Any) -> None:
        text = paragraph.text.replace("\u00a0", " ").strip()
        if not text:
            return
        style = (paragraph.style.name or "") if paragraph.style is not None else ""
        if style.startswith(("Heading", "Title")):
            self._close_turn()
            if not self.title and (style == "Title" or not self.started):
                self.title = text
            self.builder.add(text, "title")  # a heading does not end the metadata block above the text
            return
        if not self.started and self.label is None:
            pair = _fields.key_value(text)
            if pair is not None:
                _fields.add(self.values, *pair)
                return
        if STAGE_NOTE.fullmatch(text) and not _turns.TIME_ONLY.match(text):
            self._stage_note(text)
            return
        label, time, body = self._split_label(paragraph, text)
        if time is not None:
            if self.last_time is not None and time < self.last_time and not self.file_ended:
                self.restarts += 1
            self.last_time = time
            self.file_ended = False
        if label is None and time is not None and not body:
            self.pending_time = time
            return
        if label is not None and not body:
            self.pending_label = label
            return
        label = label or self.pending_label
        time = time if time is not None else self.pending_time
        self.pending_label = self.pending_time = None
        self.started = True
        if self.file_start is None:
            self.file_start = len(self.builder) + (2 if self.builder.passages else 0)
        if label is not None:
            self.label = label
            self.labels_seen.add(label)
            self.builder.add(body, "turn", label=label, time=time, role=_turns.role_for(label))
            self.turn_open = True
        elif self.turn_open and time is None:
            self.builder.extend_last(body, sep="\n\n")  # the same speaker goes on
        elif self.turn_open:
            self.builder.add(body, "turn", label=self.label, time=time, role=_turns.role_for(self.label))
        else:
            self.builder.add(body, "narration", time=time)

    def _split_label(self, paragraph: Any, text: str) -> tuple[str | None, float | None, str]:
        # "[00:00:33]" <line break> "DOE: ..." in one paragraph: the break is only layout.
        text = LEADING_BREAK.sub(r"\1 ", text)
        line = _turns.parse(text)
        if line.label is not None:
            return line.label, line.time, line.text
        bold, rest = _bold_prefix(paragraph)
        bold_line = _turns.parse(bold)  # "[00:12:31] Vera Lomova" in bold
        candidate = bold_line.text
        # A bold first word is often emphasis: a bare bold name counts only when it cannot be.
        if candidate and _turns.is_name(candidate) and rest.strip() and (
                candidate.endswith(":") or " " in candidate.strip() or candidate.isupper()
                or _turns.clean_label(candidate) in self.labels_seen):
            time = line.time if line.time is not None else bold_line.time
            body = _turns.parse(rest)
            if time is None:
                time = body.time
            return _turns.clean_label(candidate), time, body.text.lstrip(":").strip()
        return None, line.time, line.text

    def _stage_note(self, text: str) -> None:
        """A bracketed note alone is narration; an end-of-file note closes that file's timecodes."""
        self._close_turn()
        self.pending_label = None
        self.started = True
        m = END_OF_FILE.match(text)
        if m:
            name = m.group(1) or str(len(self.files) + 1)
            if self.file_start is not None:
                self.files.append((name, self.file_start))
            self.file_ended = True
            self.file_start = None
        # At the time of the last timecode: the note marks a moment in the recording too.
        self.builder.add(text, "narration", time=self.last_time)

    def _close_turn(self) -> None:
        self.turn_open = False
        self.label = None
