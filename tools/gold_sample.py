"""The fixed random samples behind the gold annotations (``tests/archive/gold/``).

``python -m tools.gold_sample split`` prints the development / held-out split of the unseen
articles (``articles/``); ``python -m tools.gold_sample passages`` writes the sample of passages
for the topic and entity gold (``passages.json``, annotations left empty for a new sample; the
annotated file keeps the same passages). Both are functions of a seed, so that the sample is
chosen by the script and not by hand, and can be checked by anyone with the corpus.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "archive" / "gold"
SPLIT_SEED = 20261202
PASSAGE_SEED = 1937
PER_GENRE = 38  # 4 genres: 152 passages
MIN_WORDS = 4
# genre -> files (corpus-relative for the shared corpus, project-relative otherwise)
GENRES: dict[str, list[str]] = {
    "interview": ["examples/lomova-1994-session1.txt", "examples/lomova-1994-session2.docx",
                  "examples/lomova-1994-session3.vtt", "examples/lomov-1995.srt",
                  "examples/lomova-1996-ohms.xml", "tests/fixtures/text/interview.txt",
                  "tests/fixtures/captions/voices.vtt", "tests/fixtures/captions/prefixes.srt",
                  "tests/fixtures/ohms/vtt_inside.xml"],
    "wpa": ["corpus:fwp-slave-narratives"],
    "mission": ["corpus:spacelog"],
    "obituary": ["corpus:seed/wsws-obituary-zorya-serebryakova.txt",
                 "corpus:wikinews-obituaries/wikinews_obituaries_2019_2020.jsonl"],
}


def split(names: list[str]) -> tuple[list[str], list[str]]:
    """(development, held-out): the sorted names shuffled with SPLIT_SEED, halved."""
    shuffled = sorted(names)
    random.Random(SPLIT_SEED).shuffle(shuffled)
    half = len(shuffled) // 2
    return shuffled[:half], shuffled[half:]


def _files(entry: str, corpus: Path) -> list[tuple[str, Path]]:
    if entry.startswith("corpus:"):
        path = corpus / entry.removeprefix("corpus:")
        found = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        return [("corpus:" + str(p.relative_to(corpus)), p) for p in found
                if not p.name.endswith(".json") and p.suffix != ".md"]
    return [(entry, ROOT / entry)]


def pool(genre: str, corpus: Path) -> list[dict]:
    """Every passage of the genre's files that may be sampled, in a stable order."""
    from archive.ingest import read_file

    out = []
    for name, path in (f for entry in GENRES[genre] for f in _files(entry, corpus)):
        docs, *_ = read_file(path, tag=False)
        for d in docs:
            for n, p in enumerate(d.passages):
                text = d.text[p.start:p.end]
                if p.kind in ("title", "metadata", "caption") or len(text.split()) < MIN_WORDS:
                    continue
                out.append({"genre": genre, "file": name, "document": d.title, "passage": n,
                            "start": p.start, "end": p.end, "speaker": p.speaker, "text": text})
    return out


def sample(corpus: Path) -> list[dict]:
    rng = random.Random(PASSAGE_SEED)
    chosen = []
    for genre in GENRES:
        candidates = pool(genre, corpus)
        picked = sorted(rng.sample(range(len(candidates)), min(PER_GENRE, len(candidates))))
        chosen += [candidates[i] | {"topics": None, "entities": None} for i in picked]
    return chosen


def main(argv: list[str]) -> int:
    from tools.evaluate import corpus_dir

    if argv[:1] == ["split"]:
        dev, held = split([p.stem for p in (GOLD / "articles").glob("*.jsonl")])
        print("development:", ", ".join(dev))
        print("held-out:", ", ".join(held))
        return 0
    if argv[:1] == ["passages"]:
        out = GOLD / "passages.new.json"
        out.write_text(json.dumps({"seed": PASSAGE_SEED, "passages": sample(corpus_dir())},
                                  ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {out}")
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
