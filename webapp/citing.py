"""Citation routes: a range as text or a file, the same as JSON, and one bibliography for collected quotes.

``/documents/<id>/cite``, ``/api/cite`` and ``POST /bibliography``. Every parameter is checked
(400 with a message), an unknown or hidden document is 404, and download names are built from
the document id's ASCII slug only, so nothing a user sends reaches a header.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, abort, jsonify, request
from werkzeug.datastructures import MultiDict

from archive import citations
from archive.citations import Citation
from archive.citations.record import CitationRecord
from archive.errors import BadParameter, NotFound
from archive.model import Document
from webapp import origin
from webapp.auth import csrf_token, current_viewer
from webapp.services import services

bp = Blueprint("citing", __name__)

MAX_ITEMS = 500  # ranges in one bibliography
MAX_QUOTE = 20_000  # characters quoted by one citation (one range or passage)
MAX_QUOTED = 200_000  # characters quoted by one bibliography in all
MAX_ID = 200


@bp.route("/documents/<doc_id>/cite")
def document_cite(doc_id: str) -> Response:
    doc = _document(doc_id)
    citation = _cite(doc, request.args)
    download = citation.is_text is False or request.args.get("download") in ("1", "true", "yes")
    return _file(citation, download)


@bp.route("/api/cite")
def api_cite() -> Response:
    args = request.args
    passage_ref = _text(args, "passage")
    doc_ref = _text(args, "document")
    if passage_ref:
        doc_id, sep, _ = passage_ref.rpartition(":p")
        if not sep:
            raise BadParameter("passage", f"{passage_ref!r} is not a passage id like doc:p3")
        doc = _document(doc_id)
        if doc.passage(passage_ref) is None:
            raise NotFound(f"passage {passage_ref!r}")
    elif doc_ref:
        doc = _document(doc_ref)
    else:
        raise BadParameter("passage", "give passage=<doc:pN>, or document=<id> with start and end")
    citation = _cite(doc, args, passage_ref or None)
    r = citation.record
    return jsonify({"document_id": doc.id, "passage_id": r.passage_id, "start": r.start, "end": r.end,
                    "format": _format(args), "quote": r.quote, "timecode": r.timecode,
                    "permalink": r.permalink, "text": citation.text, "forms": citation.forms,
                    "mimetype": citation.mimetype, "filename": citation.filename})


@bp.route("/bibliography/token")
def token() -> Response:
    """This session's CSRF token, for collect.js on pages that do not embed one."""
    response = jsonify({"csrf_token": csrf_token()})
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/bibliography", methods=["POST"])
def bibliography() -> Response:
    """Form (``format`` + ``items`` as JSON) or a JSON body (a list, or ``{"format", "items"}``).

    Every range is checked first; then each document is read once and its ranges turned into
    citation records, so that one request holds one document in memory at a time, and the
    answer quotes at most ``MAX_QUOTED`` characters in all (more is refused with 413)."""
    fmt, raw_items = _bibliography_request()
    if not isinstance(raw_items, list) or not raw_items:
        raise BadParameter("items", "expected a non-empty list of {document, start, end}")
    if len(raw_items) > MAX_ITEMS:
        raise BadParameter("items", f"at most {MAX_ITEMS} ranges in one bibliography")
    wanted: list[tuple[int, str, MultiDict]] = []
    for n, raw in enumerate(raw_items, 1):
        if not isinstance(raw, dict):
            raise BadParameter(f"items[{n}]", "expected an object with document, start and end")
        fields = MultiDict({k: str(v) for k, v in raw.items()
                            if v is not None and not isinstance(v, dict | list | bool)})
        wanted.append((n, _text(fields, "document", required=True, name=f"items[{n}].document"), fields))
    records: dict[int, CitationRecord] = {}
    quoted = 0
    for doc_id in dict.fromkeys(doc_id for _, doc_id, _ in wanted):
        doc = _document(doc_id)
        for n, _, fields in (w for w in wanted if w[1] == doc_id):
            start, end = _range(fields, doc, prefix=f"items[{n}].")
            passage = _text(fields, "passage", name=f"items[{n}].passage") or None
            if start is None and passage is None:
                raise BadParameter(f"items[{n}]", "give start and end, or a passage id")
            if passage is not None and doc.passage(passage) is None:
                raise NotFound(f"passage {passage!r}")
            record = citations.build(doc, start, end, base_url=_base_url(), accessed=current_viewer().today,
                                     passage_id=passage if start is None else None)
            _check_quote_length(record.end - record.start, f"items[{n}]")
            quoted += record.end - record.start
            if quoted > MAX_QUOTED:
                abort(413, f"A bibliography quotes at most {MAX_QUOTED:,} characters in all; "
                           f"these ranges quote more. Split them into several bibliographies.")
            records[n] = record
        del doc
    citation = citations.bibliography_of([records[n] for n, _, _ in wanted], fmt)
    return _file(citation, download=True)


