"""Load: eight concurrent clients on search, reader and citation pages of a real ``serve`` (gunicorn).

Runs ``ORAL_ARCHIVE_LOAD_SECONDS`` (default 5 in ``make test``; the issue's minute with 60) and
asserts no errors and flat memory of the server process. Prints requests, errors, p95 latency and
the server's memory at start (after a warm-up pass over every URL) and at the end.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest

ROOT = Path(__file__).resolve().parents[2]
SECONDS = float(os.environ.get("ORAL_ARCHIVE_LOAD_SECONDS", "5"))
CLIENTS = 8
MAX_GROWTH_MB = 40
CLI = [sys.executable, "-c", "from webapp.cli import main; main()"]
# The server dumps its threads' stacks on SIGUSR1, so that a stall can be explained.
SERVE = [sys.executable, "-c", "import faulthandler, signal; faulthandler.register(signal.SIGUSR1, "
         "all_threads=True); from webapp.cli import main; main()"]
WORDS = ["river", "piano", "winter", "mill", "bread", "lamp", "storm", "father", "school", "war"]


def _write_files(folder: Path, count: int = 40) -> None:
    folder.mkdir()
    rng = random.Random(7)
    for n in range(count):
        turns = []
        for t in range(12):
            who = "Q" if t % 2 == 0 else "A"
            words = " ".join(rng.choice(WORDS + ["the", "and", "we", "kept", "walked", "to"])
                             for _ in range(rng.randint(8, 60)))
            turns.append(f"{who}: [00:{t:02d}:00] {words.capitalize()}.")
        access = "Access: restricted\n" if n % 10 == 9 else ""
        (folder / f"talk-{n:02d}.txt").write_text(f"Title: Talk {n}\nInterviewee: Ada Nowak\n{access}\n"
                                                 + "\n\n".join(turns) + "\n", encoding="utf-8")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    base = tmp_path_factory.mktemp("load")
    _write_files(base / "files")
    archive = base / "archive"
    done = subprocess.run([*CLI, "--archive", str(archive), "ingest", str(base / "files")], cwd=ROOT,
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-2000:]
    port = _free_port()
    log = (base / "serve.log").open("w")
    proc = subprocess.Popen([*SERVE, "--archive", str(archive), "serve", "--port", str(port)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=log)
    deadline = time.monotonic() + 30
    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/api/documents")
            docs = json.loads(conn.getresponse().read())
            conn.close()
            break
        except OSError:
            assert proc.poll() is None, (base / "serve.log").read_text()[-2000:]
            assert time.monotonic() < deadline, "serve did not start"
            time.sleep(0.1)
    yield port, proc, docs, base / "serve.log"
    proc.terminate()
    proc.wait(timeout=15)
    log.close()


def _urls(port: int, docs: list[dict]) -> list[tuple[str, int]]:
    """(URL, expected status): search, reader and citation pages, and restricted ones (404)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    urls = [("/documents/talk-09", 404), ("/api/documents/talk-19", 404),
            ("/documents/talk-29/cite?start=0&end=20", 404)]
    for word in WORDS:
        urls += [(u, 200) for u in (f"/search?q={word}", f"/api/search?q={word}&limit=10",
                                    f"/search?q=%22{word}+and%22")]
    for d in docs[:12]:
        conn.request("GET", f"/api/documents/{d['id']}")
        doc = json.loads(conn.getresponse().read())
        p = doc["passages"][len(doc["passages"]) // 2]
        cite = f"/documents/{d['id']}/cite?start={p['start']}&end={p['end']}"
        page = f"/documents/{d['id']}"
        urls += [(u, 200) for u in (page, f"{page}?hl={p['start']}-{p['end']}",
                                    cite, f"{cite}&format=ris", f"{cite}&format=bibtex",
                                    f"/api/cite?passage={p['id']}&format=csl-json")]
    conn.close()
    return urls


def _rss_mb(proc: subprocess.Popen) -> float:
    """The server's memory: the supervisor and every worker process it forked."""
    parent = psutil.Process(proc.pid)
    return sum(p.memory_info().rss for p in [parent, *parent.children(recursive=True)]) / 1e6


def test_eight_clients_no_errors_flat_memory(server):
    port, proc, docs, log = server
    urls = _urls(port, docs)
    warm = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    for url, _ in urls:  # warm-up: caches, templates, index readers
        warm.request("GET", url)
        warm.getresponse().read()
    warm.close()
    start_mb = _rss_mb(proc)

    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + SECONDS

    def client(seed: int) -> None:
        rng = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine, bad = [], []
        while time.monotonic() < stop:
            url, expected = rng.choice(urls)
            t0 = time.perf_counter()
            try:
                conn.request("GET", url)
                response = conn.getresponse()
                response.read()
                if response.status != expected:
                    bad.append(f"{response.status} {url}")
            except (OSError, http.client.HTTPException) as exc:
                bad.append(f"{type(exc).__name__} {url}")
                if isinstance(exc, TimeoutError):
                    proc.send_signal(signal.SIGUSR1)
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            mine.append(time.perf_counter() - t0)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors.extend(bad)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    peak_mb = start_mb
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        peak_mb = max(peak_mb, _rss_mb(proc))
        time.sleep(0.2)
    for t in threads:
        t.join()
    end_mb = _rss_mb(proc)
    latencies.sort()
    p95 = latencies[int(len(latencies) * 0.95) - 1] * 1000 if latencies else 0.0
    print(f"\nload: {CLIENTS} clients for {SECONDS:.0f} s: {len(latencies)} requests "
          f"({len(latencies) / SECONDS:.0f}/s), {len(errors)} errors, p95 {p95:.1f} ms, "
          f"server memory {start_mb:.1f} MB at start, {end_mb:.1f} MB at end (peak {peak_mb:.1f} MB)")
    if errors:
        time.sleep(0.5)
        stacks = log.read_text()
        raise AssertionError(f"{len(errors)} errors: {errors[:10]}\nserver threads:\n{stacks[-6000:]}")
    assert len(latencies) > CLIENTS * SECONDS  # the server kept answering
    assert end_mb - start_mb < MAX_GROWTH_MB, f"memory grew {end_mb - start_mb:.1f} MB"
