"""``serve`` on gunicorn: a worker killed with SIGKILL is replaced while the server keeps answering,
and sign-in attempts are counted once for the whole server, whichever worker takes them."""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import psutil
import pytest

from archive.store import Store, users

ROOT = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-c", "from webapp.cli import main; main()"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _request(port: int, method: str, path: str, body: str | None = None,
             headers: dict | None = None) -> tuple[int, dict, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode("utf-8", "replace")
    finally:
        conn.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    archive = tmp_path_factory.mktemp("served") / "archive"
    subprocess.run([*CLI, "--archive", str(archive), "ingest", str(ROOT / "examples")], check=True,
                   capture_output=True, cwd=ROOT)
    with Store(archive) as store:
        users.create(store, "sam", "staff password 1", "staff")
    port = _free_port()
    proc = subprocess.Popen([*CLI, "--archive", str(archive), "serve", "--port", str(port), "--workers", "2",
                             "--threads", "2"], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 40
    while True:
        try:
            if _request(port, "GET", "/api/documents")[0] == 200 and len(_workers(proc)) == 2:
                break
        except OSError:
            pass
        assert proc.poll() is None and time.monotonic() < deadline, "serve did not start"
        time.sleep(0.2)
    yield port, proc
    os.kill(proc.pid, signal.SIGTERM)
    proc.wait(timeout=30)


def _workers(proc) -> list[psutil.Process]:
    return psutil.Process(proc.pid).children()


def test_a_killed_worker_is_replaced_and_the_server_keeps_answering(server):
    port, proc = server
    victim = _workers(proc)[0]
    os.kill(victim.pid, signal.SIGKILL)
    statuses = []
    for _ in range(30):
        try:
            statuses.append(_request(port, "GET", "/api/search?q=piano")[0])
        except OSError:  # at most the connection the dead worker had accepted
            statuses.append(None)
    assert statuses.count(200) >= 29, statuses
    deadline = time.monotonic() + 20
    while len([w for w in _workers(proc) if w.pid != victim.pid]) < 2:
        assert time.monotonic() < deadline, "the dead worker was not replaced"
        time.sleep(0.2)
    assert proc.poll() is None


def test_one_sign_in_throttle_for_all_workers(server):
    port, _ = server
    status, headers, html = _request(port, "GET", "/login")
    cookie = headers["Set-Cookie"].split(";", 1)[0]
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    form = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}

    def attempt(password: str) -> int:
        body = urllib.parse.urlencode({"name": "sam", "password": password, "csrf_token": token})
        return _request(port, "POST", "/login", body, form)[0]

    # Two workers with two threads each take these: the count is the archive's, not a worker's.
    assert [attempt(f"wrong {n}") for n in range(5)] == [401] * 5
    # The sixth attempt is refused, even with the right password, whichever worker takes it.
    assert [attempt("staff password 1") for _ in range(4)] == [429] * 4