def _check_quote_length(length: int, name: str) -> None:
    if length > MAX_QUOTE:
        raise BadParameter(name, f"a range of {length:,} characters; a citation quotes at most "
                                 f"{MAX_QUOTE:,} (cite a shorter range)")


# -- helpers ---------------------------------------------------------------------------

def _bibliography_request() -> tuple[str, Any]:
    if request.is_json:
        body = request.get_json(silent=True)
        if body is None:
            raise BadParameter("body", "not valid JSON")
        if isinstance(body, list):
            return citations.check_format(request.args.get("format")), body
        if isinstance(body, dict):
            return citations.check_format(body.get("format") or request.args.get("format")), body.get("items")
        raise BadParameter("body", "expected a list of ranges, or {format, items}")
    fmt = citations.check_format(request.form.get("format") or request.args.get("format"))
    raw = request.form.get("items", "")
    try:
        return fmt, json.loads(raw) if raw else None
    except json.JSONDecodeError:
        raise BadParameter("items", "not valid JSON") from None


def _cite(doc: Document, args: MultiDict, passage_id: str | None = None) -> Citation:
    fmt = _format(args)
    start, end = _range(args, doc)
    if start is None and passage_id is None:
        raise BadParameter("start", "give start and end offsets of the range to cite")
    if start is not None:
        _check_quote_length(end - start, "start/end")
    else:
        passage = doc.passage(passage_id)
        if passage is not None:
            _check_quote_length(passage.end - passage.start, "passage")
    return citations.cite(doc, start, end, fmt, base_url=_base_url(), accessed=current_viewer().today,
                          passage_id=passage_id if start is None else None)


def _format(args: MultiDict) -> str:
    return citations.check_format(args.get("format") or "chicago")


def _range(args: MultiDict, doc: Document, prefix: str = "") -> tuple[int | None, int | None]:
    raw_start, raw_end = (args.get("start") or "").strip(), (args.get("end") or "").strip()
    if not raw_start and not raw_end:
        return None, None
    values = []
    for name, raw in (("start", raw_start), ("end", raw_end)):
        if not raw:
            raise BadParameter(prefix + name, "required when the other offset is given")
        if not raw.isdigit() or len(raw) > 9:
            raise BadParameter(prefix + name, f"{raw[:20]!r} is not a character offset")
        values.append(int(raw))
    start, end = values
    if not start < end <= len(doc.text):
        raise BadParameter(prefix + "start/end",
                           f"range {start}-{end} must lie inside the document (0-{len(doc.text)})")
    return start, end


def _text(args: MultiDict, key: str, *, required: bool = False, name: str | None = None) -> str:
    """A short id-like parameter; ``name`` is what the error message calls it."""
    shown = name or key
    value = (args.get(key) or "").strip()
    if required and not value:
        raise BadParameter(shown, "required")
    if len(value) > MAX_ID or any(ord(c) < 32 for c in value):
        raise BadParameter(shown, "not a valid id")
    return value


def _document(doc_id: str) -> Document:
    doc = services().document(doc_id, current_viewer())
    if doc is None:  # unknown and hidden look the same: nothing is given away
        raise NotFound(f"document {doc_id!r}")
    return doc


def _base_url() -> str:
    return origin.base_url()


def _file(citation: Citation, download: bool) -> Response:
    response = Response(citation.body, mimetype=citation.mimetype.split(";")[0])
    response.charset = "utf-8"
    if download:
        # The name is ASCII slug + digits by construction; quoted all the same.
        response.headers["Content-Disposition"] = f'attachment; filename="{citation.filename}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
