"""Sign-in for staff and administrators, and CSRF protection for every form that changes state.

``current_viewer()`` is who is asking (anonymous without a session) with today's date, which
decides whether a sealed document has opened; tests set ``app.config["ORAL_ARCHIVE_TODAY"]``.
The session cookie holds only the account name, a password stamp and a CSRF token, signed with the
archive's key; the account is read from the archive on each request, so a removed account or a
reset password loses access at once.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from datetime import date, datetime

from flask import Blueprint, Flask, abort, current_app, g, redirect, render_template, request, session

from archive.access import Viewer
from archive.store import users

bp = Blueprint("auth", __name__)

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
MAX_FAILURES = 5  # wrong passwords per account and address before a pause
FAILURE_WINDOW = 300.0


def current_viewer() -> Viewer:
    """Who is asking, cached for the request."""
    viewer = g.get("oral_archive_viewer")
    if viewer is None:
        viewer = _viewer()
        g.oral_archive_viewer = viewer
    return viewer


def today() -> date:
    """Today, or the date set in ``ORAL_ARCHIVE_TODAY`` (a date, an ISO string or a callable)."""
    value = current_app.config.get("ORAL_ARCHIVE_TODAY")
    if callable(value):
        value = value()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        return date.fromisoformat(value[:10])
    return date.today()


def _viewer() -> Viewer:
    name = session.get("user")
    if not name:
        return Viewer(today=today())
    user = _lookup(name)
    if user is None or not hmac.compare_digest(user.stamp, str(session.get("stamp", ""))):
        # The account was removed, or its password reset, since this session signed in.
        session.pop("user", None)
        session.pop("stamp", None)
        return Viewer(today=today())
    return Viewer(role=user.role, today=today(), name=user.name)


def _lookup(name: str) -> users.User | None:
    return current_app.extensions["oral_archive"].account(name)


# -- CSRF -----------------------------------------------------------------------------


def csrf_token() -> str:
    """This session's CSRF token (made on first use); forms put it in a hidden ``csrf_token`` field."""
    token = session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        session["csrf"] = token
    return token


@bp.before_app_request
def check_csrf() -> None:
    """Refuse any state-changing request that does not carry this session's token."""
    if request.method in SAFE_METHODS:
        return
    expected = session.get("csrf")
    sent = request.form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER) or ""
    if not expected or not hmac.compare_digest(str(expected), str(sent)):
        abort(400, description="The form has expired or did not come from this site (CSRF token missing "
                               "or wrong). Reload the page and try again.")


@bp.app_context_processor
def template_helpers() -> dict:
    return {"csrf_token": csrf_token, "current_viewer": current_viewer}


# -- sign-in ----------------------------------------------------------------------------


class _Throttle:
    """Counts recent wrong passwords per (name, address) so that guessing is slow."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._failures: dict[tuple[str, str], list[float]] = {}

    def blocked(self, key: tuple[str, str]) -> bool:
        with self._lock:
            recent = [t for t in self._failures.get(key, []) if time.monotonic() - t < FAILURE_WINDOW]
            self._failures[key] = recent
            return len(recent) >= MAX_FAILURES

    def fail(self, key: tuple[str, str]) -> None:
        with self._lock:
            self._failures.setdefault(key, []).append(time.monotonic())

    def clear(self, key: tuple[str, str]) -> None:
        with self._lock:
            self._failures.pop(key, None)


def _throttle(app: Flask) -> _Throttle:
    return app.extensions.setdefault("oral_archive_throttle", _Throttle())


@bp.route("/login", methods=["GET", "POST"])
def login():
    next_url = _safe_next(request.values.get("next", ""))
    if request.method == "GET":
        return render_template("login.html", next=next_url, error=None, name="")
    name = (request.form.get("name") or "").strip()[:64]
    password = request.form.get("password") or ""
    key = (name.lower(), request.remote_addr or "")
    throttle = _throttle(current_app._get_current_object())
    if throttle.blocked(key):
        return render_template("login.html", next=next_url, name=name,
                               error="Too many wrong passwords; wait a few minutes."), 429
    user = current_app.extensions["oral_archive"].account(name, password)
    if user is None:
        throttle.fail(key)
        return render_template("login.html", next=next_url, name=name,
                               error="Wrong account name or password."), 401
    throttle.clear(key)
    # A fresh session (and CSRF token) at sign-in: nothing planted before it carries over.
    session.clear()
    session.permanent = True
    session["user"] = user.name
    session["stamp"] = user.stamp
    session["csrf"] = secrets.token_urlsafe(32)
    return redirect(next_url or "/")


@bp.route("/logout", methods=["POST"])
def logout():
    session.clear()
    return redirect(_safe_next(request.form.get("next", "")) or "/")


def _safe_next(value: str) -> str:
    """Only a path on this site: no scheme, no host, no ``//`` or backslash tricks, no newlines."""
    value = value.strip()
    if not value.startswith("/") or value.startswith("//") or "\\" in value:
        return ""
    if any(c in value for c in "\r\n\t"):
        return ""
    return value
