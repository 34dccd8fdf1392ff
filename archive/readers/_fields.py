"""Metadata found inside files (``Key: value`` lines, tables, XML fields) in the model's terms.

Readers of structured formats share this so that "Narrator", "Interviewee" and "Subject"
all land in ``Metadata.interviewee`` and dates come out as ISO strings.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

# Lower-cased source key -> Metadata field. Keys not listed here are not metadata
# (a body line "Note: ..." stays text); see ``field_for``.
KEYS: dict[str, str] = {
    "interviewee": "interviewee", "narrator": "interviewee", "subject": "interviewee",
    "person interviewed": "interviewee", "interviewees": "interviewee",
    "interviewer": "interviewer", "interviewers": "interviewer", "interviewed by": "interviewer",
    "author": "author", "by": "author",
    "date": "date", "interview date": "date", "date of interview": "date", "recorded": "date",
    "place": "place", "location": "place", "interview location": "place",
    "collection": "collection", "series": "collection",
    "repository": "repository", "archive": "repository",
    "publisher": "publisher", "rights": "rights", "copyright": "rights", "license": "rights",
    "identifier": "identifier", "accession": "identifier", "call number": "identifier",
    "url": "url", "media": "media_url", "media url": "media_url", "audio": "media_url",
    "language": "language", "access": "access", "keywords": "keywords",
    "title": "title", "transcriber": "transcriber", "duration": "duration",
    # Russian house styles
    "интервьюируемый": "interviewee", "рассказчик": "interviewee", "респондент": "interviewee",
    "интервьюер": "interviewer", "дата": "date", "место": "place",
}
LIST_SPLIT = re.compile(r"\s*;\s*|\s+&\s+|\s+and\s+")
KEY_VALUE = re.compile(r"^\s*([^\W\d_][^\W\d_ ]*(?: [^\W\d_]+){0,4}?)\s*:\s+(\S.*?)\s*$")
DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%B %d, %Y", "%B %d %Y", "%d %b %Y", "%b %d, %Y",
                "%A, %B %d, %Y", "%Y/%m/%d", "%d.%m.%Y", "%m/%d/%Y", "%B %Y", "%Y-%m", "%Y")


def field_for(key: str) -> str | None:
    return KEYS.get(re.sub(r"\s+", " ", key.strip().lower().rstrip(":")))


def key_value(line: str, *, names_checked: bool = True) -> tuple[str, str] | None:
    """``("interviewer", "Daniel Hart")`` for a metadata line, None for anything else.

    "Interviewer: So where were you born?" is a turn, not metadata: names must look like names
    (unless ``names_checked`` is False, for lines already known to sit in a metadata block).
    """
    m = KEY_VALUE.match(line)
    if not m:
        return None
    name, value = field_for(m.group(1)), m.group(2)
    if name is None or len(value) > 200:
        return None
    if names_checked and name in ("interviewee", "interviewer", "author") and not _names(value):
        return None
    return name, value


def _names(value: str) -> bool:
    """Whether a value reads as one or more people's names rather than a sentence."""
    particles = ("and", "de", "van", "von", "la", "der")
    words = [w for w in re.split(r"[\s,;&]+", value) if w and w.lower() not in particles]
    if not words or len(value) > 80 or len(words) > 8 or re.search(r"[?!]|[a-z]{2}\.(\s|$)", value):
        return False
    capitalised = sum(1 for w in words if w[0].isupper())
    return value[0].isupper() and capitalised * 2 >= len(words) + 1


def iso_date(value: str) -> str:
    """An ISO date ("1994-03-14", "1994-03" or "1994") when the value parses, else as given."""
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", value.strip())
    if re.match(r"\d{4}-\d{2}-\d{2}[T ]\d", text):  # a timestamp: the day is enough
        text = text[:10]
    named = any(c.isalpha() for c in text)
    for fmt in DATE_FORMATS:
        # A month or day name needs letters and a numeric format none: skip the hopeless tries
        # (a failed strptime raises, and costs more than a dozen successful ones).
        if named != ("%B" in fmt or "%b" in fmt or "%A" in fmt):
            continue
        try:
            parsed = datetime.strptime(text, fmt)
        except ValueError:
            continue
        if fmt in ("%B %Y", "%Y-%m"):
            return parsed.strftime("%Y-%m")
        return parsed.strftime("%Y") if fmt == "%Y" else parsed.strftime("%Y-%m-%d")
    return value.strip()


def add(values: dict[str, Any], name: str, value: str) -> None:
    """Record one metadata value in ``values`` (lists split on ``;``/``and``, dates made ISO)."""
    value = value.strip()
    if not value:
        return
    if name in ("interviewee", "interviewer", "author", "keywords"):
        items = [v for v in LIST_SPLIT.split(value) if v] if name != "keywords" else \
            [v.strip() for v in re.split(r"[;,]", value) if v.strip()]
        values.setdefault(name, [])
        values[name].extend(i for i in items if i not in values[name])
    elif name == "date":
        values[name] = iso_date(value)
    else:
        values[name] = value
