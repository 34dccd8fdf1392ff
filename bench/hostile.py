"""Hostile requests against a real ``serve``: for every route, the largest answer, the CPU one request
costs the worker, and the worker's peak memory.

An archive is built with the documents that made trouble before: a long transcript (about 3 MB in
20,000 passages) once public and once restricted, and a document archived as a single passage of
300,000 characters (what ingest made of a file without paragraph breaks before passages had a
maximum). One gunicorn worker serves it; each route is asked its worst: the longest queries and
selectors, whole-document ranges, the largest pages and bodies. ``run`` returns the figures per
route; ``bench.suite`` reports them against the targets (every answer under 1 s of CPU and 100 MB,
the worker under 500 MB), and ``tests/bench/test_hostile.py`` runs a small version.
"""

from __future__ import annotations

import http.client
import json
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import psutil

from bench.load import free_port, serve_command
from bench.memory import RssSampler

TARGET_CPU_S = 1.0
TARGET_ANSWER_MB = 100.0
TARGET_WORKER_MB = 500.0
SENTENCE = ("the ledger was hidden under the floorboards by the river and nobody else knew of it until the "
            "thaw came and the water rose over the mill")


def build(folder: Path, passages: int = 20_000, legacy_chars: int = 300_000) -> Path:
    """The hostile archive (documents built in Python, stored and indexed as ingest does)."""
    from archive.model import Document, Metadata, Source
    from archive.readers._build import TextBuilder
    from archive.store import Store
    from indexer.service import SearchService

    def doc(doc_id: str, turns: list[str], kind: str = "turn", **meta) -> Document:
        b = TextBuilder()
        for n, t in enumerate(turns):
            b.add(t, kind, label=("Q" if n % 2 == 0 else "A") if kind == "turn" else None)
        d = Document(id=doc_id, title=f"Hostile {doc_id}", text=b.text, passages=b.passages,
                     source=Source(f"{doc_id}.txt", "text", "0" * 64), metadata=Metadata.from_dict(meta))
        d.number_passages()
        return d

    turns = [f"{SENTENCE} turn {n}." for n in range(passages)]
    words = " ".join(SENTENCE.split()[n % 24] for n in range(legacy_chars // 5))[:legacy_chars]
    archive = folder / "archive"
    with Store(archive) as store:
        service = SearchService(store, backend="tantivy")
        for d in (doc("big", turns), doc("hidden", turns, access="restricted"),
                  doc("legacy", [words], kind="narration")):
            store.replace_source(f"/hostile/{d.id}", "0" * 64, [d])
            service.on_stored([d], [])
        service.commit()
        service.close()
    return archive


def requests(text_length: int) -> list[tuple[str, str, str, object]]:
    """(route, method, path with query, JSON body or form) of the worst requests per route."""
    long_q = " OR ".join(SENTENCE.split())[:1000]
    quote = (SENTENCE + " ") * 8
    selector = {"hl": f"5-{min(text_length, 999_999)}", "exact": "river " * 166, "prefix": "q" * 1000,
                "suffix": "z" * 1000, "p": "p1"}
    whole = [{"document": "big", "start": 0, "end": text_length}]
    ranges = [{"document": "big", "start": n * 20_000, "end": n * 20_000 + 19_999} for n in range(10)]
    return [
        ("/search", "GET", "/search?" + urlencode({"q": long_q, "limit": 100}), None),
        ("/search", "GET", "/search?" + urlencode({"q": "river", "limit": 100, "offset": 10_000}), None),
        ("/", "GET", "/", None),
        ("/quote", "GET", "/quote?" + urlencode({"q": quote[:1000], "limit": 50}), None),
        ("/documents", "GET", "/documents", None),
        ("/documents/<id>", "GET", "/documents/big", None),
        ("/documents/<id>", "GET", "/documents/big?" + urlencode({"q": long_q, "part": 2}), None),
        ("/documents/<id>", "GET", "/documents/big?" + urlencode(selector), None),
        ("/documents/<id>", "GET", "/documents/legacy?" + urlencode({"q": "river", "hl": "0-299999"}), None),
        ("/documents/<id>", "GET", "/documents/hidden", None),
        ("/api/search", "GET", "/api/search?" + urlencode({"q": long_q, "limit": 100}), None),
        ("/api/search", "GET", "/api/search?" + urlencode({"q": "river floorboards", "limit": 100}), None),
        ("/api/quote", "GET", "/api/quote?" + urlencode({"q": quote[:1000], "limit": 50}), None),
        ("/api/documents", "GET", "/api/documents", None),
        ("/api/documents/<id>", "GET", "/api/documents/big", None),
        ("/api/documents/<id>", "GET", "/api/documents/legacy", None),
        ("/api/openapi.json", "GET", "/api/openapi.json", None),
        ("/documents/<id>/cite", "GET", f"/documents/big/cite?start=0&end={text_length}&format=bibtex", None),
        ("/documents/<id>/cite", "GET", "/documents/legacy/cite?start=0&end=19999&format=chicago", None),
        ("/api/cite", "GET", f"/api/cite?document=big&start=0&end={text_length}", None),
        ("/api/cite", "GET", "/api/cite?passage=legacy:p1", None),
        ("/bibliography", "POST", "/bibliography?format=ris", whole * 500),
        ("/bibliography", "POST", "/bibliography?format=chicago", ranges),
        ("/bibliography", "POST", "/bibliography?format=csl-json",
         [{"document": "big", "passage": f"big:p{n}"} for n in range(1, 501)]),
        ("/bibliography", "POST", "/bibliography", "x" * 5_000_000),
        ("/bibliography/token", "GET", "/bibliography/token", None),
        ("/login", "POST", "/login", {"name": "x" * 100_000, "password": "y" * 100_000}),
        ("/logout", "POST", "/logout", {"next": "/\\evil.example"}),
        ("/static/<file>", "GET", "/static/reader.js", None),
    ]


class _Client:
    """One browser: its session cookie, the CSRF token, and answers of any status. A body the
    server refuses before reading it (413) still gets its answer read."""

    def __init__(self, port: int):
        self.port = port
        self.cookie = ""
        self.token = json.loads(self.open("GET", "/bibliography/token", None)[1])["csrf_token"]

    def open(self, method: str, path: str, body: object) -> tuple[int, bytes]:
        headers, data = {}, b""
        if isinstance(body, dict):
            data = urlencode({**body, "csrf_token": self.token}).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            data = (body if isinstance(body, str) else json.dumps(body)).encode()
            headers.update({"Content-Type": "application/json", "X-CSRF-Token": self.token})
        if self.cookie:
            headers["Cookie"] = self.cookie
        if data:
            headers["Content-Length"] = str(len(data))
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            conn.putrequest(method, path)
            for name, value in headers.items():
                conn.putheader(name, value)
            conn.endheaders()
            try:
                for i in range(0, len(data), 65536):
                    conn.send(data[i:i + 65536])
            except (BrokenPipeError, ConnectionResetError):
                pass  # answered before the whole body was sent
            response = conn.getresponse()
            cookie = response.getheader("Set-Cookie")
            if cookie:
                self.cookie = cookie.split(";", 1)[0]
            return response.status, response.read()
        finally:
            conn.close()


def run(folder: Path, *, passages: int = 20_000, legacy_chars: int = 300_000) -> dict:
    """Figures per route: largest answer (bytes), most CPU (s), statuses; and the worker's peak RSS."""
    folder.mkdir(parents=True, exist_ok=True)
    archive = build(folder, passages, legacy_chars)
    from archive.store import Store

    with Store(archive) as store:
        text_length = len(store.get("big").text)
    port = free_port()
    log = (folder / "serve.log").open("w")
    command = [*serve_command(archive, port, "tantivy"), "--workers", "1", "--threads", "2"]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log)
    try:
        worker = _wait(proc, port)
        client = _Client(port)
        routes: dict[str, dict] = {}
        with RssSampler(worker.pid) as sampler:
            for route, method, path, body in requests(text_length):
                before = sum(worker.cpu_times()[:2])
                t0 = time.perf_counter()
                status, answer = client.open(method, path, body)
                wall = time.perf_counter() - t0
                cpu = sum(worker.cpu_times()[:2]) - before
                r = routes.setdefault(route, {"requests": 0, "largest_answer_bytes": 0, "max_cpu_s": 0.0,
                                              "max_wall_s": 0.0, "statuses": []})
                r["requests"] += 1
                r["largest_answer_bytes"] = max(r["largest_answer_bytes"], len(answer))
                r["max_cpu_s"] = round(max(r["max_cpu_s"], cpu), 3)
                r["max_wall_s"] = round(max(r["max_wall_s"], wall), 3)
                r["statuses"].append(status)
        alive = proc.poll() is None and worker.is_running()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()
    return {"routes": routes, "worker_peak_rss_mb": round(sampler.peak.peak_main_mb, 1),
            "largest_answer_mb": round(max(r["largest_answer_bytes"] for r in routes.values()) / 2**20, 3),
            "max_cpu_s": max(r["max_cpu_s"] for r in routes.values()),
            "server_errors": sum(s >= 500 for r in routes.values() for s in r["statuses"]),
            "worker_survived": alive, "document_chars": text_length}


def _wait(proc: subprocess.Popen, port: int, timeout: float = 120.0) -> psutil.Process:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"serve exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/bibliography/token", timeout=5):
                children = psutil.Process(proc.pid).children()
                if children:
                    return children[0]
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("serve did not answer")


def markdown(result: dict) -> list[str]:
    lines = ["", "## Hostile requests (one worker)", "",
             f"Worker peak RSS {result['worker_peak_rss_mb']} MB; {result['server_errors']} answers of 500; "
             f"worker {'survived' if result['worker_survived'] else '**died**'}.", "",
             "| route | requests | largest answer KB | max CPU s | max wall s | statuses |",
             "| --- | ---: | ---: | ---: | ---: | --- |"]
    for route, r in result["routes"].items():
        lines.append(f"| `{route}` | {r['requests']} | {r['largest_answer_bytes'] / 1024:,.1f} | "
                     f"{r['max_cpu_s']:.3f} | {r['max_wall_s']:.3f} | {', '.join(map(str, r['statuses']))} |")
    return lines
