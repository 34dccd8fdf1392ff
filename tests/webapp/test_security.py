"""Headers, CSRF, cookie flags, the secret key, sign-in, and hostile URLs, on an archive of our own.

These tests need only the store (no search index): the app is built over a small archive holding
one interview whose text, title and metadata carry markup, and one with a hostile id.
"""

from __future__ import annotations

import os
import re
import socket
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from archive.model import Document, Metadata, Source
from archive.readers._build import TextBuilder
from archive.store import Store, users
from webapp import create_app
from webapp.security import SECRET_FILE

ROOT = Path(__file__).resolve().parents[2]
EVIL_ID = 'evil"\r\nX-Injected: 1'


def _doc(doc_id: str, title: str, turns: list[str], **meta) -> Document:
    b = TextBuilder()
    for n, t in enumerate(turns):
        b.add(t, "turn", label="Q" if n % 2 == 0 else "A")
    doc = Document(id=doc_id, title=title, text=b.text, passages=b.passages,
                   source=Source(f"{doc_id[:8]}.txt", "text", "0" * 64), metadata=Metadata.from_dict(meta))
    doc.number_passages()
    return doc


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("security-archive")
    with Store(folder) as store:
        for doc in [
            _doc("markup", "<script>alert('title')</script>",
                 ["What did it say?",
                  "It said <script>alert('text')</script> and <img src=x onerror=alert(1)>."],
                 place="<script>alert('place')</script>", interviewee=["<b>Bold</b> Name"]),
            _doc(EVIL_ID, "Evil\r\nSet-Cookie: pwned=1", ["Q?", "A."]),
        ]:
            store.replace_source(f"/src/{doc.id}", doc.source.sha256, [doc])
        users.create(store, "staffer", "staff password 1", "staff")
    return folder


@pytest.fixture
def app(archive):
    app = create_app(archive=archive, backend="tantivy", TESTING=True)
    yield app
    app.extensions["oral_archive"].close()


@pytest.fixture
def client(app):
    return app.test_client()


def _token(client, path: str = "/login") -> str:
    html = client.get(path).get_data(as_text=True)
    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m, "the form carries no CSRF token"
    return m.group(1)


def test_security_headers_on_pages_api_and_errors(client):
    for path in ["/", "/documents", "/documents/markup", "/api/documents", "/login", "/no/such/page",
                 "/documents/nope"]:
        response = client.get(path)
        csp = response.headers.get("Content-Security-Policy", "")
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, path
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, path
        assert response.headers.get("X-Content-Type-Options") == "nosniff", path
        assert response.headers.get("Referrer-Policy"), path


def test_templates_have_no_inline_script_or_handlers(client):
    """The CSP forbids inline script, so no page may rely on it."""
    for path in ["/", "/documents", "/documents/markup", "/login", "/quote"]:
        html = client.get(path).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), f"inline <script> on {path}"
        assert not re.search(r"\son[a-z]+\s*=\s*[\"']", html.replace("onerror=alert(1)", "")), path
        assert "javascript:" not in html, path


def test_markup_in_text_title_and_metadata_is_shown_as_text(client):
    html = client.get("/documents/markup").get_data(as_text=True)
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>Bold</b>" not in html
    assert "&lt;script&gt;alert(&#39;text&#39;)&lt;/script&gt;" in html or "&lt;script&gt;" in html
    listing = client.get("/documents").get_data(as_text=True)
    assert "<script>alert" not in listing


def test_csrf_token_is_required_for_every_post(client):
    assert client.post("/login", data={"name": "staffer", "password": "staff password 1"}).status_code == 400
    _token(client)  # a session with a token exists now; a wrong one is still refused
    response = client.post("/login", data={"name": "staffer", "password": "staff password 1",
                                           "csrf_token": "forged"})
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)
    assert client.post("/logout").status_code == 400
    response = client.post("/bibliography", json=[{"document": "markup", "start": 0, "end": 4}])
    assert response.status_code == 400


def test_login_logout_round_trip_and_cookie_flags(client):
    token = _token(client)
    response = client.post("/login", data={"name": "staffer", "password": "staff password 1",
                                           "csrf_token": token, "next": "/documents"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/documents")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    assert "Signed in as staffer" in client.get("/").get_data(as_text=True)
    # The token changes at sign-in: one planted before it is of no use afterwards.
    assert _token(client, "/") != token
    assert client.post("/logout", data={"csrf_token": "forged"}).status_code == 400
    response = client.post("/logout", data={"csrf_token": _token(client, "/")})
    assert response.status_code == 302
    assert "Signed in" not in client.get("/").get_data(as_text=True)


def test_session_cookie_is_secure_over_https(app):
    client = app.test_client()
    html = client.get("/login", base_url="https://localhost").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    response = client.post("/login", base_url="https://localhost",
                           data={"name": "staffer", "password": "staff password 1", "csrf_token": token})
    assert response.status_code == 302
    assert "Secure" in response.headers["Set-Cookie"]
    assert response.headers.get("Strict-Transport-Security")


def test_wrong_password_unknown_account_and_guessing(archive, client):
    with Store(archive) as store:
        users.create(store, "guessed", "guessed password", "staff")
    token = _token(client)
    for name in ("guessed", "nobody"):
        response = client.post("/login", data={"name": name, "password": "wrong password",
                                               "csrf_token": token})
        assert response.status_code == 401
        assert "Wrong account name or password" in response.get_data(as_text=True)
    for _ in range(5):
        client.post("/login", data={"name": "guessed", "password": "guess", "csrf_token": token})
    response = client.post("/login", data={"name": "guessed", "password": "guessed password",
                                           "csrf_token": token})
    assert response.status_code == 429


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil.example",
                                    "javascript:alert(1)", "/ok\r\nSet-Cookie: x=1"])
