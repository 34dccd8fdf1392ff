"""Where this app is served, decided by its settings and never by what a request claims.

Permalinks, canonical links and ``citation_*`` tags are absolute addresses. They use the
configured base URL (``ORAL_ARCHIVE_BASE_URL``); without one, the request's own host, which
Flask has then checked against the trusted host names (``TRUSTED_HOSTS``: the local names, the
``serve --host`` name, ``ORAL_ARCHIVE_TRUSTED_HOSTS`` and the base URL's host). A request for
any other host is answered 400 before a view runs. ``X-Forwarded-For``/``-Proto`` count only
when ``ORAL_ARCHIVE_PROXIES`` says how many proxies stand in front (Werkzeug's ProxyFix): then
a request that reached the proxy over HTTPS gets Secure cookies and HSTS.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from flask import Flask, current_app, request
from werkzeug.middleware.proxy_fix import ProxyFix

from archive.errors import BadParameter
from webapp.context import Settings

LOCAL_NAMES = ("localhost", "127.0.0.1", "::1")
_WILDCARDS = ("", "0.0.0.0", "::")


def install(app: Flask, settings: Settings) -> None:
    base = settings.base_url or app.config.get("ORAL_ARCHIVE_BASE_URL")
    if base:
        parts = urlsplit(base)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise BadParameter("ORAL_ARCHIVE_BASE_URL", f"{base!r} is not an http(s) address with a host")
        app.config["ORAL_ARCHIVE_BASE_URL"] = base.rstrip("/")
    if app.config.get("TRUSTED_HOSTS") is None:
        names = [*LOCAL_NAMES, *settings.trusted_hosts]
        if base:
            names.append(urlsplit(base).hostname)
        app.config["TRUSTED_HOSTS"] = sorted({n.strip("[]") for n in names if n not in _WILDCARDS})
    if settings.proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings.proxies, x_proto=settings.proxies)
    app.add_template_global(external_url)


def base_url() -> str:
    """``https://archive.example.org`` (no trailing slash): the setting, or this (trusted) host."""
    return current_app.config.get("ORAL_ARCHIVE_BASE_URL") or request.host_url.rstrip("/")


def external_url(path: str) -> str:
    """The absolute address of a path on this site (``/documents/x``)."""
    return base_url() + path


def document_url(doc_id: str) -> str:
    return external_url(f"/documents/{quote(doc_id, safe='')}")
