"""Results on disk: one JSON and one Markdown file per run, ``latest.md``, and ``history.md`` over all runs.

Targets are stated for 2 cores, the default engine and one million passages; each row says met
or not met for the figures of this run, whatever its size.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
TARGET_SIZE = 1_000_000


@dataclass
class Target:
    figure: str
    target: str
    measure: Callable[[dict], float | None]  # from the results of a run
    ok: Callable[[float], bool]
    unit: str = ""
    reference: Callable[[dict], float | None] | None = None  # the raw tantivy figure, when there is one


def _get(d: dict, *keys):
    for k in keys:
        if not isinstance(d, dict) or k not in d:  # a stage that did not run
            return None
        d = d[k]
    return d


def _p95(run: dict, classes: tuple[str, ...], key: str = "search") -> float | None:
    values = [_get(run, "datasets", "scaled", key, "classes", c, "p95_ms") for c in classes]
    values = [v for v in values if v is not None]
    return max(values) if values else None


NON_MISQUOTE = ("rare_word", "common_word", "phrase_2", "phrase_3", "and_2", "speaker", "facets")

TARGETS = [
    Target("ingest end to end", ">= 3 MB/s",
           lambda r: _get(r, "datasets", "scaled", "ingest", "total", "mb_per_s"), lambda v: v >= 3, "MB/s"),
    Target("ingest vs raw tantivy indexing (passages/s)", ">= 40%",
           lambda r: _get(r, "datasets", "scaled", "ratios", "ingest_throughput"), lambda v: v >= 0.4, "x",
           lambda r: _get(r, "datasets", "scaled", "raw_index", "passages_per_s")),
    Target("reindex from the archive", ">= 6 MB/s",
           lambda r: _get(r, "datasets", "scaled", "reindex", "mb_per_s"), lambda v: v >= 6, "MB/s"),
    Target("phrase p95 (2 and 3 words), highlights included", "<= 20 ms",
           lambda r: _p95(r, ("phrase_2", "phrase_3")), lambda v: v <= 20, "ms",
           lambda r: _p95(r, ("phrase_2", "phrase_3"), "raw_search")),
    Target("worst query class p95 (misquote aside), highlights and facets", "<= 50 ms",
           lambda r: _p95(r, NON_MISQUOTE), lambda v: v <= 50, "ms",
           lambda r: _p95(r, NON_MISQUOTE, "raw_search")),
    Target("misquote p95", "<= 200 ms", lambda r: _p95(r, ("misquote",)), lambda v: v <= 200, "ms",
           lambda r: _p95(r, ("misquote",), "raw_search")),
    Target("/api/search, 8 clients: throughput", ">= 150 req/s",
           lambda r: _get(r, "datasets", "scaled", "load", "requests_per_s"), lambda v: v >= 150, "req/s"),
    Target("/api/search, 8 clients: p95", "<= 100 ms",
           lambda r: _get(r, "datasets", "scaled", "load", "p95_ms"), lambda v: v <= 100, "ms"),
    Target("peak memory during ingest (process tree)", "<= 500 MB",
           lambda r: _get(r, "datasets", "scaled", "ingest", "peak_rss_mb"), lambda v: v <= 500, "MB"),
    Target("hostile requests: worst CPU of one request", "< 1 s",
           lambda r: _get(r, "hostile", "max_cpu_s"), lambda v: v < 1.0, "s"),
    Target("hostile requests: largest answer", "< 100 MB",
           lambda r: _get(r, "hostile", "largest_answer_mb"), lambda v: v < 100, "MB"),
    Target("hostile requests: worker peak memory", "< 500 MB",
           lambda r: _get(r, "hostile", "worker_peak_rss_mb"), lambda v: v < 500, "MB"),
    Target("Whoosh at 50,000 passages beside tantivy", "reported",
           lambda r: _get(r, "datasets", "whoosh", "search", "classes", "phrase_2", "p95_ms"), lambda v: True,
           "ms phrase p95"),
]


def evaluate(run: dict) -> list[dict]:
    rows = []
    clients = _get(run, "datasets", "scaled", "load", "clients")
    for t in TARGETS:
        value = t.measure(run)
        ref = t.reference(run) if t.reference else None
        figure = t.figure.replace("8 clients", f"{clients} clients") if clients else t.figure
        rows.append({"figure": figure, "target": t.target, "value": value, "unit": t.unit,
                     "raw_tantivy": ref, "met": None if value is None else bool(t.ok(value))})
    return rows


def _fmt(v, digits: int = 1) -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:,.{digits}f}"
    return f"{v:,}" if isinstance(v, int) else str(v)


def _cell(f: dict) -> str:
    return f"{_fmt(f['mb_per_s'], 2)} / {_fmt(f['passages_per_s'], 0)}"


def _load_note(run: dict) -> list[str]:
    """The machine's 1-minute load average during each stage: above the core count, other work
    shared the CPUs and the figures are pessimistic."""
    cpus = run["machine"]["cpus"] or 1
    parts, worst = [], 0.0
    for name, d in run["datasets"].items():
        loads = {k: d[k].get("max_load") for k in ("ingest", "raw_index", "search", "reindex", "load")
                 if isinstance(d.get(k), dict) and d[k].get("max_load") is not None}
        if loads:
            worst = max(worst, *loads.values())
            parts.append(f"{name}: " + ", ".join(f"{k} {v:.1f}" for k, v in loads.items()))
    if not parts:
        return []
    verdict = (f"**The load exceeded the {cpus} cores: other work shared the machine, so these figures are "
               "pessimistic.**" if worst > cpus else f"The load stayed within the {cpus} cores.")
    return [f"Machine load (1-minute average, highest during each stage) — {'; '.join(parts)}. {verdict}"]


def _cpu_note(cpu: dict | None) -> str:
    """CPU seconds of the main process and of the reader processes in each kind of run."""
    if not cpu or not all(cpu.get(k) for k in ("untagged", "tagged")):
        return ""
    parts = [f"{k} {cpu[k]['main']:.1f} s main + {cpu[k]['workers']:.1f} s readers"
             for k in ("untagged", "tagged")]
    return f" CPU: {'; '.join(parts)}."


def _met(m: bool | None) -> str:
    return {True: "met", False: "**not met**", None: "not measured"}[m]


def markdown(run: dict) -> str:
    opts = run["options"]
    mach = run["machine"]
    lines = [f"# Benchmark {run['started']}", "",
             f"Size {opts['size']:,} passages (targets are stated for {TARGET_SIZE:,}), seed {opts['seed']}, "
             f"engines {', '.join(opts['engines'])}; {mach['cpus']} CPUs, {mach['memory_gb']} GB, "
             f"Python {mach['python']}; run took {run.get('seconds', 0):,.0f} s.", "", *_load_note(run), "",
             "## Targets", "", "| figure | measured | raw tantivy | target | |",
             "| --- | ---: | ---: | --- | --- |"]
    for row in run.get("targets", evaluate(run)):
        value = _fmt(row["value"], 3 if row["unit"] == "x" else 1)
        lines.append(f"| {row['figure']} | {value} {row['unit']} | {_fmt(row['raw_tantivy'])} "
                     f"| {row['target']} | {_met(row['met'])} |")
    lines += ["", "## Ingest", "",
              "MB/s / passages/s per stage; read, tag and prepare (the index analysis) seconds are summed "
              "over the worker processes, so their rates are per worker.", "",
              "| data set | engine | files | MB | passages | read | tag | prepare | store | index | total "
              "| peak RSS MB | raw tantivy index | ingest / raw |",
              "| --- | --- |" + " ---: |" * 12]
    failures = []
    for name, d in run["datasets"].items():
        ing, raw = d["ingest"], d["raw_index"]
        stages = [_cell(ing["stages"][k]) if k in ing["stages"] else "–"
                  for k in ("read", "tag", "prepare", "store", "index")]
        lines.append(f"| {name} | {d['backend']} | {ing['files']:,} | {ing['bytes'] / 1e6:,.1f} "
                     f"| {ing['passages']:,} | " + " | ".join(stages)
                     + f" | {_cell(ing['total'])} | {ing['peak_rss_mb']:,.0f} "
                     f"| {_fmt(raw['passages_per_s'], 0)} passages/s ({raw['seconds']:.1f} s, "
                     f"{raw['peak_rss_mb']:,.0f} MB) | {_fmt(d['ratios'].get('ingest_throughput'), 3)} |")
        if ing.get("failure_count"):
            failures.append(f"{name}: {ing['failure_count']} files failed: {'; '.join(ing['failures'][:3])}")
    lines += ["", *failures] if failures else []
    for name, d in run["datasets"].items():
        if "tagging" in d:
            t = d["tagging"]
            runs = len(t["runs"]["tagged"])
            lines += ["", f"Tagging overhead ({name}, {d['backend']}, best of {runs} runs each, "
                      f"alternating): {t['untagged_seconds']:.2f} s untagged, {t['tagged_seconds']:.2f} s "
                      f"tagged, **+{t['overhead']:.0%}** (reported, no target)."
                      + _cpu_note(t.get("cpu_seconds"))]
    for name, d in run["datasets"].items():
        if "reindex" in d:
            r = d["reindex"]
            ratio = _fmt(d["ratios"].get("reindex_throughput"), 3)
            lines += ["", f"Reindex ({name}, {d['backend']}): {r['seconds']:.1f} s, {_fmt(r['mb_per_s'], 2)} "
                      f"MB/s of source, {_fmt(r['passages_per_s'], 0)} passages/s, {ratio} of raw tantivy "
                      f"indexing, peak {r['peak_rss_mb']:,.0f} MB."]
    lines += ["", "## Query mix (ms, end to end: SearchService.search/.quote with highlights and facets)", ""]
    names = list(run["datasets"])
    header = "| class | " + " | ".join(f"{n} p50 / p95 / p99 (hits) | raw p95 | ratio" for n in names) + " |"
    lines += [header, "| --- |" + " ---: | ---: | ---: |" * len(names)]
    classes = next(iter(run["datasets"].values()))["search"]["classes"].keys() if run["datasets"] else []
    for cls in classes:
        cells = []
        for n in names:
            d = run["datasets"][n]
            f = d["search"]["classes"].get(cls)
            raw = d["raw_search"]["classes"].get(cls)
            found = f" {f['found_original']:.0%} found" if f and "found_original" in f else ""
            cells.append("–" if f is None else f"{f['p50_ms']:.1f} / {f['p95_ms']:.1f} / {f['p99_ms']:.1f} "
                         f"({f['mean_hits']:,.0f}{found})")
            cells.append("–" if raw is None else f"{raw['p95_ms']:.2f}")
            cells.append(_fmt(d["ratios"].get(f"{cls}_p95_latency"), 1))
        lines.append(f"| {cls} | " + " | ".join(cells) + " |")
    for name, d in run["datasets"].items():
        if "load" in d:
            ld = d["load"]
            lines += ["", f"## /api/search under load ({name})", "",
                      f"{ld['clients']} clients for {ld['seconds']} s ({ld['tool']}): "
                      f"{ld['requests_per_s']} req/s, p50 {ld['p50_ms']:.1f} ms, p95 {ld['p95_ms']:.1f} ms, "
                      f"p99 {ld['p99_ms']:.1f} ms, {ld['errors']} errors, statuses {ld['statuses']}, "
                      f"server peak {ld['server_peak_rss_mb']} MB."]
    if run.get("hostile"):
        from bench import hostile

        lines += hostile.markdown(run["hostile"])
    for name, d in run["datasets"].items():
        for stage, prof in (d.get("profiles") or {}).items():
            lines += ["", f"## Profile: {stage} ({name}), top functions by own time", "", "```"]
            body = [x for x in prof["tottime"] if x.strip()]
            start = next((i for i, x in enumerate(body) if "ncalls" in x), 0)
            lines += body[start:start + 26] + ["```"]
    return "\n".join(lines) + "\n"


def history(folder: Path) -> str:
    """One line per run in ``folder``, oldest first, for comparison across commits."""
    lines = ["# Benchmark history", "", "| run | size | ingest MB/s | vs raw | reindex MB/s | phrase p95 ms "
             "| worst p95 ms | misquote p95 ms | req/s | load p95 ms | ingest peak MB |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for path in sorted(folder.glob("*.json")):
        run = json.loads(path.read_text(encoding="utf-8"))
        values = [row["value"] for row in run.get("targets", evaluate(run))][:9]
        lines.append(f"| [{path.stem}]({path.stem}.md) | {run['options']['size']:,} | "
                     + " | ".join(_fmt(v, 3 if i == 1 else 1) for i, v in enumerate(values)) + " |")
    return "\n".join(lines) + "\n"


def write(run: dict, folder: Path = RESULTS) -> list[Path]:
    """Write this run's JSON and Markdown (kept), then refresh ``latest.md`` and ``history.md``."""
    folder.mkdir(parents=True, exist_ok=True)
    run["targets"] = evaluate(run)
    stamp = run["started"].replace(":", "").replace("-", "").replace("+0000", "Z").replace("+00:00", "Z")
    stem = f"{stamp}-{run['options']['size']}"
    json_path, md_path = folder / f"{stem}.json", folder / f"{stem}.md"
    json_path.write_text(json.dumps(run, indent=1, ensure_ascii=False), encoding="utf-8")
    text = markdown(run)
    md_path.write_text(text, encoding="utf-8")
    (folder / "latest.md").write_text(text, encoding="utf-8")
    (folder / "history.md").write_text(history(folder), encoding="utf-8")
    return [json_path, md_path, folder / "latest.md", folder / "history.md"]