def test_login_never_redirects_off_site(archive, target):
    app = create_app(archive=archive, backend="tantivy", TESTING=True)
    client = app.test_client()
    token = _token(client)
    response = client.post("/login", data={"name": "staffer", "password": "staff password 1",
                                           "csrf_token": token, "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] in ("/", "http://localhost/")
    app.extensions["oral_archive"].close()


def test_removed_account_loses_access_at_once(archive):
    app = create_app(archive=archive, backend="tantivy", TESTING=True)
    client = app.test_client()
    with Store(archive) as store:
        users.create(store, "leaver", "leaver password", "admin")
    client.post("/login", data={"name": "leaver", "password": "leaver password",
                                "csrf_token": _token(client)})
    assert "Signed in as leaver" in client.get("/").get_data(as_text=True)
    with Store(archive) as store:
        users.delete(store, "leaver")
    assert "Signed in" not in client.get("/").get_data(as_text=True)
    app.extensions["oral_archive"].close()


def test_password_reset_signs_the_account_out(archive):
    app = create_app(archive=archive, backend="tantivy", TESTING=True)
    client = app.test_client()
    with Store(archive) as store:
        users.create(store, "resetme", "first password", "staff")
    client.post("/login", data={"name": "resetme", "password": "first password",
                                "csrf_token": _token(client)})
    assert "Signed in as resetme" in client.get("/").get_data(as_text=True)
    with Store(archive) as store:
        users.create(store, "resetme", "second password", "staff", replace=True)
    assert "Signed in" not in client.get("/").get_data(as_text=True)
    app.extensions["oral_archive"].close()


def test_secret_key_is_generated_kept_private_and_reused(archive, app):
    key_file = archive / SECRET_FILE
    assert key_file.is_file()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = key_file.read_bytes().strip()
    assert len(key) >= 32 and app.secret_key == key
    # A second app over the same archive (a restart) uses the same key: sessions survive.
    client = app.test_client()
    client.post("/login", data={"name": "staffer", "password": "staff password 1",
                                "csrf_token": _token(client)})
    cookie = client.get_cookie("oral_archive_session")
    again = create_app(archive=archive, backend="tantivy", TESTING=True)
    assert again.secret_key == key
    other = again.test_client()
    other.set_cookie("oral_archive_session", cookie.value)
    assert "Signed in as staffer" in other.get("/").get_data(as_text=True)
    again.extensions["oral_archive"].close()
    # Nowhere in the code: the key is not hard-coded, and no key file sits in the repository.
    for path in list((ROOT / "webapp").rglob("*.py")) + list((ROOT / "archive").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        assert key.decode() not in source
        assert not re.search(r"secret_key\s*=\s*['\"]|SECRET_KEY['\"]\]\s*=\s*['\"]", source), path
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    assert not any(Path(p).name == SECRET_FILE for p in tracked)


def test_debug_mode_is_off_even_when_asked_for(archive, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    app = create_app(archive=archive, backend="tantivy")
    assert app.debug is False
    app.extensions["oral_archive"].close()


@pytest.mark.parametrize("path", [
    "/documents/..%2F..%2Fetc%2Fpasswd", "/documents/../archive.db", "/api/documents/..%2Farchive.db",
    "/static/../archive.db", "/static/..%2F..%2Farchive.db", "/static/%2e%2e/secret_key",
    "/documents/markup/cite?format=../../etc/passwd&start=0&end=4", "/documents/%00/cite?start=0&end=1",
])
def test_path_traversal_answers_4xx(client, path):
    response = client.get(path)
    assert 400 <= response.status_code < 500, (path, response.status_code)
    body = response.get_data()
    assert b"root:" not in body and b"SQLite format" not in body


@pytest.mark.parametrize("fmt", ["ris", "bibtex", "csl-json", "chicago"])
def test_no_header_injection_through_citation_file_names(client, fmt):
    from urllib.parse import quote

    response = client.get(f"/documents/{quote(EVIL_ID, safe='')}/cite?format={fmt}&start=0&end=2&download=1")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert "X-Injected" not in response.headers and "pwned" not in str(response.headers)
    disposition = response.headers.get("Content-Disposition", "")
    assert re.fullmatch(r'attachment; filename="[A-Za-z0-9.\-]+"', disposition), disposition


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_uses_gunicorn_without_debugger(archive):
    port = _free_port()
    env = {**os.environ, "FLASK_DEBUG": "1"}
    command = [sys.executable, "-c", "from webapp.cli import main; main()", "--archive", str(archive),
               "serve", "--port", str(port)]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/documents", timeout=2) as r:
                    assert r.headers["Server"] == "gunicorn"
                    break
            except (ConnectionError, urllib.error.URLError):
                assert proc.poll() is None, proc.stderr.read()
                assert time.monotonic() < deadline, "serve did not answer in 20 s"
                time.sleep(0.1)
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/documents/nope%00", timeout=5)
        body = info.value.read().decode()
        assert info.value.code == 404 and "Traceback" not in body and "Werkzeug Debugger" not in body
    finally:
        proc.terminate()
        proc.wait(timeout=10)
