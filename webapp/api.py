"""The JSON API of the design (search, quote, documents), described at ``/api/openapi.json``."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request, url_for

from archive.errors import BadParameter, NotFound
from webapp import disclose, origin, params
from webapp.auth import current_viewer
from webapp.openapi import document as openapi_document
from webapp.services import services

bp = Blueprint("api", __name__, url_prefix="/api")


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
    data["url"] = url_for("views.document", doc_id=doc.id)
    return jsonify(data)


@bp.route("/openapi.json")
def openapi() -> Any:
    return jsonify(openapi_document(origin.base_url()))
