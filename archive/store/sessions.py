"""Sign-in sessions kept in the archive, so that signing out or changing an account ends them everywhere.

The browser's cookie carries only a random session id; the archive keeps its SHA-256 (a copy of
``archive.db`` gives no usable id), the account, and the role and password stamp it signed in
with. A session counts only while its row exists, has not expired, and the account still has
that role and password: logout deletes the row, and a password reset, a role change or removing
the account ends every session of that account, in every server process at once.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

from archive.store import Store, users

LIFETIME = 8 * 3600.0  # seconds a session lasts after sign-in


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("utf-8")).hexdigest()


def start(store: Store, user: users.User, lifetime: float = LIFETIME) -> str:
    """A new session for ``user``; returns the id to put in the cookie."""
    session_id = secrets.token_urlsafe(32)
    store.put_session(_hash(session_id), user.name, user.role, user.stamp, time.time() + lifetime)
    return session_id


def user(store: Store, session_id: str) -> users.User | None:
    """The account signed in under ``session_id``, or None when the session has ended."""
    if not session_id or len(session_id) > 200:
        return None
    row = store.session_row(_hash(session_id))
    if row is None or row["expires_at"] < time.time():
        return None
    account = users.get(store, row["user"])
    if account is None or account.role != row["role"] or not hmac.compare_digest(account.stamp, row["stamp"]):
        return None
    return account


def end(store: Store, session_id: str) -> None:
    """Sign out: this session only."""
    if session_id:
        store.delete_sessions(id_hash=_hash(session_id))


def end_all(store: Store, name: str) -> int:
    """Every session of account ``name`` (after a password reset, a role change or removal)."""
    return store.delete_sessions(user=name)
