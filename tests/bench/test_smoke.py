"""The benchmark at a tiny size: every stage runs and the results are written (figures not judged)."""

from __future__ import annotations

import json

import pytest


@pytest.fixture(scope="module")
def pools(corpus):
    from bench import pools

    return pools.load(corpus)


def test_scaled_corpus_is_deterministic_and_grows_by_prefix(pools, tmp_path):
    from bench import corpus

    small = corpus.generate(pools, tmp_path / "small", 3, 200, workers=1)
    large = corpus.generate(pools, tmp_path / "large", 3, 900, workers=1)
    assert small.passages_estimate >= 200 and large.files > small.files
    for path in (tmp_path / "small" / "files").rglob("*.*"):
        twin = tmp_path / "large" / "files" / path.relative_to(tmp_path / "small" / "files")
        assert twin.read_bytes() == path.read_bytes()

    first = [corpus.make_file(pools, 3, i).content for i in range(6)]
    assert first == [corpus.make_file(pools, 3, i).content for i in range(6)]
    assert first != [corpus.make_file(pools, 4, i).content for i in range(6)]
    kinds = {f.kind for i in range(60) for f in [corpus.make_file(pools, 3, i)]}
    assert kinds == {"fwp", "spacelog", "articles"}


def test_generated_turns_are_real_sentences_with_real_speakers(pools):
    from bench import corpus

    f = next(f for i in range(50) if (f := corpus.make_file(pools, 5, i)).kind == "fwp")
    header = dict(line.split(": ", 1) for line in f.content.splitlines()[:6])
    assert header["Interviewee"] in pools.interviewees
    assert header["Interviewer"] in pools.interviewers
    label = f" {header['Interviewee'].split()[-1].upper()}: "
    turn = next(line for line in f.content.splitlines() if line.startswith("[") and label in line)
    words = turn.split(label, 1)[1]
    assert any(words.startswith(s) for v in pools.volumes for s in v.sentences)


def test_bench_runs_every_stage_at_a_tiny_size(corpus, pools, tmp_path):
    from bench import report, suite

    # Tantivy only: Whoosh runs the same stages, and the time budget of this smoke test is ten seconds.
    opts = suite.Options(size=300, engines=("tantivy",), shared=False, repeat=1, per_class=2, clients=2,
                         load_seconds=1.0, cache=tmp_path / "cache", corpus=corpus)
    run = suite.run(opts, pools)
    paths = report.write(run, tmp_path / "results")

    scaled = run["datasets"]["scaled"]
    assert 300 <= scaled["corpus"]["passages_estimate"] < 1000
    assert scaled["ingest"]["failure_count"] == 0
    assert scaled["ingest"]["passages"] == scaled["export"]["passages"] == scaled["raw_index"]["passages"]
    assert scaled["search"]["classes"]["facets"]["mean_hits"] > 0
    assert scaled["raw_search"]["classes"]["facets"]["mean_hits"] > 0
    assert scaled["reindex"]["seconds"] > 0
    assert scaled["load"]["requests"] > 0 and scaled["load"]["errors"] == 0
    assert scaled["ingest"]["peak_rss_mb"] > 20
    measured = {row["figure"]: row["met"] for row in run["targets"]}
    assert None not in [m for figure, m in measured.items() if not figure.startswith("Whoosh")]

    written = json.loads(paths[0].read_text(encoding="utf-8"))
    assert written["options"]["size"] == 300
    latest = (tmp_path / "results" / "latest.md").read_text(encoding="utf-8")
    assert "| ingest end to end |" in latest and "raw tantivy" in latest
    assert paths[0].stem in (tmp_path / "results" / "history.md").read_text(encoding="utf-8")
    # the scratch archives are gone; the cached corpus stays for the next run
    assert [p.name for p in (tmp_path / "cache").iterdir() if p.name.startswith("run-")] == []
    assert (tmp_path / "cache" / "1-300" / "manifest.json").is_file()


def test_tagging_overhead_ingests_with_tagging_off_and_on(tmp_path):
    from pathlib import Path

    from archive.store import Store
    from bench import suite
    from bench.runner import run_stage

    examples = Path(__file__).resolve().parents[2] / "examples"
    tagged = run_stage("ingest", {"corpus": str(examples), "archive": str(tmp_path / "tagged"),
                                  "backend": "tantivy", "workers": 1}, tmp_path)
    t = suite.tagging_overhead(suite.Options(workers=1), examples, "tantivy", tmp_path, tagged, rounds=2)
    assert len(t["runs"]["untagged"]) == 2 and len(t["runs"]["tagged"]) == 2
    assert t["overhead"] == round(t["tagged_seconds"] / t["untagged_seconds"] - 1, 3)
    for kind in ("untagged", "tagged"):
        assert t["cpu_seconds"][kind]["main"] > 0 and t["cpu_seconds"][kind]["workers"] >= 0
    from bench import report

    note = report._cpu_note(t["cpu_seconds"])
    assert note.startswith(" CPU: untagged") and "s readers" in note

    def tags(archive: Path) -> int:
        store = Store(archive)
        try:
            return sum(len(p.topics) + len(p.entities) for d in store.iter_documents() for p in d.passages)
        finally:
            store.close()

    assert tags(tmp_path / "tagging-False-0") == 0
    assert tags(tmp_path / "tagging-True-1") == tags(tmp_path / "tagged") > 0
