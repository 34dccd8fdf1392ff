"""People's names as catalogues write them ("Duarte, Ronald") and as people say them.

Catalogue records (OHMS ``interviewee``, library headings) invert names so they sort by surname;
everywhere a person is named the archive shows the natural order, and keeps the inverted form
for bibliographies.
"""

from __future__ import annotations

import re

# "Duarte, Ronald", "Smith, John A.", "Lomova, Vera, 1931-2020" (a heading with life dates)
INVERTED = re.compile(r"\s*([^\W\d_][\w'’.-]*(?:\s+[^\W\d_][\w'’.-]*){0,2}),\s+"
                      r"([^\W\d_][\w'’.-]*(?:\s+[^\W\d_][\w'’.-]*){0,3})(?:,\s*[\d?-]{4,}.*)?\s*")
SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "phd", "ph.d.", "md", "m.d."}


def is_inverted(name: str) -> bool:
    """Whether ``name`` reads "Surname, Forename" (not "Ron Duarte, Jr." nor a list)."""
    m = INVERTED.fullmatch(name)
    return bool(m) and m.group(2).lower() not in SUFFIXES and " and " not in name


def natural(name: str) -> str:
    """"Duarte, Ronald" -> "Ronald Duarte"; a name in natural order comes back as it is."""
    m = INVERTED.fullmatch(name)
    if not m or not is_inverted(name):
        return name.strip()
    return f"{m.group(2)} {m.group(1)}"


def naturalize(values: dict) -> None:
    """Show ``interviewee``/``interviewer`` in natural order; keep catalogue forms as ``*_sort``."""
    for key in ("interviewee", "interviewer"):
        inverted = [n for n in values.get(key, []) if is_inverted(n)]
        if inverted:
            values[key] = [natural(n) for n in values[key]]
            values.setdefault("extra", {})[f"{key}_sort"] = inverted
