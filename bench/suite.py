"""The benchmark suite: for each data set, ingest, export, raw tantivy, query mix, reindex and load.

Every stage runs in its own process (see ``bench.runner``) against a fresh archive in a
scratch folder outside the repository; the figures come back as one JSON-able dict.
"""

from __future__ import annotations

import os
import platform
import shutil
import tempfile
import time
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from bench import corpus, hostile, load, pools, queries
from bench.queries import QueryMix
from bench.runner import run_stage

WHOOSH_SIZE = 50_000


@dataclass
class Options:
    size: int = 1_000_000
    seed: int = 1
    engines: tuple[str, ...] = ("tantivy", "whoosh")
    shared: bool = True  # also ingest the shared corpus as it is
    repeat: int = 5  # timed rounds of the query mix
    per_class: int = 12
    clients: int = 8
    load_seconds: float = 20.0
    workers: int | None = None  # ingest worker processes (None: the ingest default)
    whoosh_size: int = WHOOSH_SIZE
    profile: tuple[str, ...] = ()  # stages to profile after the timed runs: ingest, reindex, search
    profile_files: int = 40
    cache: Path | None = None
    corpus: Path | None = None
    keep: bool = False
    log: list[str] = field(default_factory=list)


def say(opts: Options, message: str) -> None:
    line = f"[{time.strftime('%H:%M:%S')}] {message}"
    opts.log.append(line)
    print(line, flush=True)


def _with_speakers(mix: QueryMix, speakers: list[str]) -> QueryMix:
    """Give the speaker-filtered queries real speakers of this archive (the most frequent ones)."""
    out = QueryMix()
    n = 0
    for q in mix.queries:
        if q.cls == "speaker":
            if not speakers:
                continue
            q = replace(q, speaker=speakers[n % len(speakers)])
            n += 1
        out.queries.append(q)
    return out


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a and b else None


def dataset(opts: Options, label: str, files: Path, info: dict, backend: str, mix: QueryMix, work: Path, *,
            primary: bool = False) -> dict:
    """All figures for one corpus and one engine; the primary set also gets reindex, load and profiles."""
    here = work / label
    archive = here / "archive"
    out: dict = {"label": label, "backend": backend, "corpus": info}
    say(opts, f"{label}: ingest {info.get('mb', '?')} MB into a fresh {backend} archive")
    out["ingest"] = run_stage("ingest", {"corpus": str(files), "archive": str(archive), "backend": backend,
                                         "workers": opts.workers}, here)
    ing = out["ingest"]
    say(opts, f"{label}: ingested {ing['passages']} passages, {ing['total']['mb_per_s']} MB/s, "
              f"{ing['total']['passages_per_s']} passages/s, peak {ing['peak_rss_mb']} MB")
    if label == "shared":
        out["tagging"] = tagging_overhead(opts, files, backend, here, ing)
    exported = run_stage("export", {"archive": str(archive), "out": str(here / "passages.jsonl")}, here)
    out["export"] = {k: exported[k] for k in ("documents", "passages", "text_bytes", "speakers")}
    mix = _with_speakers(mix, exported["speakers"])
    say(opts, f"{label}: raw tantivy indexing of the same {exported['passages']} passages")
    out["raw_index"] = run_stage("raw_index", {"passages": str(here / "passages.jsonl"),
                                               "index": str(here / "raw-index")}, here)
    out["raw_search"] = run_stage("raw_search", {"index": str(here / "raw-index"), "queries": mix.to_list(),
                                                 "repeat": opts.repeat}, here)
    say(opts, f"{label}: query mix on {backend}")
    out["search"] = run_stage("search", {"archive": str(archive), "backend": backend,
                                         "queries": mix.to_list(), "repeat": opts.repeat}, here)
    if primary:
        say(opts, f"{label}: reindex from the archive")
        r = run_stage("reindex", {"archive": str(archive), "backend": backend}, here)
        r.update({"mb_per_s": round(ing["bytes"] / 1e6 / r["seconds"], 3) if r["seconds"] else None,
                  "passages_per_s": round(ing["passages"] / r["seconds"], 1) if r["seconds"] else None})
        out["reindex"] = r
        say(opts, f"{label}: /api/search with {opts.clients} clients for {opts.load_seconds} s")
        out["load"] = load.run(archive, mix.queries, backend=backend, clients=opts.clients,
                               seconds=opts.load_seconds, log=here / "serve.log")
    out["ratios"] = ratios(out)
    for stage in opts.profile if primary else ():
        say(opts, f"{label}: profiling {stage}")
        out.setdefault("profiles", {})[stage] = profile(opts, stage, files, backend, mix, here)
    return out


