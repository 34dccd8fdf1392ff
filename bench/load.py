"""Drive ``/api/search`` of a running ``oral-archive serve`` with a fixed number of concurrent clients.

A bounded Python client: one thread and one keep-alive HTTP connection per client, each
asking the query mix in turn for a fixed time. It shares the machine's cores with the
server, as a real load tool on the same host would.
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from bench.memory import RssSampler
from bench.queries import Query
from bench.stats import latency_summary

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_command(archive: Path, port: int, backend: str) -> list[str]:
    script = Path(sys.executable).with_name("oral-archive")
    head = [str(script)] if script.exists() else [sys.executable, "-c", "from webapp.cli import main; main()"]
    return [*head, "--archive", str(archive), "--backend", backend, "serve", "--host", "127.0.0.1",
            "--port", str(port)]


def wait_ready(port: int, proc: subprocess.Popen, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with code {proc.returncode} before answering")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/api/search?q=time")
            if conn.getresponse().status < 500:
                conn.close()
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server did not answer on port {port} within {timeout} s")


def _paths(queries: list[Query]) -> list[str]:
    out = []
    for q in queries:
        if q.cls == "misquote":
            continue
        params = {"q": q.text, "limit": 10}
        if q.speaker:
            params["speaker"] = q.speaker
        out.append("/api/search?" + urlencode(params))
    return out


def drive(port: int, paths: list[str], clients: int, seconds: float) -> dict:
    """Requests/s and latency of ``clients`` threads asking ``paths`` round-robin for ``seconds``."""
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    start_gate = threading.Barrier(clients + 1)
    stop_at = [0.0]

    def client(n: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        i = n * 7
        start_gate.wait()
        while time.perf_counter() < stop_at[0]:
            path = paths[i % len(paths)]
            i += 1
            t0 = time.perf_counter()
            try:
                conn.request("GET", path)
                resp = conn.getresponse()
                resp.read()
                status = resp.status
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                errors[n] += 1
                continue
            latencies[n].append(time.perf_counter() - t0)
            if status != 200:
                errors[n] += 1
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
        conn.close()

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for t in threads:
        t.start()
    began = time.perf_counter()
    stop_at[0] = began + seconds
    start_gate.wait()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    flat = [x for per in latencies for x in per]
    return {"clients": clients, "seconds": round(elapsed, 2), "requests": len(flat), "errors": sum(errors),
            "statuses": {str(k): v for k, v in sorted(statuses.items())},
            "requests_per_s": round(len(flat) / elapsed, 1), **latency_summary(flat)}


def run(archive: Path, queries: list[Query], *, backend: str = "tantivy", clients: int = 8,
        seconds: float = 20.0, log: Path | None = None) -> dict:
    """Start the server on a free port, warm it up with one pass of the mix, then drive it."""
    port = free_port()
    out = open(log, "w") if log else subprocess.DEVNULL  # noqa: SIM115 (closed below)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(serve_command(archive, port, backend), cwd=ROOT, stdout=out,
                            stderr=subprocess.STDOUT, env=env)
    try:
        wait_ready(port, proc)
        paths = _paths(queries)
        for p in paths:  # one pass to warm caches, as a server in use would be
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", p)
            conn.getresponse().read()
            conn.close()
        with RssSampler(proc.pid) as sampler:
            result = drive(port, paths, clients, seconds)
        result["server_peak_rss_mb"] = round(sampler.peak.peak_mb, 1)
        result["max_load"] = round(sampler.peak.max_load, 2)
        result["tool"] = "python threads + http.client keep-alive"
        return result
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if log:
            out.close()
