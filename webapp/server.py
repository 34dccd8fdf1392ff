"""The web app under gunicorn: a maintained pre-fork server whose arbiter replaces a dead worker.

Searches hold Python's interpreter lock for most of their time, so one process serves one
search at a time whatever its thread count; several worker processes (gunicorn's ``gthread``
workers, each with a few threads) let every core answer. Each worker builds its own app, store
and search service after the fork: nothing but the listening socket is shared. A worker killed
or stuck past ``TIMEOUT`` is replaced by the arbiter while the others go on answering.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gunicorn.app.base import BaseApplication

from webapp.context import Settings

TIMEOUT = 60  # seconds a worker may stay silent (one request running) before it is replaced
REQUEST_LINE = 8190  # bytes of method, path and query (gunicorn's largest); longer gets 414
HEADER_FIELDS = 100
HEADER_SIZE = 8190  # bytes of one header; larger ones get 431


@dataclass
class Options:
    host: str = "127.0.0.1"
    port: int = 5000
    workers: int = 1
    threads: int = 4

    @property
    def bind(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"


def config(options: Options) -> dict[str, Any]:
    """gunicorn settings for ``options``. Forwarded headers are trusted by the app's own
    ``ORAL_ARCHIVE_PROXIES`` setting (Werkzeug's ProxyFix) and never by gunicorn itself, so that
    one setting decides whether a request came over HTTPS."""
    return {
        "bind": [options.bind],
        "workers": options.workers,
        "threads": options.threads,
        "worker_class": "gthread",
        "timeout": TIMEOUT,
        "graceful_timeout": 10,
        "limit_request_line": REQUEST_LINE,
        "limit_request_fields": HEADER_FIELDS,
        "limit_request_field_size": HEADER_SIZE,
        "secure_scheme_headers": {},
        "forwarded_allow_ips": "127.0.0.1",
        "proc_name": "oral-archive",
        "errorlog": "-",
        "loglevel": "info",
        "preload_app": False,
        "worker_exit": _worker_exit,
    }


class Server(BaseApplication):
    """``Server(settings, options).run()``: the arbiter, then one app per worker."""

    def __init__(self, settings: Settings, options: Options):
        self.settings = settings
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in config(self.options).items():
            self.cfg.set(key, value)

    def load(self):
        from webapp import create_app

        return create_app(self.settings)


def _worker_exit(server, worker) -> None:
    app = getattr(worker, "wsgi", None)
    services = getattr(app, "extensions", {}).get("oral_archive") if app is not None else None
    if services is not None:
        services.close()
