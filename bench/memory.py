"""Peak resident memory of a process and all its children, sampled in a background thread.

Ingest reads files in worker processes, so the figure that matters is the whole tree:
``peak_mb`` sums RSS over the tree at each sample (shared pages counted once per process,
so it errs high), ``peak_main_mb`` is the largest single process.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass

import psutil

INTERVAL = 0.05


@dataclass
class Peak:
    peak_mb: float = 0.0
    peak_main_mb: float = 0.0
    samples: int = 0
    max_load: float = 0.0  # 1-minute load average: above the core count, other work shared the machine


class RssSampler:
    """``with RssSampler(pid) as s: ...`` then read ``s.peak``."""

    def __init__(self, pid: int, interval: float = INTERVAL):
        self.pid = pid
        self.interval = interval
        self.peak = Peak()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def sample(self) -> None:
        try:
            root = psutil.Process(self.pid)
            procs = [root, *root.children(recursive=True)]
        except psutil.Error:
            return
        total = 0
        largest = 0
        for p in procs:
            try:
                rss = p.memory_info().rss
            except psutil.Error:  # a worker may exit between listing and reading
                continue
            total += rss
            largest = max(largest, rss)
        self.peak.peak_mb = max(self.peak.peak_mb, total / 2**20)
        self.peak.peak_main_mb = max(self.peak.peak_main_mb, largest / 2**20)
        self.peak.samples += 1
        self.peak.max_load = max(self.peak.max_load, os.getloadavg()[0])

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)
        self.sample()
