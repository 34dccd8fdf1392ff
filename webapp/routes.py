"""Every route of the web app with the parameters it reads: what the fuzzer and the hostile-request
benchmark drive. The JSON API's parameters come from its OpenAPI document; the pages' are listed
here. ``tests/webapp/test_fuzz_routes.py`` fails when a route is added without its entry."""

from __future__ import annotations

from webapp.openapi import PATHS

# endpoint -> (method, path with {doc_id}, query parameters it reads)
PAGES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "views.search": ("GET", "/search", ("q", "speaker", "topic", "document", "kind", "decade", "limit",
                                        "offset")),
    "views.quote": ("GET", "/quote", ("q", "limit")),
    "views.documents": ("GET", "/documents", ()),
    "views.document": ("GET", "/documents/{doc_id}", ("hl", "exact", "prefix", "suffix", "head", "tail",
                                                      "sha", "len", "p", "part", "q")),
    "citing.document_cite": ("GET", "/documents/{doc_id}/cite", ("start", "end", "format", "download")),
    "citing.api_cite": ("GET", "/api/cite", ("passage", "document", "start", "end", "format")),
    "citing.token": ("GET", "/bibliography/token", ()),
    "citing.bibliography": ("POST", "/bibliography", ("format",)),
    "auth.login": ("POST", "/login", ("name", "password", "next")),
    "auth.logout": ("POST", "/logout", ("next",)),
    "static": ("GET", "/static/{doc_id}", ()),
}

API_ENDPOINTS = {"/api/search": "search", "/api/quote": "quote", "/api/documents": "documents",
                 "/api/documents/{id}": "document", "/api/openapi.json": "openapi"}


def api_routes() -> dict[str, tuple[str, str, tuple[str, ...]]]:
    """The JSON API's routes from the OpenAPI document (path parameters become ``{doc_id}``)."""
    out = {}
    for path, methods in PATHS.items():
        for method, operation in methods.items():
            names = tuple(p["name"] for p in operation.get("parameters", []) if p["in"] == "query")
            endpoint = "api." + API_ENDPOINTS[path]
            out[endpoint] = (method.upper(), path.replace("{id}", "{doc_id}"), names)
    return out


def all_routes() -> dict[str, tuple[str, str, tuple[str, ...]]]:
    return {**PAGES, **api_routes()}
