"""The OpenAPI 3.1 description of the JSON API; tests validate real responses against its schemas."""

from __future__ import annotations

from typing import Any

_STR = {"type": "string"}
_NSTR = {"type": ["string", "null"]}
_INT = {"type": "integer", "minimum": 0}
_NUM_OR_NULL = {"type": ["number", "null"]}
_STRINGS = {"type": "array", "items": _STR}
_COUNTS = {"type": "object", "additionalProperties": {"type": "integer"}}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


SCHEMAS: dict[str, Any] = {
    "Error": {"type": "object", "required": ["error", "status"],
              "properties": {"error": _STR, "status": {"type": "integer"}}},
    "Source": {"type": "object", "required": ["filename", "format"],
               "properties": {"filename": _STR, "format": _STR,
                              "sha256": {"type": "string", "description": "SHA-256 of the original file, "
                                         "before redaction: shown to administrators only"}}},
    "Metadata": {
        "type": "object",
        "description": "Known fields below; anything else a source carried is kept under its own name.",
        "properties": {"interviewee": _STRINGS, "interviewer": _STRINGS, "author": _STRINGS,
                       "date": {"type": "string", "description": "YYYY-MM-DD, YYYY-MM or YYYY"},
                       "place": _STR, "collection": _STR, "repository": _STR, "publisher": _STR,
                       "rights": _STR, "identifier": _STR, "url": _STR, "media_url": _STR,
                       "language": _STR, "keywords": _STRINGS,
                       "access": {"enum": ["public", "restricted", "sealed"]}},
    },
    "Speaker": {"type": "object", "required": ["label"],
                "properties": {"label": _STR, "name": _NSTR, "role": _NSTR}},
    "Span": {"type": "object", "required": ["start", "end"],
             "properties": {"start": _INT, "end": _INT, "speaker": _NSTR}},
    "Entity": {"type": "object", "required": ["type", "name", "start", "end"],
               "properties": {"type": _STR, "name": _STR, "start": _INT, "end": _INT}},
    "Passage": {
        "type": "object", "required": ["id", "start", "end", "kind"],
        "properties": {
            "id": {"type": "string", "description": "<document-id>:p<N>"},
            "start": _INT, "end": _INT,
            "kind": {"enum": ["turn", "narration", "quote", "caption", "title", "metadata"]},
            "speaker": _NSTR, "label": _NSTR, "role": _NSTR,
            "time": {**_NUM_OR_NULL, "description": "seconds from the start of the recording"},
            "topics": _STRINGS,
            "topic_triggers": {"type": "object", "additionalProperties": _STRINGS},
            "entities": {"type": "array", "items": _ref("Entity")},
            "quotes": {"type": "array", "items": _ref("Span")},
        },
    },
    "Segment": {"type": "object", "required": ["title"],
                "properties": {"time": _NUM_OR_NULL, "title": _STR, "start": _INT, "synopsis": _STR,
                               "keywords": _STRINGS, "subjects": _STRINGS}},
    "DocumentSummary": {
        "type": "object", "required": ["id", "title", "source", "metadata", "speakers", "passages", "access"],
        "properties": {"id": _STR, "title": _STR, "kind": _STR, "source": _ref("Source"),
                       "metadata": _ref("Metadata"), "speakers": {"type": "array", "items": _ref("Speaker")},
                       "passages": {"type": "integer", "description": "how many passages"},
                       "access": _STR},
    },
    "Document": {
        "type": "object", "required": ["id", "title", "source", "metadata", "speakers", "text", "passages"],
        "properties": {"id": _STR, "title": _STR, "kind": _STR, "source": _ref("Source"),
                       "metadata": _ref("Metadata"), "speakers": {"type": "array", "items": _ref("Speaker")},
                       "segments": {"type": "array", "items": _ref("Segment")},
                       "text": {"type": "string", "description": "the stored text all offsets point into "
                                "(for a document in several parts, this part's stretch of it)"},
                       "text_start": {**_INT, "description": "offset of the first character of text"},
                       "part": {"type": "integer", "minimum": 1}, "parts": {"type": "integer", "minimum": 1},
                       "passages": {"type": "array", "items": _ref("Passage")},
                       "url": {"type": "string", "description": "the reader page"}},
    },
    "Hit": {
        "type": "object",
        "required": ["passage_id", "document_id", "title", "kind", "start", "end", "text", "highlights",
                     "snippet_html", "url"],
        "properties": {
            "passage_id": _STR, "document_id": _STR, "title": _STR, "speaker": _NSTR, "kind": _STR,
            "start": _INT, "end": _INT, "time": _NUM_OR_NULL, "score": {"type": "number"},
            "text": _STR,
            "highlights": {"type": "array", "description": "[start, end) offsets into the document text",
                           "items": {"type": "array", "items": _INT, "minItems": 2, "maxItems": 2}},
            "snippet_html": {"type": "string", "description": "escaped text with <mark> around matches"},
            "url": {"type": "string", "description": "the passage in the reader"},
            "hl_url": {"type": ["string", "null"],
                       "description": "the reader with the matched words highlighted"},
            "topics": _STRINGS,
        },
    },
    "SearchResult": {
        "type": "object", "required": ["query", "total", "took_ms", "facets", "hits"],
        "properties": {
            "query": _STR, "total": _INT, "took_ms": {"type": "number"}, "offset": _INT, "limit": _INT,
            "facets": {"type": "object",
                       "properties": {k: _COUNTS for k in ("speaker", "topic", "document", "kind", "decade")},
                       "additionalProperties": _COUNTS},
            "hits": {"type": "array", "items": _ref("Hit")},
        },
    },
    "QuoteMatch": {
        "type": "object", "required": ["passage_id", "document_id", "start", "end", "text", "similarity"],
        "properties": {"passage_id": _STR, "passage_ids": _STRINGS, "document_id": _STR, "title": _STR,
                       "speaker": _NSTR, "start": _INT, "end": _INT,
                       "text": {"type": "string", "description": "the original wording"},
                       "similarity": {"type": "number"},
                       "diff": {"type": "array", "description": "word edits from the query to the original",
                                "items": _ref("DiffOp")},
                       "diff_text": {"type": "string",
                                     "description": "the diff as one line: [-given-] {+original+}"},
                       "url": _STR, "hl_url": _NSTR},
    },
    "DiffOp": {"type": "object", "required": ["op", "query", "original"],
               "properties": {"op": {"enum": ["equal", "replace", "delete", "insert"]},
                              "query": _STR, "original": _STR}},
    "QuoteResult": {"type": "object", "required": ["query", "matches"],
                    "properties": {"query": _STR, "took_ms": {"type": "number"},
                                   "matches": {"type": "array", "items": _ref("QuoteMatch")}}},
}


