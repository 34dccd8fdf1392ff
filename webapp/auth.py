"""Sign-in for staff and administrators, and CSRF protection for every form that changes state.

``current_viewer()`` is who is asking (anonymous without a session) with today's date, which
decides whether a sealed document has opened; tests set ``app.config["ORAL_ARCHIVE_TODAY"]``.
The signed session cookie holds a CSRF token and, once signed in, a random session id; the
session itself lives in the archive (``archive.store.sessions``), so signing out, a password
reset, a role change or removing the account ends it in every server process at once.
Wrong passwords are counted in the archive too: one throttle for the whole server.
"""

from __future__ import annotations

import hmac
import secrets
from datetime import date, datetime

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, session

from archive.access import Viewer
from webapp.urls import local_path

bp = Blueprint("auth", __name__)

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
MAX_ATTEMPTS = 5  # sign-in attempts per account and address in one window, then a pause
ATTEMPT_WINDOW = 300.0  # seconds


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
    session_id = session.get("sid")
    if not session_id:
        return Viewer(today=today())
    user = _services().session_user(str(session_id))
    if user is None:
        # Signed out, expired, or the account changed since: this cookie is anonymous from now on.
        session.pop("sid", None)
        return Viewer(today=today())
    return Viewer(role=user.role, today=today(), name=user.name)


def _services():
    return current_app.extensions["oral_archive"]


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


@bp.route("/login", methods=["GET", "POST"])
def login():
    next_url = local_path(request.values.get("next", ""))
    if request.method != "POST":
        # GET, and HEAD (which Flask answers with this view): only the form, whatever the body holds.
        return render_template("login.html", next=next_url, error=None, name="")
    name = (request.form.get("name") or "").strip()[:64]
    password = request.form.get("password") or ""
    key = f"{name.lower()}\n{request.remote_addr or ''}"
    services = _services()
    if not services.count_attempt(key, ATTEMPT_WINDOW, MAX_ATTEMPTS):
        response = render_template("login.html", next=next_url, name=name,
                                   error="Too many sign-in attempts; wait a few minutes.")
        return response, 429, {"Retry-After": str(int(ATTEMPT_WINDOW))}
    user = services.account(name, password)
    if user is None:
        return render_template("login.html", next=next_url, name=name,
                               error="Wrong account name or password."), 401
    services.clear_attempts(key)
    _end_session()
    # A fresh session (and CSRF token) at sign-in: nothing planted before it carries over.
    session.clear()
    session.permanent = True
    session["sid"] = services.start_session(user)
    session["csrf"] = secrets.token_urlsafe(32)
    return redirect(next_url or "/")


@bp.route("/logout", methods=["POST"])
def logout():
    _end_session()
    session.clear()
    return redirect(local_path(request.form.get("next", "")) or "/")


def _end_session() -> None:
    session_id = session.get("sid")
    if session_id:
        _services().end_session(str(session_id))
