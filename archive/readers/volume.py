"""Volumes of many interviews (Federal Writers' Project style): one document per interview.

Interviews are set apart by runs of four or more blank lines. Each opens with a header
(``Interviewer:``, ``Person Interviewed:``, ``Worker:``, ``No. Words:`` lines, or a name line
and an ``*Interview with ...*`` block); the header becomes metadata and the document is
named after the person interviewed. The body stays as written, editorial marks included.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from archive.model import Document, Metadata, Source
from archive.readers import transcript
from archive.readers._build import TextBuilder
from archive.readers._fields import iso_date

GAP = 4  # blank lines that separate two interviews
HEAD_LINES = 40  # a header never runs longer than this
KEY_LINE = re.compile(r"[ \t]*([A-Za-z][A-Za-z.'#/ -]{0,40}?)[ \t]*:[ \t]*(.*)$")
NEXT_KEY = re.compile(r"[ \t]{3,}(?=[A-Z][A-Za-z.' ]{0,20}:)")
# Header key (lower case, no trailing dots) -> what it tells.
INTERVIEWEE_KEYS = {
    "person interviewed", "interviewed", "story teller", "storyteller", "teller", "name of ex-slave",
    "this information given by", "information given by", "information by", "interview with",
    "name", "ex-slave", "person interviewed and address", "informant", "persons interviewed",
}
INTERVIEWER_KEYS = {
    "interviewer", "name of interviewer", "worker", "writer", "research worker", "field worker",
    "reporter", "interviewed by", "written by", "by", "visitor", "author",
}
PLACE_KEYS = {"place", "place of residence", "residence", "home", "address", "present residence",
              "resident", "location"}
SOURCE_KEYS = {"source", "informant", "told by"}
DATE_KEYS = {"date", "date of interview", "interview date"}
# Capitalised words that make a title or a place, not a person's name.
NOT_NAME_WORDS = {
    "plantation", "life", "ex-slave", "ex", "slave", "slaves", "slavery", "story", "stories", "interview",
    "folklore", "folk", "stuff", "project", "federal", "writers", "writers'", "subjects", "american",
    "guide", "memories", "district", "county", "negro", "lore", "the", "of", "as", "viewed", "by", "an",
    "a", "and", "in", "days", "reminiscences", "experiences", "ex-slaves", "narrative", "narratives",
    "north", "south", "age", "aged", "years", "old", "born", "editor's", "note", "information", "subject",
    "illustration", "division", "unit", "early", "war", "civil", "songs", "customs", "superstitions",
    "religion", "freedom", "master", "mistress", "tales", "old-time", "history", "photo", "office",
    "copy", "code", "no", "wpa", "w.p.a", "administration", "supervisor", "editor", "worker",
    "article", "entitled", "dear", "combined", "interviews", "compilation", "report",
}
# Place names end a place line ("Tampa, Florida") but may start a name ("Virginia Newman").
PLACE_WORDS = {"mississippi", "alabama", "arkansas", "georgia", "florida", "texas", "ohio", "virginia",
               "kansas", "kentucky", "maryland", "missouri", "oklahoma", "tennessee", "indiana", "carolina",
               "co", "county", "city", "street", "avenue", "district"}
STATE_ABBREVIATIONS = {"ala", "ark", "fla", "ga", "ind", "kan", "ky", "md", "miss", "mo", "okla", "ohio",
                       "tenn", "tex", "va", "n. c", "n.c", "s. c", "s.c"}
# "Oak Grove, Alabama", "Tampa, Fla." and "October 20, 1937" lines in a header.
PLACE_LINE = re.compile(r"[A-Z][\w'’. -]{1,30}, [A-Z][\w. ]{1,20}")
DATE_LINE = re.compile(r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? "
                       r"\d{1,2}(?:st|nd|rd|th)?, \d{4}\.?")
HONORIFIC = re.compile(r"^\(?(?:mrs?|miss|mr|rev|dr)\.?\)?\s+", re.I)
NAME_END = re.compile(r",|\s+\(|\s{2,}|\s*-{2,}\s*|\s+-\s+|\[|\s+(?:and (?:wife|husband)|of|ex-slave)\b",
                      re.I)
PHRASE = re.compile(
    r"\b(?:interview(?:ed)? (?:with|of)|as told by|personal contact with|story of|told by|"
    r"address of informant[ \t]*(?:-{1,2}|:))[ \t\n]*"
    r"(?:\(?(?:mrs?|miss|mr|uncle|aunt|mammy|rev|dr)\.?\)?[ \t]+)?"
    r"([A-Z][\w'’.-]{0,30}(?:[ \t]+(?:[A-Z][\w'’.-]{0,30}|de|van)){0,3})",
    re.IGNORECASE,
)
CAPS_START = re.compile(r"[ \t]*(?:(?:Aunt|Uncle|Mrs?\.|Miss|Mr\.)[ \t]+)?"
                        r"([A-Z][A-Z'’.-]+(?:[ \t]+[A-Z][A-Za-z'’.-]*){1,3})\b")
WRITTEN_BY = re.compile(r"(?:written|interviewed|story)(?: and photo)? by[:\s]+([A-Z][^,\]_*]{2,40})", re.I)
OTHER_KEYS = {"age", "aged", "occupation", "subject", "source", "note", "notes", "reference", "references",
              "title", "topic", "story", "born", "place of birth", "date of birth", "editor", "edited by",
              "district", "no. words", "no words", "supervisor", "county", "state"}
HEADER_KEYS = (INTERVIEWEE_KEYS | PLACE_KEYS | DATE_KEYS | OTHER_KEYS
               | (INTERVIEWER_KEYS - {"interviewer", "visitor"}))
# "town. She": two sentences make a paragraph of prose, whatever its length.
SENTENCE_BREAK = re.compile(r"[a-z]{2}[.!?][\"”’]?[ \t]+[A-Z]")
TURN_LABELS = {"Interviewer", "INTERVIEWER", "Q", "A"}


@dataclass
class Header:
    values: dict[str, list[str]] = field(default_factory=dict)  # key as written -> values
    lines: list[str] = field(default_factory=list)  # header lines that are not key lines

    def first(self, keys: set[str]) -> tuple[str, str] | None:
        for key, vals in self.values.items():
            value = next((v for v in vals if v), "")
            if _norm_key(key) in keys and value:
                return key, value
        return None


def _norm_key(key: str) -> str:
    return re.sub(r"\s+", " ", key.strip().strip(".").lower())


def gaps(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) line ranges between runs of GAP or more blank lines, blank edges trimmed."""
    out: list[tuple[int, int]] = []
    start = None
    blank = 0
    last = -1
    for i, line in enumerate(lines):
        if line and not line.isspace():
            if start is None:
                start = i
            elif blank >= GAP:
                out.append((start, last + 1))
                start = i
            blank = 0
            last = i
        else:
            blank += 1
    if start is not None:
        out.append((start, last + 1))
    return out


