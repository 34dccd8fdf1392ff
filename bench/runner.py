"""Run one stage in a fresh Python process, so that its peak memory is its own.

The child is ``python -m bench.stages NAME PARAMS RESULT`` (JSON files in the run
folder); this side samples the RSS of the child and its workers while it runs.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from bench.memory import RssSampler

ROOT = Path(__file__).resolve().parent.parent


class StageFailed(RuntimeError):
    pass


def run_stage(name: str, params: dict, workdir: Path, *, timeout: float | None = None) -> dict:
    """The stage's result dict, plus ``wall_seconds``, ``peak_rss_mb`` and ``peak_rss_main_mb``."""
    workdir.mkdir(parents=True, exist_ok=True)
    tag = f"{name}-{time.monotonic_ns()}"
    params_path, result_path = workdir / f"{tag}.params.json", workdir / f"{tag}.result.json"
    params_path.write_text(json.dumps(params), encoding="utf-8")
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "bench.stages", name, str(params_path), str(result_path)],
                            cwd=ROOT, stderr=subprocess.PIPE, text=True)
    with RssSampler(proc.pid) as sampler:
        try:
            _, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, stderr = proc.communicate()
            raise StageFailed(f"stage {name} timed out after {timeout} s") from None
    if proc.returncode != 0 or not result_path.is_file():
        raise StageFailed(f"stage {name} failed (exit {proc.returncode}):\n{stderr[-4000:]}")
    result = json.loads(result_path.read_text(encoding="utf-8"))
    result["wall_seconds"] = round(time.perf_counter() - started, 3)
    result["peak_rss_mb"] = round(sampler.peak.peak_mb, 1)
    result["peak_rss_main_mb"] = round(sampler.peak.peak_main_mb, 1)
    result["max_load"] = round(sampler.peak.max_load, 2)
    return result
