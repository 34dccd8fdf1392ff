"""How much one request may ask of the server: its body, and what answers may hold.

A request body over ``MAX_BODY`` bytes is refused with 413 before it is parsed (Werkzeug stops
reading at the limit, also for a chunked body with no Content-Length). The other bounds are
kept by the routes that produce large answers and are listed here so that they are documented
in one place: a bibliography's ranges and quoted characters (``webapp.citing``), a search hit's
and a quotation match's text (``webapp.services``), the characters of one reader page
(``webapp.reader``) and a permalink's text-quote selector (``archive.permalinks``).
"""

from __future__ import annotations

from flask import Flask, abort, current_app, request

MAX_BODY = 1024 * 1024  # bytes: a bibliography of 500 ranges is about 40 KB
MAX_FORM_FIELD = 512 * 1024  # bytes of one non-file form field
MAX_FORM_PARTS = 100


def install(app: Flask) -> None:
    if app.config.get("MAX_CONTENT_LENGTH") is None:
        app.config["MAX_CONTENT_LENGTH"] = MAX_BODY
    app.config.update(MAX_FORM_MEMORY_SIZE=MAX_FORM_FIELD, MAX_FORM_PARTS=MAX_FORM_PARTS)
    app.before_request(refuse_large_bodies)


def refuse_large_bodies() -> None:
    """413 before anything reads the body (``get_json(silent=True)`` would hide the error)."""
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if limit and (request.content_length or 0) > limit:
        abort(413)


def too_large_message(app: Flask) -> str:
    limit = app.config.get("MAX_CONTENT_LENGTH") or MAX_BODY
    return (f"The request is too large: this archive accepts at most {limit // 1024} KB in a request body "
            "(and at most 500 ranges in one bibliography).")