def _param(name: str, description: str, schema: dict[str, Any] | None = None,
           where: str = "query", required: bool = False) -> dict[str, Any]:
    return {"name": name, "in": where, "required": required, "description": description,
            "schema": schema or {"type": "string", "maxLength": 1000}}


def _json(schema: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ref(schema)}}}


_ERRORS = {"400": _json("Error", "a parameter is malformed or out of range (the message names it)")}
_NOT_FOUND = {"404": _json("Error", "no such document, or not visible to this viewer")}

_FILTERS = [_param(name, f"only passages whose {name} is this facet value")
            for name in ("speaker", "topic", "document", "kind", "decade")]
_PAGE = [_param("limit", "hits per page", {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}),
         _param("offset", "hits to skip", {"type": "integer", "minimum": 0, "maximum": 10000, "default": 0})]

PATHS: dict[str, Any] = {
    "/api/search": {"get": {
        "summary": "Full-text search over the passages this viewer may see",
        "description": 'Query language: plain words (all must match, stemmed), "exact phrase", OR, '
                       "-exclude, speaker:Name, topic:Name, kind:quote.",
        "parameters": [_param("q", "the query (required unless a filter is given)"), *_FILTERS, *_PAGE],
        "responses": {"200": _json("SearchResult", "hits, facet counts and the time taken"), **_ERRORS},
    }},
    "/api/quote": {"get": {
        "summary": "Find where a (possibly misremembered) quotation comes from",
        "parameters": [_param("q", "the words as remembered", required=True),
                       _param("limit", "matches", {"type": "integer", "minimum": 1, "maximum": 50,
                                                   "default": 5})],
        "responses": {"200": _json("QuoteResult", "the closest originals with a word diff"), **_ERRORS},
    }},
    "/api/documents": {"get": {
        "summary": "The documents this viewer may see",
        "responses": {"200": {"description": "documents by title", "content": {"application/json": {
            "schema": {"type": "array", "items": _ref("DocumentSummary")}}}}},
    }},
    "/api/documents/{id}": {"get": {
        "summary": "One document: metadata, speakers, stored text and annotated passages",
        "parameters": [_param("id", "document id", where="path", required=True),
                       _param("part", "which part of a long document (see parts)",
                              {"type": "integer", "minimum": 1, "default": 1})],
        "responses": {"200": _json("Document", "the annotated document"), **_NOT_FOUND},
    }},
    "/api/openapi.json": {"get": {
        "summary": "This description",
        "responses": {"200": {"description": "OpenAPI 3.1 document",
                              "content": {"application/json": {"schema": {"type": "object"}}}}},
    }},
}


def document(server_url: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "oral-archive", "version": "1",
                 "description": "Search, quote-finding and documents of an oral-history archive. "
                                "All offsets are [start, end) character offsets into a document's text."},
        "paths": PATHS,
        "components": {"schemas": SCHEMAS},
    }
    if server_url:
        out["servers"] = [{"url": server_url}]
    return out