def tagging_overhead(opts: Options, files: Path, backend: str, here: Path, tagged: dict,
                     rounds: int = 3) -> dict:
    """What tagging (attribution, topics, entities) adds to ingest time: the same corpus ingested
    with tagging off and on, alternately, into fresh archives with the index; best of ``rounds``
    each (runs on one machine differ by 10% and more), the first tagged run being the data set's
    own ingest."""
    seconds: dict[bool, list[float]] = {True: [tagged["total"]["seconds"]], False: []}
    cpu: dict[bool, list[dict]] = {True: [tagged.get("cpu_seconds", {})], False: []}
    for n in range(rounds):
        for tag in (False, True) if n else (False,):
            say(opts, f"tagging overhead: ingest with tagging {'on' if tag else 'off'}")
            r = run_stage("ingest", {"corpus": str(files), "archive": str(here / f"tagging-{tag}-{n}"),
                                     "backend": backend, "workers": opts.workers, "tag": tag}, here)
            seconds[tag].append(r["total"]["seconds"])
            cpu[tag].append(r["cpu_seconds"])
    off, on = min(seconds[False]), min(seconds[True])
    return {"untagged_seconds": off, "tagged_seconds": on, "runs": {"untagged": seconds[False],
            "tagged": seconds[True]}, "overhead": round(on / off - 1, 3) if off else None,
            # CPU of the fastest run of each: with two cores both runs keep them nearly busy
            # (main process: store and index; reader processes: read, tag, index analysis), so
            # the overhead follows the CPU time tagging adds.
            "cpu_seconds": {"untagged": cpu[False][seconds[False].index(off)],
                            "tagged": cpu[True][seconds[True].index(on)]}}


def ratios(out: dict) -> dict:
    """Each project figure over the raw-tantivy figure for the same passages (throughput: higher is better;
    latency: how many times the raw time)."""
    raw = out["raw_index"]
    r = {"ingest_throughput": _ratio(out["ingest"]["total"]["passages_per_s"], raw["passages_per_s"])}
    for stage, figures in out["ingest"]["stages"].items():
        r[f"ingest_{stage}_throughput"] = _ratio(figures["passages_per_s"], raw["passages_per_s"])
    if "reindex" in out:
        r["reindex_throughput"] = _ratio(out["reindex"]["passages_per_s"], raw["passages_per_s"])
    for cls, figures in out["search"]["classes"].items():
        ref = out["raw_search"]["classes"].get(cls)
        if ref:
            r[f"{cls}_p95_latency"] = _ratio(figures["p95_ms"], ref["p95_ms"])
    return r


def profile(opts: Options, stage: str, files: Path, backend: str, mix: QueryMix, here: Path) -> dict:
    """A cProfile run of one stage (ingest: in one process over the first files, so readers show up)."""
    prof = here / f"{stage}.prof"
    params: dict = {"profile": str(prof), "backend": backend, "profile_top": 30}
    if stage == "ingest":
        params.update(corpus=str(files), archive=str(here / "profile-archive"), workers=1,
                      limit_files=opts.profile_files)
    elif stage == "reindex":
        params.update(archive=str(here / "archive"))
    else:
        params.update(archive=str(here / "archive"), queries=mix.to_list(), repeat=1)
    result = run_stage(stage, params, here)
    return {"file": str(prof), "tottime": result["profile_tottime"],
            "cumulative": result["profile_cumulative"]}


def machine() -> dict:
    import psutil

    return {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
            "memory_gb": round(psutil.virtual_memory().total / 2**30, 1), "processor": platform.processor()}


def run(opts: Options, material: pools.Pools | None = None) -> dict:
    """The whole suite; ``material`` saves re-reading the shared corpus when the caller has it."""
    started = time.perf_counter()
    root = opts.cache or corpus.cache_root()
    root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="run-", dir=root))
    results: dict = {"started": datetime.now(UTC).isoformat(timespec="seconds"), "machine": machine(),
                     "options": {"size": opts.size, "seed": opts.seed, "engines": list(opts.engines),
                                 "repeat": opts.repeat, "per_class": opts.per_class, "clients": opts.clients,
                                 "load_seconds": opts.load_seconds, "workers": opts.workers},
                     "datasets": {}}
    try:
        if material is None:
            say(opts, f"reading pools from {opts.corpus or pools.corpus_folder()}")
        p = material or pools.load(opts.corpus)
        mix = queries.build(p, opts.seed, opts.per_class)
        results["queries"] = mix.to_list()
        if opts.shared:
            shared = opts.corpus or pools.corpus_folder()
            nbytes = sum(f.stat().st_size for f in shared.rglob("*") if f.is_file())
            results["datasets"]["shared"] = dataset(
                opts, "shared", shared, {"source": str(shared), "mb": round(nbytes / 1e6, 2)},
                "tantivy", mix, work)
        sizes = []
        if "tantivy" in opts.engines:
            sizes.append(("scaled", opts.size, "tantivy"))
        if "whoosh" in opts.engines:
            sizes.append(("whoosh", min(opts.size, opts.whoosh_size), "whoosh"))
        for label, size, backend in sizes:
            say(opts, f"{label}: scaled corpus seed {opts.seed}, {size} passages")
            files, manifest, reused = corpus.ensure(p, opts.seed, size, root)
            info = {"source": str(files), "seed": opts.seed, "size": size, "files": manifest.files,
                    "mb": round(manifest.bytes / 1e6, 2), "passages_estimate": manifest.passages_estimate,
                    "by_kind": manifest.by_kind, "generated_seconds": manifest.seconds, "reused": reused}
            say(opts, f"{label}: corpus {'reused' if reused else 'generated'}: {manifest.files} files, "
                      f"{info['mb']} MB")
            primary = label == "scaled"
            results["datasets"][label] = dataset(opts, label, files, info, backend, mix, work,
                                                 primary=primary)
        passages = max(1000, min(opts.size, 20_000))
        say(opts, f"hostile requests on every route (a {passages}-passage transcript, one worker)")
        results["hostile"] = hostile.run(work / "hostile", passages=passages)
    finally:
        results["seconds"] = round(time.perf_counter() - started, 1)
        results["log"] = opts.log
        if not opts.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            results["work"] = str(work)
    return results
