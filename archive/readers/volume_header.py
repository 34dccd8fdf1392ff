"""The header that opens one interview in a volume: key lines, name lines, and who is named.

FWP headers come in many shapes (``Person Interviewed: Silas Abbott``, a name line over an
``*Interview with ...*`` block, ``WILL ADAMS was born ...``); ``find_name`` tries them from the
most to the least explicit, and ``metadata`` files the rest under the model's fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from archive.model import Metadata
from archive.readers._fields import iso_date

MAX_NAME_SOURCE = 300  # header lines longer than this are not searched for names or further keys
KEY_LINE = re.compile(r"[ \t]*([A-Za-z][A-Za-z.'#/ -]{0,40}?)[ \t]*:[ \t]*(.*)$")
SPACES = re.compile(r"\s+")
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
    r"\b(?:interview(?:ed)? (?:with|of)|conversation with|as told by|personal contact with|story of|told by|"
    r"address of informant[ \t]*(?:-{1,2}|:))[ \t\n]*"
    r"\*?(?:\(?(?:mrs?|miss|mr|uncle|aunt|mammy|rev|dr)\.?\)?[ \t]+)?"
    r"([A-Z][\w'’.-]{0,30}(?:[ \t]+(?:[A-Z][\w'’.-]{0,30}|de|van)){0,3})",
    re.IGNORECASE,
)

# The person a biography sketch is about: "Biography Sketch of Ex-Slave, Anderson Scales, 82",
# "BIOGRAPHY OF EX-SLAVE CATHERINE SCALES", "Ex-Slave Biography--Charles Lee Dalton, 93."
SKETCH_OF = re.compile(r"(?:biography(?: sketch)?|story|sketch|life) of (?:an? )?ex-slave[,:\s]+|"
                       r"ex-slave biography\s*(?:--|[:,—-])\s*", re.I)
SKETCH_NAME = re.compile(r"((?:[A-Z][\w'’.-]*)(?:[ \t]+[A-Z][\w'’.-]*){1,3})")
# A writer's byline: "By Miss Nancy Watkins, volunteer" (the writer, never the person interviewed).
BYLINE = re.compile(r"By (?:(?:Miss|Mrs|Mr|Dr)\.? )?([A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){1,3})")
CAPS_START = re.compile(r"[ \t]*(?:(?:Aunt|Uncle|Mrs?\.|Miss|Mr\.)[ \t]+)?"
                        r"([A-Z][A-Z'’.-]+(?:[ \t]+[A-Z][A-Za-z'’.-]*){1,3})\b")
INTERVIEWED_BY = re.compile(r"(?:interviewer|interviewed by)[ \t]*:[ \t]*([A-Z][^,(\n]{2,40})", re.I)
WRITTEN_BY = re.compile(r"(?:written|interviewed|story)(?: and photo)? by[:\s]+([A-Z][^,\]_*]{2,40})", re.I)
OTHER_KEYS = {"age", "aged", "occupation", "subject", "source", "note", "notes", "reference", "references",
              "title", "topic", "story", "born", "place of birth", "date of birth", "editor", "edited by",
              "district", "no. words", "no words", "supervisor", "county", "state"}
HEADER_KEYS = (INTERVIEWEE_KEYS | PLACE_KEYS | DATE_KEYS | OTHER_KEYS
               | (INTERVIEWER_KEYS - {"interviewer", "visitor"}))


@dataclass
class Header:
    """What one interview's header says: ``Key: value`` lines, and the other lines."""

    values: dict[str, list[str]] = field(default_factory=dict)  # key as written -> values
    lines: list[str] = field(default_factory=list)  # header lines that are not key lines

    def first(self, keys: set[str]) -> tuple[str, str] | None:
        for key, vals in self.values.items():
            value = next((v for v in vals if v), "")
            if norm_key(key) in keys and value:
                return key, value
        return None


def norm_key(key: str) -> str:
    """"Person  Interviewed." -> "person interviewed"."""
    return SPACES.sub(" ", key.strip().strip(".").lower())


def is_key(line: str) -> re.Match | None:
    """The match for a ``Key: value`` header line (keys of up to five capitalised words)."""
    if ":" not in line:  # most lines, at a tenth of the cost of trying the pattern
        return None
    m = KEY_LINE.match(line)
    if not m or len(m.group(1).split()) > 5 or not m.group(1)[0].isupper():
        return None
    return m


