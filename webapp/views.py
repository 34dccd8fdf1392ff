"""HTML pages: search (with facets and quote finder), the document list and the reader."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote as quote_path
from urllib.parse import urlencode

from flask import Blueprint, abort, render_template, request

from archive import permalinks
from archive.errors import BadParameter
from webapp import origin, params, reader, urls
from webapp.auth import current_viewer
from webapp.services import services

bp = Blueprint("views", __name__)

FACET_TITLES = {"speaker": "Speaker", "topic": "Topic", "document": "Document", "kind": "Kind",
                "decade": "Decade"}
FACET_SHOWN = 12  # values per facet; the rest are reachable by narrowing the search


@bp.route("/")
@bp.route("/search")
def search() -> Any:
    error = None
    result = None
    try:
        req = params.SearchRequest.from_args(request.args)
    except BadParameter as exc:
        req, error = params.SearchRequest(q=request.args.get("q", "")[:params.MAX_TEXT]), str(exc)
    if error is None and not req.empty:
        try:
            result = services().search(req.query, current_viewer(), **req.kwargs())
        except BadParameter as exc:
            error = str(exc)
    status = 400 if error else 200
    if result is None:
        docs = services().documents(current_viewer()) if req.empty and error is None else []
        return render_template("search.html", req=req, error=error, result=None, docs=docs[:50],
                               doc_count=len(docs)), status
    hits = [_hit_view(h, req.q) for h in result.get("hits", [])]
    titles = {h.get("document_id"): h.get("title") for h in hits}
    return render_template("search.html", req=req, error=None, result=result, hits=hits,
                           facets=_facet_views(result.get("facets", {}), req, titles),
                           pages=_pages(req, int(result.get("total", 0))), docs=[])


@bp.route("/quote")
def quote() -> Any:
    error = None
    result = None
    q = request.args.get("q", "")
    try:
        q = params.text(request.args, "q")
        limit = params.integer(request.args, "limit", 5, 1, 50)
        if q:
            result = services().quote(q, current_viewer(), limit=limit)
    except BadParameter as exc:
        error = str(exc)
    matches = [_match_view(m) for m in (result or {}).get("matches", [])]
    return render_template("quote.html", q=q[:params.MAX_TEXT], error=error, result=result,
                           matches=matches), 400 if error else 200


@bp.route("/documents")
def documents() -> Any:
    docs = services().documents(current_viewer())
    return render_template("documents.html", docs=docs)


@bp.route("/documents/<doc_id>")
def document(doc_id: str) -> Any:
    doc = services().document(doc_id, current_viewer())
    if doc is None:
        abort(404, f"No document {doc_id!r} here.")
    # ?hl= with the cited words (a permalink) re-anchors on the words if the text was corrected.
    anchor = permalinks.anchor(doc, request.args)
    hl = (anchor.start, anchor.end) if anchor is not None and anchor.start is not None else None
    hint = params.integer(request.args, "p", 0, 0, 10**9, prefix="p")
    here = reader.part_at(doc, offset=hl[0] if hl else None, number=hint or None)
    part = params.integer(request.args, "part", here, 1, reader.parts_of(doc))
    q = params.text(request.args, "q")
    words = services().word_ranges(reader.passages_in(doc, part), doc.text, q) if q else []
    view = reader.build(doc, hl=hl, word_marks=words, part=part)
    return render_template("document.html", doc=doc, view=view, q=q, anchor=anchor,
                           meta=_metadata_rows(doc), citation=_citation_meta(doc),
                           media=_media(doc.metadata.media_url), page_url=origin.document_url(doc.id))


def search_href(args: dict[str, Any]) -> str:
    """``/search?...``: built by hand because a results page makes a hundred of these and
    ``url_for`` costs a tenth of a millisecond each."""
    return f"{request.script_root}/search" + (f"?{urlencode(args)}" if args else "")


def document_href(doc_id: str, anchor: str = "", **args: Any) -> str:
    query = urlencode({k: v for k, v in args.items() if v is not None})
    return (f"{request.script_root}/documents/{quote_path(doc_id, safe='')}" + (f"?{query}" if query else "")
            + (f"#{anchor}" if anchor else ""))


def _hit_view(hit: dict[str, Any], q: str) -> dict[str, Any]:
    """A hit with the link that lands on its words: ``?hl=`` range, ``q`` for word marks, ``#hl``."""
    doc_id = hit.get("document_id", "")
    span = _hit_span(hit.get("highlights") or [], hit.get("text", ""), int(hit.get("start", 0)))
    number = str(hit.get("passage_id", "")).rsplit(":p", 1)[-1]
    if span is not None:
        href = document_href(doc_id, hl=f"{span[0]}-{span[1]}", q=q or None, anchor="hl")
    else:
        href = document_href(doc_id, q=q or None, anchor=f"p{number}")
    return {**hit, "href": href, "clock": reader.clock(hit.get("time")),
            "kind_label": reader.KIND_LABELS.get(hit.get("kind", ""), hit.get("kind", "")),
            "permalink": document_href(doc_id, anchor=f"p{number}")}


