"""Server-side sessions: valid while their row lives, the account keeps its role and password, and
the session has not expired; signing out or changing the account ends them."""

from __future__ import annotations

from archive.store import Store, sessions, users


def test_session_life_cycle(tmp_path):
    with Store(tmp_path) as store:
        vera = users.create(store, "vera", "vera password", "staff")
        first, second = sessions.start(store, vera), sessions.start(store, vera)
        assert sessions.user(store, first) == vera and sessions.user(store, second) == vera
        assert sessions.user(store, "made-up") is None and sessions.user(store, "x" * 1000) is None
        # Only the digest is kept: the id in the cookie is nowhere in the archive.
        assert not store.db.execute("SELECT 1 FROM sessions WHERE id_hash = ?", (first,)).fetchone()
        sessions.end(store, first)
        assert sessions.user(store, first) is None and sessions.user(store, second) == vera
        store.db.execute("UPDATE users SET role = 'admin' WHERE name = 'vera'")
        assert sessions.user(store, second) is None  # signed in as staff, not as admin


def test_expired_and_changed_accounts(tmp_path):
    with Store(tmp_path) as store:
        dan = users.create(store, "dan", "dan password 1", "staff")
        expired = sessions.start(store, dan, lifetime=-1)
        assert sessions.user(store, expired) is None
        live = sessions.start(store, dan)
        users.create(store, "dan", "dan password 2", "staff", replace=True)
        assert sessions.user(store, live) is None
        again = sessions.start(store, users.get(store, "dan"))
        users.delete(store, "dan")
        assert sessions.user(store, again) is None
        assert store.db.execute("SELECT count(*) FROM sessions").fetchone()[0] == 0
