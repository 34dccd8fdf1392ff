"""The JSON API of the design (search, quote, documents), described at ``/api/openapi.json``."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request, url_for

from archive.errors import BadParameter, NotFound
from webapp import disclose, origin, params, reader
from webapp.auth import current_viewer
from webapp.openapi import document as openapi_document
from webapp.services import services

bp = Blueprint("api", __name__, url_prefix="/api")

API_PART_PASSAGES = 5000
API_PART_CHARS = 1_000_000


@bp.route("/search")
def search() -> Any:
    req = params.SearchRequest.from_args(request.args)
    if req.empty:
        raise BadParameter("q", "required (or at least one of speaker, topic, document, kind, decade)")
    return jsonify(services().search(req.query, current_viewer(), **req.kwargs()))


@bp.route("/quote")
def quote() -> Any:
    q = params.text(request.args, "q", required=True)
    limit = params.integer(request.args, "limit", 5, 1, 50)
    return jsonify(services().quote(q, current_viewer(), limit=limit))


@bp.route("/documents")
def documents() -> Any:
    viewer = current_viewer()
    return jsonify([disclose.record(d.to_dict(), viewer) for d in services().documents(viewer)])


@bp.route("/documents/<doc_id>")
def document(doc_id: str) -> Any:
    viewer = current_viewer()
    doc = services().document(doc_id, viewer)
    if doc is None:
        raise NotFound(f"document {doc_id!r}")
    data = disclose.record(doc.to_dict(), viewer)
    data.update(_part(doc, data))
    data["url"] = url_for("views.document", doc_id=doc.id)
    return jsonify(data)


def _part(doc, data: dict[str, Any]) -> dict[str, Any]:
    """A long document comes in parts (``?part=N``) of at most ``API_PART_PASSAGES`` passages and
    about ``API_PART_CHARS`` characters: ``text`` is then the part's stretch of the document's
    text, starting at offset ``text_start``; passages keep their offsets into the whole text."""
    starts = reader.part_starts(doc, API_PART_PASSAGES, API_PART_CHARS)
    part = params.integer(request.args, "part", 1, 1, len(starts))
    first = starts[part - 1]
    last = starts[part] if part < len(starts) else len(doc.passages)
    text_start = 0 if part == 1 else doc.passages[first].start
    text_end = len(doc.text) if part == len(starts) else doc.passages[last].start
    return {"text": doc.text[text_start:text_end], "text_start": text_start,
            "passages": data["passages"][first:last], "part": part, "parts": len(starts)}


@bp.route("/openapi.json")
def openapi() -> Any:
    return jsonify(openapi_document(origin.base_url()))
