"""CSL-JSON: the citation record as Citation Style Language data, for Zotero, Pandoc and citeproc.

An interview is type ``interview`` (author = interviewee, with ``interviewer``); an article is
``article-newspaper`` when its publisher is known, else ``article``.
"""

from __future__ import annotations

import json
from typing import Any

from archive.citations._text import date_parts, split_name
from archive.citations.record import ARTICLE, CitationRecord

MIMETYPE = "application/vnd.citationstyles.csl+json"


def item(r: CitationRecord, key: str) -> dict[str, Any]:
    """One CSL item; missing fields are left out, never null."""
    if r.kind == ARTICLE:
        fields: dict[str, Any] = {
            "type": "article-newspaper" if r.publisher else "article",
            "author": names(r.authors), "container-title": r.publisher, "publisher": r.publisher,
            "URL": r.link,
            "note": f"Quoting {r.quoted_in}" if r.quoted_in else None,
        }
    else:
        fields = {
            "type": "interview", "author": names(r.interviewees), "interviewer": names(r.interviewers),
            "medium": "Transcript", "publisher-place": r.place, "collection-title": r.collection,
            "archive": r.repository, "archive_location": r.identifier, "URL": r.link,
            "note": r.timecode,
        }
    fields.update({
        "id": key, "title": r.title or None, "issued": _date(r.date),
        "accessed": _date(r.accessed) if r.link else None,  # an access date belongs to a URL
        "language": r.language,
    })
    if r.date and fields["issued"] is None:
        fields["issued"] = {"literal": r.date}
    return {k: v for k, v in fields.items() if v not in (None, "", [])}


def render(items: list[tuple[CitationRecord, str]]) -> str:
    return json.dumps([item(r, key) for r, key in items], ensure_ascii=False, indent=2) + "\n"


def names(people: list[str]) -> list[dict[str, str]]:
    out = []
    for person in people:
        given, family = split_name(person)
        out.append({"family": family, "given": given} if given else {"literal": family})
    return out


def _date(value: str | None) -> dict[str, Any] | None:
    parts = date_parts(value)
    return {"date-parts": [list(parts)]} if parts else None
