"""``serve --workers 2`` runs two gunicorn workers on one port; stopping the arbiter stops both."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> int:
    with urllib.request.urlopen(url, timeout=20) as r:
        return r.status


def test_two_processes_answer_and_stop_together(tmp_path):
    cli = [str(Path(sys.executable).parent / "oral-archive"), "--archive", str(tmp_path / "a")]
    subprocess.run([*cli, "ingest", str(ROOT / "examples")], check=True, capture_output=True, cwd=ROOT)
    port = _free_port()
    server = subprocess.Popen([*cli, "serve", "--port", str(port), "--workers", "2"], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.time() + 30
        while True:
            try:
                assert _get(base + "/api/documents") == 200
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.2)
        children = psutil.Process(server.pid).children()
        assert len(children) == 2
        with ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(_get, [base + "/api/search?q=piano"] * 40))
        assert statuses == [200] * 40
    finally:
        os.kill(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    gone, alive = psutil.wait_procs(children, timeout=20)
    assert not alive