def sniff(lines: list[str], parts: list[tuple[int, int]]) -> bool:
    """Three or more stretches (``gaps(lines)``) set apart, most opening with a short header line."""
    if len(parts) < 3:
        return False
    headed = sum(1 for s, _ in parts if len(lines[s].strip()) <= 60 or KEY_LINE.match(lines[s]))
    return headed * 2 >= len(parts)


def _paragraphs(lines: list[str], start: int, end: int) -> list[tuple[int, int]]:
    out = []
    s = None
    for i in range(start, end):
        if lines[i] and not lines[i].isspace():
            if s is None:
                s = i
        elif s is not None:
            out.append((s, i))
            s = None
    if s is not None:
        out.append((s, end))
    return out


def _is_key(line: str) -> re.Match | None:
    m = KEY_LINE.match(line)
    if not m or len(m.group(1).split()) > 5 or not m.group(1)[0].isupper():
        return None
    return m


def _is_head_paragraph(lines: list[str], s: int, e: int) -> bool:
    """Header paragraphs are key lines, short name/title/place lines and *italic* notes."""
    body = [ln.strip() for ln in lines[s:e]]
    if body[0].startswith(('"', "“")) or body[0].endswith("?"):
        return False
    if (max(len(ln) for ln in body) > 50 and SENTENCE_BREAK.search(" ".join(body))
            and not any(_is_key(ln) for ln in lines[s:e])):
        return False
    if all(_is_key(raw) or ln.startswith(("[", "*", "—", "=", "_", "(")) or len(ln) <= 40
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


def parse_header(lines: list[str], head: list[tuple[int, int]]) -> Header:
    h = Header()
    key: str | None = None
    for s, e in head:
        key = None
        for line in lines[s:e]:
            m = _is_key(line)
            if m:
                for piece in NEXT_KEY.split(line):
                    pm = _is_key(piece)
                    if pm:
                        key = pm.group(1).strip()
                        h.values.setdefault(key, []).append(pm.group(2).strip())
                    elif key:
                        h.values[key].append(piece.strip())
            elif key and (line[:1] in " \t" or not any(h.values[key])) and len(line.strip()) <= 60:
                # An indented address line, or the value of "Edited by:" on the next line.
                h.values[key].append(line.strip())
            else:
                key = None
                h.lines.append(line.strip())
    return h


def clean_name(value: str) -> str:
    value = re.split(r"[,;(\[]|\s{2,}|\s*-{2,}\s*|\s+-\s*|\s+age\b|\s+\d", value, maxsplit=1, flags=re.I)[0]
    value = value.replace('"', "").replace("“", "").replace("”", "").strip(" .:'*_=—-")
    return _recase(value)


def _recase(name: str) -> str:
    """"RACHEL ADAMS" -> "Rachel Adams"; names already in mixed case stay as written."""
    if name.isupper():
        return " ".join(w[:1] + w[1:].lower() if not w.startswith("MC") else "Mc" + w[2:].title()
                        for w in name.split())
    return name


def _name_line(line: str, caps_only: bool) -> str | None:
    """A header line that is a person's name: 2-4 capitalised words, not a title or a place."""
    core = line.strip().strip("=*_ \"")
    if core.startswith("["):  # "[HW: MARSHAL BUTLER]", "[GUS CLARK"
        core = re.sub(r"^\[(?:HW|TR):?\s*", "", core.rstrip("]")).lstrip("[")
    core = HONORIFIC.sub("", core)
    core = NAME_END.split(core, maxsplit=1)[0].strip(" .\"")
    words = core.split()
    if not 2 <= len(words) <= 4 or (caps_only and not _mostly_upper(core)):
        return None
    for w in words:
        if not w[0].isupper() or w.lower().strip(".'") in NOT_NAME_WORDS or any(c.isdigit() for c in w):
            return None
    if words[-1].lower().strip(".") in PLACE_WORDS:
        return None
    return _recase(core.replace('"', ""))


def _mostly_upper(text: str) -> bool:
    """Upper-case apart from the odd "Mc" ("MATILDA McKINNEY")."""
    upper = sum(1 for c in text if c.isupper())
    return upper > 3 * sum(1 for c in text if c.islower())


def find_name(h: Header, lines: list[str], head: list[tuple[int, int]], body: int, end: int) -> str | None:
    found = h.first(INTERVIEWEE_KEYS)
    if found and clean_name(found[1]):
        return clean_name(found[1])
    head_lines = [ln.strip() for s, e in head for ln in lines[s:e] if not _is_key(ln)]
    # An upper-case name line anywhere in the header ("RACHEL ADAMS, Age 78"); a mixed-case one
    # only when it opens the section ("Charlie Aarons"): others are usually the worker's name.
    for ln in head_lines:
        name = None if ln.startswith("_") else _name_line(ln, caps_only=True)
        if name:
            return name
    for s, e in head:  # "Sophia Word:" heading her story
        for line in lines[s:e]:
            m = _is_key(line)
            key = m.group(1) if m and not m.group(2) else ""
            if key and _norm_key(key) not in HEADER_KEYS | INTERVIEWER_KEYS and _name_line(key, False):
                return _name_line(key, caps_only=False)
    if head_lines and head and lines[head[0][0]].strip() == head_lines[0]:
        name = _name_line(head_lines[0], caps_only=False)
        if name:
            return name
    subject = h.first({"subject", "title"})
    if subject and _name_line(subject[1], caps_only=False):
        return _name_line(subject[1], caps_only=False)
    text = "\n".join(head_lines + [v for vals in h.values.values() for v in vals])
    text += "\n" + "\n".join(lines[body:min(end, body + 10)])
    m = PHRASE.search(text)
    if m:
        name = clean_name(m.group(1))
        if name and name.split()[0].lower() not in NOT_NAME_WORDS:
            return name
    if body < end:
        m = CAPS_START.match(lines[body])
        if m and _name_line(m.group(1), caps_only=False):
            return _recase(m.group(1))
    for line in lines[max(body, end - 12):end]:  # a closing "Source: Mrs. M. E. Abrams, Whitmire"
        m = _is_key(line)
        if m and _norm_key(m.group(1)) in SOURCE_KEYS and clean_name(m.group(2)):
            return clean_name(HONORIFIC.sub("", m.group(2).strip(' "')))
    return None


def _metadata(h: Header, name: str | None, volume: str) -> Metadata:
    meta = Metadata()
    if name:
        meta.interviewee = [name]
    extra: dict[str, str] = {}
    for key, vals in h.values.items():
        k = _norm_key(key)
        vals = [v for v in vals if v]
        text = ", ".join(vals).strip()
        if not text:
            continue
        if k in INTERVIEWEE_KEYS:
            if "," in vals[0] and meta.place is None:
                meta.place = vals[0].split(",", 1)[1].strip(" ,") or None
            if len(vals) > 1 and meta.place is None:
                meta.place = ", ".join(vals[1:])
        elif k in INTERVIEWER_KEYS and not meta.interviewer and not text.endswith("?"):
            meta.interviewer = [clean_name(vals[0]) or vals[0]]
        elif k in PLACE_KEYS and meta.place is None:
            meta.place = text
        elif k in DATE_KEYS and meta.date is None:
            meta.date = _date(text)
        else:
            extra[re.sub(r"[^a-z0-9]+", "_", k).strip("_") or "note"] = re.sub(r"\s{2,}", " ", text)
    for ln in h.lines:
        core = ln.strip("=*_ ")
        m = WRITTEN_BY.search(ln)
        if m and not meta.interviewer:
            meta.interviewer = [m.group(1).strip(" .")]
        elif meta.date is None and DATE_LINE.fullmatch(core):
            meta.date = _date(core)
        elif meta.place is None and _is_place(core):
            meta.place = core.rstrip(".")
    extra["volume"] = volume
    meta.extra.update(extra)
    return meta


def _date(text: str) -> str:
    """ISO when it parses: "Feb. 2, 1938" and "Sept. 21, 1937" -> "1938-02-02", "1937-09-21"."""
    text = re.sub(r"^(Sept|[A-Z][a-z]{2})[a-z]*\.?(?= )", lambda m: m.group(1)[:3], text.strip().rstrip("."))
    return iso_date(text)


def _is_place(line: str) -> bool:
    """"Oak Grove, Alabama" or "Tampa, Fla.": a town and a state, not a title in capitals."""
    if not PLACE_LINE.fullmatch(line) or line.isupper():
        return False
    return line.rsplit(",", 1)[1].strip(" .").lower() in PLACE_WORDS | STATE_ABBREVIATIONS


def _fallback_title(lines: list[str], head: list[tuple[int, int]], body: int, end: int) -> str:
    """For an interview with nobody named: its first header line with words, else its first words."""
    for s, e in head:
        for line in lines[s:e]:
            text = line.strip().strip("=*_ ")
            if sum(c.isalpha() for c in text) >= 4 and not text.startswith("[") and not _is_key(line):
                return text[:80]
    words = " ".join(lines[body:min(end, body + 3)]).split()
    return " ".join(words[:8]) + ("…" if len(words) > 8 else "") if words else lines[head[0][0]].strip()[:80]


def _turn_labels(found: list[transcript.Block]) -> set[str]:
    """Labels of dialogue in a body: used twice, or an interviewer asking; never header keys."""
    counts = Counter(b.label for b in found if b.label)
    asks = {b.label for b in found if b.label in TURN_LABELS and "?" in b.text}
    return {lab for lab, k in counts.items()
            if (k >= 2 or lab in asks) and _norm_key(lab) not in HEADER_KEYS}


def _document(lines: list[str], start: int, end: int, path: Path, fmt: str,
              split: tuple[list[tuple[int, int]], int], front_matter: bool = False) -> Document | None:
    head, body = split
    h = parse_header(lines, head)
    name = None if front_matter else find_name(h, lines, head, body, end)
    builder = TextBuilder()
    for s, e in head:
        builder.add("\n".join(ln.strip() for ln in lines[s:e]), "metadata")
    found = transcript.blocks(lines[body:end], first_line=body + 1)
    transcript.unlabel(found, _turn_labels(found))
    for b in found:
        if b.label is not None:
            role = "interviewer" if b.label.lower() in ("interviewer", "q") else None
            builder.add(b.text, "turn", label=b.label, time=b.time, role=role)
        else:
            builder.add(b.text, "narration", time=b.time)
    if not builder.passages:
        return None
    meta = _metadata(h, name, path.stem)
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
    sections = list(gaps(lines) if sections is None else sections)
    if len(sections) > 1 and _is_front_matter(lines, *sections[0]):
        s, e = sections.pop(0)
        doc = _document(lines, s, e, path, fmt, (_paragraphs(lines, s, e), e), front_matter=True)
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
