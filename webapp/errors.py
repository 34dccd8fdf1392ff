"""Error pages and JSON errors: a user's mistake is a 4xx with a message, never a traceback."""

from __future__ import annotations

import logging

from flask import Flask, Response, current_app, jsonify, make_response, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError, RequestEntityTooLarge, SecurityError

from archive.errors import ArchiveError, BadParameter, NotFound
from webapp import limits

log = logging.getLogger(__name__)


def install(app: Flask) -> None:
    app.register_error_handler(BadParameter, lambda exc: _answer(400, "Bad request", str(exc)))
    app.register_error_handler(NotFound, lambda exc: _answer(404, "Not found", str(exc)))
    app.register_error_handler(ArchiveError, lambda exc: _answer(400, "Bad request", str(exc)))
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)


def _http_error(exc: HTTPException):
    if isinstance(exc, InternalServerError):
        return _unexpected(exc)
    if isinstance(exc, SecurityError):
        # A Host header this app does not answer to: no page can be built (no URL adapter),
        # and nothing of the request is echoed back.
        return Response("Bad request: this server does not answer to that host name.\n", 400,
                        mimetype="text/plain")
    message = exc.description or exc.name
    if isinstance(exc, RequestEntityTooLarge) and message == RequestEntityTooLarge.description:
        message = limits.too_large_message(current_app)
    # Werkzeug's default descriptions talk about "the server"; ours are written by the views.
    if exc.code == 404 and "requested URL was not found" in message:
        message = "There is no page at this address."
    response = _answer(exc.code or 400, exc.name, message)
    for name in ("Allow", "Retry-After"):
        value = dict(exc.get_headers()).get(name)
        if value:
            response.headers[name] = value
    return response


def _unexpected(exc: BaseException):
    log.exception("unexpected error on %s", request.path)
    return _answer(500, "Something went wrong", "The archive could not answer this request; "
                   "the error has been logged.")


def _answer(status: int, title: str, message: str) -> Response:
    if request.path.startswith("/api/"):
        response = jsonify({"error": message, "status": status})
    else:
        response = make_response(render_template("error.html", title=title, message=message,
                                                 status=status))
    response.status_code = status
    return response
