"""Staff accounts: salted hashes only, roles checked, and the same CLI verbs as the library."""

from __future__ import annotations

import sqlite3

import pytest
from click.testing import CliRunner

from archive.errors import BadParameter, NotFound
from archive.store import users


def test_create_check_list_delete(store):
    users.create(store, "vera", "correct horse battery", "admin")
    users.create(store, "dan", "another long password")
    vera = users.check(store, "vera", "correct horse battery")
    assert (vera.name, vera.role) == ("vera", "admin") and vera == users.get(store, "vera")
    assert users.check(store, "vera", "wrong password!") is None
    assert users.check(store, "nobody", "correct horse battery") is None
    assert [(u.name, u.role) for u in users.list_users(store)] == [("dan", "staff"), ("vera", "admin")]
    users.delete(store, "dan")
    assert users.get(store, "dan") is None
    with pytest.raises(NotFound):
        users.delete(store, "dan")


def test_passwords_are_salted_hashes_never_plain(store):
    users.create(store, "a", "same password 1")
    users.create(store, "b", "same password 1")
    rows = {r["name"]: r["password_hash"] for r in store.user_rows()}
    assert rows["a"] != rows["b"], "same password must give different hashes (salt)"
    assert all(h.startswith("scrypt:") for h in rows.values())
    store.close()
    assert b"same password 1" not in (store.folder / "archive.db").read_bytes()


@pytest.mark.parametrize("name,password,role,param", [
    ("", "long enough pw", "staff", "name"),
    ("../etc", "long enough pw", "staff", "name"),
    ("ok", "short", "staff", "password"),
    ("ok", "long enough pw", "root", "role"),
])
def test_bad_accounts_are_refused_naming_the_parameter(store, name, password, role, param):
    with pytest.raises(BadParameter) as info:
        users.create(store, name, password, role)
    assert info.value.name == param


def test_duplicate_needs_replace(store):
    users.create(store, "vera", "first password")
    with pytest.raises(BadParameter, match="already exists"):
        users.create(store, "vera", "second password")
    before = users.get(store, "vera").stamp
    users.create(store, "vera", "second password", "admin", replace=True)
    assert users.check(store, "vera", "second password").role == "admin"
    assert users.get(store, "vera").stamp != before


def test_role_is_checked_by_the_database_too(store):
    with pytest.raises(sqlite3.IntegrityError):
        store.put_user("x", "hash", "superuser")


def test_cli_users_add_list_remove(tmp_path):
    from webapp.cli import main

    runner = CliRunner()
    base = ["--archive", str(tmp_path / "a")]
    result = runner.invoke(main, base + ["users", "add", "vera", "--role", "admin", "--password-stdin"],
                           input="a long password\n")
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, base + ["users", "add", "dan"], input="pw for dan!\npw for dan!\n")
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, base + ["users", "list", "--json"])
    assert result.exit_code == 0 and '"vera"' in result.output and "scrypt" not in result.output
    result = runner.invoke(main, base + ["users", "add", "eve", "--password-stdin"], input="short\n")
    assert result.exit_code == 2 and "password" in result.output
    result = runner.invoke(main, base + ["users", "remove", "dan"])
    assert result.exit_code == 0
    result = runner.invoke(main, base + ["users", "remove", "dan"])
    assert result.exit_code == 2 and "not found" in result.output