def parse_header(lines: list[str], head: list[tuple[int, int]]) -> Header:
    """Key lines (several on a line, values running on to indented lines) and the rest."""
    h = Header()
    key: str | None = None
    for s, e in head:
        key = None
        for line in lines[s:e]:
            m = is_key(line)
            if m:
                for piece in NEXT_KEY.split(line) if len(line) <= MAX_NAME_SOURCE else [line]:
                    pm = is_key(piece)
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
    """"Lucian Abernathy, Marvell, Arkansas" -> "Lucian Abernathy"."""
    value = value[:MAX_NAME_SOURCE]  # names are short; this also keeps the patterns below cheap
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
    core = line[:MAX_NAME_SOURCE].strip().strip("=*_ \"")
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
    return sum(map(str.isupper, text)) > 3 * sum(map(str.islower, text))


def find_name(h: Header, lines: list[str], head: list[tuple[int, int]], body: int, end: int) -> str | None:
    """Who was interviewed: a key, a name line, a phrase, the opening words, a closing "Source:"."""
    found = h.first(INTERVIEWEE_KEYS)
    if found and clean_name(found[1]):
        return clean_name(found[1])
    head_lines = [ln.strip() for s, e in head for ln in lines[s:e] if not is_key(ln)]
    sketch = SKETCH_OF.search(" ".join(head_lines)[:MAX_NAME_SOURCE * 2])
    if sketch:
        m = SKETCH_NAME.match(" ".join(head_lines), sketch.end())
        if m and clean_name(HONORIFIC.sub("", m.group(1))):
            return clean_name(HONORIFIC.sub("", m.group(1)))
    head_lines = [ln for ln in head_lines if not BYLINE.match(ln)]  # the writer, not the teller
    # An upper-case name line anywhere in the header ("RACHEL ADAMS, Age 78"); a mixed-case one
    # only when it opens the section ("Charlie Aarons"): others are usually the worker's name.
    for ln in head_lines:
        name = None if ln.startswith("_") else _name_line(ln, caps_only=True)
        if name:
            return name
    for s, e in head:  # "Sophia Word:" heading her story
        for line in lines[s:e]:
            m = is_key(line)
            key = m.group(1) if m and not m.group(2) else ""
            if key and norm_key(key) not in HEADER_KEYS | INTERVIEWER_KEYS and _name_line(key, False):
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
    return closing_source(lines[max(body, end - 12):end])[0]


def closing_source(lines: list[str]) -> tuple[str | None, str | None]:
    """(teller, interviewer) from a closing line.

    For example "=Source:= Mary Edwards (79), Greenwood. Interviewed by: G.L. Summer (6/10/37)".
    """
    for line in lines:
        m = is_key(line.strip().lstrip("=*_"))
        if m and norm_key(m.group(1)) in SOURCE_KEYS:
            value = m.group(2)[:MAX_NAME_SOURCE].lstrip("=*_ ")
            phrase = PHRASE.search(value)  # "Source: Personal interview with John Hamilton"
            teller = clean_name(phrase.group(1) if phrase else HONORIFIC.sub("", value.strip(' "*')))
            asked = INTERVIEWED_BY.search(value)
            return teller or None, (asked.group(1).strip(" .") if asked else None)
    return None, None


def metadata(h: Header, name: str | None, volume: str) -> Metadata:
    """The header in the model's terms; keys with no field of their own go to ``extra``."""
    meta = Metadata()
    if name:
        meta.interviewee = [name]
    extra: dict[str, str] = {}
    for key, vals in h.values.items():
        k = norm_key(key)
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
        byline = BYLINE.match(core)
        if byline and not meta.interviewer:
            meta.interviewer = [clean_name(byline.group(1))]
        elif m and not meta.interviewer:
            meta.interviewer = [m.group(1).strip(" .")]
        elif ln.startswith("—_") and not meta.interviewer and clean_name(ln[2:]):
            meta.interviewer = [clean_name(ln[2:])]  # the writer's byline: "—_Susie R. O’Brien, Uniontown_"
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
