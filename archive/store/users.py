"""Staff accounts: who may sign in to see restricted (staff) and sealed (admin) documents.

Passwords are kept only as salted, slow hashes (werkzeug.security, scrypt); the rows live
in the archive's SQLite database through ``Store``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from werkzeug.security import check_password_hash, generate_password_hash

from archive.errors import BadParameter, NotFound
from archive.store import Store

ROLES = ("staff", "admin")
MIN_PASSWORD = 8
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
# Checked against when a name is unknown, so that a wrong name costs as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not a password", method="scrypt")


@dataclass(frozen=True)
class User:
    name: str
    role: str
    # Changes whenever the password does: a session remembers it, so a reset signs the account out
    # everywhere. A hash of the salted hash: nothing to guess a password from.
    stamp: str = ""


def create(store: Store, name: str, password: str, role: str = "staff", *, replace: bool = False) -> User:
    """Add an account (or, with ``replace``, reset its password and role)."""
    if not _NAME.match(name or ""):
        raise BadParameter("name", f"{name!r} is not a valid account name "
                           "(letters, digits, . _ @ -; at most 64 characters)")
    if role not in ROLES:
        raise BadParameter("role", f"{role!r} is not one of {', '.join(ROLES)}")
    if len(password or "") < MIN_PASSWORD:
        raise BadParameter("password", f"must be at least {MIN_PASSWORD} characters")
    if not replace and store.user_row(name) is not None:
        raise BadParameter("name", f"account {name!r} already exists")
    store.put_user(name, generate_password_hash(password, method="scrypt"), role)
    # A reset password or a new role: whoever was signed in as this account signs in again.
    store.delete_sessions(user=name)
    return get(store, name)


def check(store: Store, name: str, password: str) -> User | None:
    """The account when ``password`` is right, else None (same answer for an unknown name)."""
    row = store.user_row(name or "")
    if row is None:
        check_password_hash(_DUMMY_HASH, password or "")
        return None
    if not check_password_hash(row["password_hash"], password or ""):
        return None
    return _user(row)


def get(store: Store, name: str) -> User | None:
    row = store.user_row(name)
    return _user(row) if row is not None else None


def _user(row) -> User:
    stamp = hashlib.sha256(row["password_hash"].encode()).hexdigest()[:16]
    return User(row["name"], row["role"], stamp)


def list_users(store: Store) -> list[User]:
    return [_user(r) for r in store.user_rows()]


def delete(store: Store, name: str) -> None:
    store.delete_sessions(user=name)
    if not store.delete_user(name):
        raise NotFound(f"account {name!r}")
