"""``python -m bench --size N [--engine tantivy|whoosh]``: run the suite and write ``bench/results/``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench import report, suite


def parse(argv: list[str]) -> tuple[suite.Options, Path]:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    ap.add_argument("--size", type=int, default=1_000_000,
                    help="passages in the scaled corpus (default 1,000,000)")
    ap.add_argument("--seed", type=int, default=1, help="seed of the scaled corpus and the query mix")
    ap.add_argument("--engine", choices=("tantivy", "whoosh"), action="append",
                    help="engine(s) to run (default both: tantivy at --size, Whoosh at min(size, 50,000))")
    ap.add_argument("--repeat", type=int, default=5, help="timed rounds of the query mix")
    ap.add_argument("--per-class", type=int, default=12, help="queries per class")
    ap.add_argument("--clients", type=int, default=8, help="concurrent clients on /api/search")
    ap.add_argument("--load-seconds", type=float, default=20.0, help="duration of the load test")
    ap.add_argument("--workers", type=int, default=None,
                    help="ingest worker processes (default: ingest's own)")
    ap.add_argument("--whoosh-size", type=int, default=suite.WHOOSH_SIZE, help="passages for the Whoosh run")
    ap.add_argument("--no-shared", action="store_true", help="skip ingesting the shared corpus as it is")
    ap.add_argument("--profile", action="append", choices=("ingest", "reindex", "search"), default=[],
                    help="also profile a stage of the scaled run (cProfile; ingest runs in one process "
                         "over --profile-files files)")
    ap.add_argument("--profile-files", type=int, default=40)
    ap.add_argument("--cache", type=Path, default=None,
                    help="cache folder (default ~/.cache/oral-archive-bench)")
    ap.add_argument("--corpus", type=Path, default=None, help="the shared corpus (default ../shared/corpus)")
    ap.add_argument("--results", type=Path, default=report.RESULTS, help="where results are written")
    ap.add_argument("--keep", action="store_true", help="keep the scratch archives and indexes")
    a = ap.parse_args(argv)
    if a.size < 1:
        ap.error("--size must be at least 1")
    opts = suite.Options(size=a.size, seed=a.seed, engines=tuple(a.engine or ("tantivy", "whoosh")),
                         shared=not a.no_shared, repeat=a.repeat, per_class=a.per_class, clients=a.clients,
                         load_seconds=a.load_seconds, workers=a.workers, whoosh_size=a.whoosh_size,
                         profile=tuple(a.profile), profile_files=a.profile_files, cache=a.cache,
                         corpus=a.corpus, keep=a.keep)
    return opts, a.results


def main(argv: list[str] | None = None) -> int:
    opts, results = parse(sys.argv[1:] if argv is None else argv)
    run = suite.run(opts)
    paths = report.write(run, results)
    print()
    print(report.markdown(run))
    print("written: " + ", ".join(str(p) for p in paths))
    return 0


if __name__ == "__main__":
    sys.exit(main())