def _hit_span(highlights: list, text: str, base: int) -> tuple[int, int] | None:
    """The first matched words, joined with the matches right after them (only white space between)."""
    spans = sorted((int(s), int(e)) for s, e in highlights)
    if not spans:
        return None
    start, end = spans[0]
    for s, e in spans[1:]:
        if text[end - base:s - base].strip():
            break
        end = max(end, e)
    return start, end


def _facet_views(facets: dict[str, dict[str, int]], req: params.SearchRequest,
                 titles: dict[str, str]) -> list[dict[str, Any]]:
    """Facet values as filter links; a document shows its title when a hit on this page names it."""
    views = []
    for name, title in FACET_TITLES.items():
        counts = facets.get(name) or {}
        active = req.filters.get(name)
        values = []
        for value, count in list(counts.items())[:FACET_SHOWN]:
            on = active == str(value)
            args = req.args(**{name: None if on else value, "offset": None})
            label = (titles.get(value) or value) if name == "document" else value
            values.append({"value": value, "label": label, "count": count, "active": on,
                           "href": search_href(args)})
        if active and not any(v["active"] for v in values):
            values.insert(0, {"value": active, "label": titles.get(active, active) if name == "document"
                              else active, "count": None, "active": True,
                              "href": search_href(req.args(**{name: None, "offset": None}))})
        if values:
            views.append({"name": name, "title": title, "options": values})
    return views


def _pages(req: params.SearchRequest, total: int) -> dict[str, Any]:
    total = min(total, params.MAX_OFFSET + req.limit)
    last = max((total - 1) // req.limit, 0)
    current = req.offset // req.limit
    numbers = sorted({0, last, *range(max(current - 2, 0), min(current + 3, last + 1))})
    links = [{"n": n + 1, "current": n == current,
              "href": search_href(req.args(offset=n * req.limit or None))} for n in numbers]
    return {
        "first": req.offset + 1, "last": min(req.offset + req.limit, total), "links": links if last else [],
        "prev": search_href(req.args(offset=max(req.offset - req.limit, 0) or None))
        if req.offset else None,
        "next": search_href(req.args(offset=req.offset + req.limit))
        if req.offset + req.limit < total else None,
    }


def _match_view(match: dict[str, Any]) -> dict[str, Any]:
    doc_id = match.get("document_id", "")
    start, end = match.get("start"), match.get("end")
    href = document_href(doc_id, hl=f"{start}-{end}", anchor="hl") \
        if isinstance(start, int) and isinstance(end, int) and start < end \
        else document_href(doc_id)
    similarity = float(match.get("similarity") or 0)
    percent = round(similarity * 100 if similarity <= 1 else similarity)
    return {**match, "href": href, "percent": percent, "diff_ops": _diff_ops(match.get("diff"))}


def _diff_ops(diff: Any) -> list[tuple[str, str]]:
    """The quote finder's word diff (``{op, query, original}`` items) as (kind, words) to show:
    equal words once, words only in the visitor's version as ``delete``, the original's as ``insert``."""
    ops: list[tuple[str, str]] = []
    for item in diff or []:
        if not isinstance(item, dict):
            continue
        if item.get("op") == "equal":
            ops.append(("equal", str(item.get("original", ""))))
            continue
        if item.get("query"):
            ops.append(("delete", str(item["query"])))
        if item.get("original"):
            ops.append(("insert", str(item["original"])))
    return ops


def _metadata_rows(doc) -> list[tuple[str, str, str]]:
    """(label, value, link) for the reader's header; only http(s) sources become links."""
    m = doc.metadata
    source_link = urls.web_address(m.url)
    rows = [("Interviewee", ", ".join(m.interviewee), ""), ("Interviewer", ", ".join(m.interviewer), ""),
            ("Author", ", ".join(m.author), ""), ("Date", m.date or "", ""), ("Place", m.place or "", ""),
            ("Collection", m.collection or "", ""), ("Repository", m.repository or "", ""),
            ("Publisher", m.publisher or "", ""), ("Rights", m.rights or "", ""),
            ("Source", m.url or f"{doc.source.filename} ({doc.source.format})", source_link)]
    return [row for row in rows if row[1]]


def _citation_meta(doc) -> list[tuple[str, str]]:
    """Highwire ``citation_*`` tags that Zotero and other reference managers read."""
    m = doc.metadata
    tags = [("citation_title", doc.title)]
    tags += [("citation_author", name) for name in (m.interviewee or m.author)]
    if m.date:
        tags.append(("citation_date", m.date.replace("-", "/")))
    publisher = m.publisher or m.repository or m.collection
    if publisher:
        tags.append(("citation_publisher", publisher))
    if m.collection:
        tags.append(("citation_collection_title", m.collection))
    tags.append(("citation_public_url", origin.document_url(doc.id)))
    if m.language:
        tags.append(("citation_language", m.language))
    return tags


def _media(url: str | None) -> dict[str, str]:
    """The player for ``media_url``: only http(s) or same-site addresses, audio unless it looks like video."""
    url = urls.media_source(url)
    if not url:
        return {}
    video = (".mp4", ".webm", ".ogv", ".mov", ".m4v")
    return {"url": url, "kind": "video" if url.lower().split("?", 1)[0].endswith(video) else "audio"}
