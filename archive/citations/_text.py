"""Shared pieces for the text styles: joining parts without stray punctuation, names, dates.

Every style builds a list of parts where any may be missing; ``join`` drops the missing ones
so that no "None", empty brackets or doubled punctuation ever reaches a citation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
# MLA 9 abbreviates months longer than four letters.
MLA_MONTHS = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.",
              "Nov.", "Dec.")
_END_PUNCT = ".?!"
_INITIAL = re.compile(r"(?:[A-Z]\.)+")
_JOINING = {"with", "of", "and", "the", "a", "an", "by", "in", "on", "for", "to", "de", "van", "von"}
_PARTICLES = {"de", "da", "del", "della", "der", "di", "du", "la", "le", "van", "von", "ten", "ter"}


@dataclass(frozen=True)
class Quoted:
    """A title in quotation marks: American style puts a following comma or period inside them."""

    text: str


Part = str | Quoted | None


def _clean(part: Part) -> Part:
    if part is None:
        return None
    if isinstance(part, Quoted):
        text = " ".join(part.text.split())
        return Quoted(text) if text else None
    text = " ".join(str(part).split())
    return text or None


def join(parts: Iterable[Part], sep: str = ", ", end: str = "") -> str:
    """Join the present parts with ``sep``, closing with ``end``, never doubling punctuation."""
    present = [p for p in (_clean(p) for p in parts) if p is not None]
    out = []
    for i, part in enumerate(present):
        glue = end if i == len(present) - 1 else sep
        mark = glue.lstrip()[:1] if glue.lstrip()[:1] in ",.;:" else ""
        rest = glue.lstrip()[1:] if mark else glue
        body = part.text if isinstance(part, Quoted) else part
        # "Why?" takes no comma or period after it; "Inc." takes no second period.
        swallowed = ((mark == "." and body[-1] in _END_PUNCT) or (mark == "," and body[-1] in "?!")) \
            and "://" not in body  # a URL's last character is part of the address
        if isinstance(part, Quoted):
            if mark in (",", "."):
                out.append(f"“{body}{'' if swallowed else mark}”{rest}")
            else:
                out.append(f"“{body}”{mark}{rest}")
        else:
            out.append(f"{body}{'' if swallowed else mark}{rest}")
    return "".join(out).rstrip()


def sentences(*parts: Part) -> str:
    """Parts each closed by a period, separated by spaces (MLA and APA element groups)."""
    return join(parts, sep=". ", end=".")


def wrap(text: str | None, left: str = "(", right: str = ")") -> str | None:
    """Brackets around text that exists; nothing at all (not "()") when it does not."""
    return f"{left}{text}{right}" if text else None


def short_title(title: str, limit: int = 40) -> str:
    """A title cut to its first phrase when long (for in-text citations)."""
    if len(title) <= limit:
        return title
    for mark in (":", "(", ",", " - ", "—"):
        head = title.split(mark, 1)[0].strip()
        if 0 < len(head) <= limit:
            return head
    words = title.split()
    cut = len(title[:limit].rsplit(" ", 1)[0].split())
    # Never end on an initial ("William E.") or a joining word: a name is not cut in two.
    while cut < len(words) and (_INITIAL.fullmatch(words[cut - 1]) or words[cut - 1].lower() in _JOINING
                                or words[cut - 1][:1].isupper() and words[cut][:1].isupper()):
        cut += 1
    return " ".join(words[:cut])


# -- names ---------------------------------------------------------------------------------

def split_name(name: str) -> tuple[str, str]:
    """(given, family) of a display name; "Hart, Daniel" and "Daniel Hart" both work."""
    name = " ".join(name.split())
    if "," in name:
        family, given = (s.strip() for s in name.split(",", 1))
        return given, family
    words = name.split(" ")
    if len(words) == 1:
        return "", name
    cut = len(words) - 1
    while cut > 1 and words[cut - 1].lower() in _PARTICLES:
        cut -= 1
    return " ".join(words[:cut]), " ".join(words[cut:])


def natural(name: str) -> str:
    given, family = split_name(name)
    return f"{given} {family}".strip()


def inverted(name: str) -> str:
    given, family = split_name(name)
    return f"{family}, {given}" if given else family


def initials(given: str) -> str:
    """APA initials: "Vera" -> "V.", "Jean-Paul" -> "J.-P.", "Mary Ann" -> "M. A."."""
    out = []
    for word in given.split():
        out.append("-".join(f"{piece[0]}." for piece in word.split("-") if piece))
    return " ".join(out)


def and_list(names: list[str], conj: str = "and", serial: bool = True) -> str:
    if len(names) <= 1:
        return "".join(names)
    if len(names) == 2:
        return f"{names[0]} {conj} {names[1]}"
    comma = "," if serial else ""
    return f"{', '.join(names[:-1])}{comma} {conj} {names[-1]}"


# -- dates ---------------------------------------------------------------------------------

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def date_parts(value: str | None) -> tuple[int, ...] | None:
    """(year,), (year, month) or (year, month, day) from an ISO date; None when not ISO."""
    if not value:
        return None
    m = _ISO.match(value.strip())
    if not m:
        return None
    parts = [int(g) for g in m.groups() if g is not None]
    if len(parts) > 1 and not 1 <= parts[1] <= 12:
        parts = parts[:1]
    if len(parts) > 2 and not 1 <= parts[2] <= 31:
        parts = parts[:2]
    return tuple(parts)


def chicago_date(value: str | None) -> str | None:
    """March 3, 1998 / March 1998 / 1998; a date that is not ISO is kept as written."""
    parts = date_parts(value)
    if parts is None:
        return value.strip() if value and value.strip() else None
    if len(parts) == 3:
        return f"{MONTHS[parts[1] - 1]} {parts[2]}, {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[parts[1] - 1]} {parts[0]}"
    return str(parts[0])


def mla_date(value: str | None) -> str | None:
    """3 Mar. 1998 / Mar. 1998 / 1998."""
    parts = date_parts(value)
    if parts is None:
        return value.strip() if value and value.strip() else None
    if len(parts) == 3:
        return f"{parts[2]} {MLA_MONTHS[parts[1] - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MLA_MONTHS[parts[1] - 1]} {parts[0]}"
    return str(parts[0])


def apa_date(value: str | None) -> str:
    """1998, March 3 / 1998, March / 1998 / n.d."""
    parts = date_parts(value)
    if parts is None:
        return value.strip() if value and value.strip() else "n.d."
    if len(parts) == 3:
        return f"{parts[0]}, {MONTHS[parts[1] - 1]} {parts[2]}"
    if len(parts) == 2:
        return f"{parts[0]}, {MONTHS[parts[1] - 1]}"
    return str(parts[0])


def year(value: str | None) -> str | None:
    parts = date_parts(value)
    return str(parts[0]) if parts else None


def clock(seconds: float | None) -> str | None:
    """HH:MM:SS of a time in seconds (the timecode of the first quoted word)."""
    if seconds is None or seconds < 0:
        return None
    s = int(seconds)
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"
