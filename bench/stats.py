"""Latency percentiles and throughput figures, computed the same way for every engine."""

from __future__ import annotations


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (``q`` in 0..100) of ``values``; 0.0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def latency_summary(seconds: list[float]) -> dict:
    """p50/p95/p99/mean in milliseconds, and how many samples."""
    ms = [s * 1000 for s in seconds]
    return {"n": len(ms), "p50_ms": round(percentile(ms, 50), 3), "p95_ms": round(percentile(ms, 95), 3),
            "p99_ms": round(percentile(ms, 99), 3), "mean_ms": round(sum(ms) / len(ms), 3) if ms else 0.0}


def rates(nbytes: int, passages: int, seconds: float) -> dict:
    return {"seconds": round(seconds, 3),
            "mb_per_s": round(nbytes / 1e6 / seconds, 3) if seconds > 0 else None,
            "passages_per_s": round(passages / seconds, 1) if seconds > 0 else None}
