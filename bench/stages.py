"""The timed stages, each a function of a JSON dict, run one per process by ``bench.runner``.

``python -m bench.stages NAME PARAMS.json RESULT.json``. Project code is imported inside
the stages that use it, so the raw-tantivy stages load none of it.
"""

from __future__ import annotations

import cProfile
import io
import json
import pstats
import resource
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from bench import reference
from bench.queries import CLASSES, Query, QueryMix
from bench.stats import latency_summary, rates


def _open(archive: str, backend: str):
    from archive.store import Store
    from indexer.service import SearchService

    store = Store(archive)
    return store, SearchService(store, backend=backend)


def ingest(params: dict) -> dict:
    from archive.ingest import discover
    from archive.ingest import ingest as run_ingest

    store, service = _open(params["archive"], params["backend"])
    paths: list = [params["corpus"]]
    if params.get("limit_files"):
        paths = discover(paths)[0][: params["limit_files"]]
    cpu_main, cpu_workers = _cpu()
    report = run_ingest(store, paths, on_stored=service.on_stored, workers=params.get("workers"),
                        prepare=service.prepare, tag=params.get("tag", True))
    t0 = time.perf_counter()
    service.commit()
    commit = time.perf_counter() - t0
    service.close()
    store.close()
    main_after, workers_after = _cpu()
    stages = dict(report.stage_seconds)
    stages["index"] = stages.get("index", 0.0) + commit
    total = report.seconds + commit
    return {
        "files": report.files, "documents": report.documents, "passages": report.passages,
        "bytes": report.bytes, "failures": [f"{f.path}: {f.message}" for f in report.failures][:20],
        "failure_count": len(report.failures), "commit_seconds": round(commit, 3),
        "total": rates(report.bytes, report.passages, total),
        "stages": {k: rates(report.bytes, report.passages, v) for k, v in stages.items()},
        # CPU seconds of this process (store, index and its threads) and of the reader processes.
        "cpu_seconds": {"main": round(main_after - cpu_main, 2),
                        "workers": round(workers_after - cpu_workers, 2)},
    }


def _cpu() -> tuple[float, float]:
    """CPU seconds so far of this process and of its finished child processes."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, children.ru_utime + children.ru_stime


def export(params: dict) -> dict:
    """Every passage's text as JSON lines for the reference, and the most frequent speakers."""
    from archive.store import Store

    store = Store(params["archive"])
    speakers: Counter[str] = Counter()
    passages = 0
    nbytes = 0
    with open(params["out"], "w", encoding="utf-8") as out:
        for doc in store.iter_documents():
            for p in doc.passages:
                text = doc.text[p.start:p.end]
                out.write(json.dumps({"id": p.id, "document": doc.id, "speaker": p.speaker, "text": text},
                                     ensure_ascii=False) + "\n")
                passages += 1
                nbytes += len(text.encode("utf-8"))
                if p.speaker:
                    speakers[p.speaker] += 1
    docs, _ = store.count()
    store.close()
    return {"documents": docs, "passages": passages, "text_bytes": nbytes,
            "speakers": [s for s, _ in speakers.most_common(params.get("speakers", 12))]}


def reindex(params: dict) -> dict:
    store, service = _open(params["archive"], params["backend"])
    t0 = time.perf_counter()
    service.reindex()
    seconds = time.perf_counter() - t0
    service.close()
    store.close()
    return {"seconds": round(seconds, 3)}


def _total(result) -> int:
    """How many hits a search or quote answer reports, whatever its shape."""
    if isinstance(result, dict):
        data = result
    elif hasattr(result, "to_dict"):
        data = result.to_dict()
    else:
        data = {"total": getattr(result, "total", None), "matches": getattr(result, "matches", None)}
    if data.get("total") is not None:
        return int(data["total"])
    return len(data.get("matches") or data.get("hits") or [])


def _project_query(service, q: Query) -> tuple[int, bool]:
    """(hits, whether a misquote's original sentence is among the matches)."""
    if q.cls == "misquote":
        answer = service.quote(q.text)
        head = (q.original or "")[:40]
        return _total(answer), any(head in m.get("text", "") for m in answer.get("matches", []))
    return _total(service.search(q.text, speaker=q.speaker, limit=10)), False


def search(params: dict) -> dict:
    """Per class: end-to-end latency of SearchService.search/.quote (highlights and facets included)."""
    store, service = _open(params["archive"], params["backend"])
    queries = QueryMix.from_list(params["queries"]).queries
    hits: dict[str, list[int]] = {c: [] for c in CLASSES}
    found = 0
    for q in queries:  # warm-up round, which also records what each query finds
        n, original = _project_query(service, q)
        hits[q.cls].append(n)
        found += original
    times: dict[str, list[float]] = {c: [] for c in CLASSES}
    for _ in range(params["repeat"]):
        for q in queries:
            t0 = time.perf_counter()
            _project_query(service, q)
            times[q.cls].append(time.perf_counter() - t0)
    service.close()
    store.close()
    classes = {c: {**latency_summary(times[c]), "mean_hits": round(sum(hits[c]) / len(hits[c]), 1)}
               for c in CLASSES if times[c]}
    if hits["misquote"]:
        classes["misquote"]["found_original"] = round(found / len(hits["misquote"]), 3)
    return {"classes": classes}


def raw_index(params: dict) -> dict:
    return reference.build_index(Path(params["passages"]), Path(params["index"]))


def raw_search(params: dict) -> dict:
    queries = QueryMix.from_list(params["queries"]).queries
    return {"classes": reference.run_queries(Path(params["index"]), queries, params["repeat"])}


STAGES: dict[str, Callable[[dict], dict]] = {
    "ingest": ingest, "export": export, "reindex": reindex, "search": search,
    "raw_index": raw_index, "raw_search": raw_search,
}


def profiled(fn: Callable[[dict], dict], params: dict) -> dict:
    """Run ``fn`` under cProfile; the top functions by own time go into the result."""
    profiler = cProfile.Profile()
    profiler.enable()
    result = fn(params)
    profiler.disable()
    profiler.dump_stats(params["profile"])
    for key in ("tottime", "cumulative"):
        buf = io.StringIO()
        pstats.Stats(profiler, stream=buf).sort_stats(key).print_stats(params.get("profile_top", 25))
        result[f"profile_{key}"] = buf.getvalue().splitlines()
    return result


def main(argv: list[str]) -> int:
    name, params_path, result_path = argv
    params = json.loads(Path(params_path).read_text(encoding="utf-8"))
    fn = STAGES[name]
    result = profiled(fn, params) if params.get("profile") else fn(params)
    Path(result_path).write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
