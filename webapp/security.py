"""Safe defaults for the web app: response headers, cookie flags and a secret key kept in the archive.

``install(app)`` is called once by ``create_app``. The secret key signs session cookies; it is
generated on first use, kept in ``<archive>/secret_key`` (mode 0600) so sessions survive a
restart, and never written in the code or the repository.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

from flask import Flask, Response, request
from flask.sessions import SecureCookieSessionInterface

SECRET_FILE = "secret_key"

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "media-src 'self' https:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, marked Secure whenever the request came over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config.get("SESSION_COOKIE_SECURE")) or request.is_secure


def install(app: Flask, archive: str | Path | None = None) -> None:
    """Secret key, cookie flags and headers for ``app``; ``archive`` defaults to the app's archive folder."""
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = load_secret_key(archive or _archive_folder(app))
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_NAME="oral_archive_session",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=8),
    )
    app.session_interface = SessionInterface()
    app.debug = False  # never the interactive debugger, whatever FLASK_DEBUG says
    app.after_request(add_headers)


def add_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    # Pages that depend on who is signed in must not be kept by shared caches.
    if "Cookie" in request.headers or "Set-Cookie" in response.headers:
        response.headers.add("Vary", "Cookie")
        response.headers.setdefault("Cache-Control", "private, no-store")
    return response


def load_secret_key(folder: str | Path) -> bytes:
    """The archive's secret key, created (32 random bytes, mode 0600) the first time."""
    path = Path(folder) / SECRET_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{SECRET_FILE}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(secrets.token_hex(32).encode())
            f.flush()
            os.fsync(f.fileno())
        try:
            # link() refuses an existing name: of two processes starting together, one key wins.
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    key = path.read_bytes().strip()
    if len(key) < 32:
        raise RuntimeError(f"{path}: secret key is too short; delete the file to make a new one")
    return key


def _archive_folder(app: Flask) -> Path:
    services = app.extensions.get("oral_archive")
    if services is not None:
        return Path(services.settings.archive)
    from webapp.context import Settings

    return Path(Settings().archive)
