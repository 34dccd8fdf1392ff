"""``make eval``: score quote attribution, entities and topics against our gold annotations.

The gold lives in ``tests/archive/gold/`` (see its GUIDE.md): attribution.json, entities.json and
topics.json for the shared obituary and the 30 Wikinews obituaries; attribution_articles.json for
ten unseen Wikinews texts (``articles/``), scored apart on their development and HELD-OUT halves;
passages.json for the topics and entities of a fixed random sample of 152 passages in four
genres. The texts are read in place from the shared corpus (``ORAL_ARCHIVE_CORPUS``, default
``../shared/corpus``) and the project through the whole ingest pipeline; without the corpus the
evaluation is skipped with a message.
``-v`` lists every disagreement; ``--timing`` also measures what tagging adds to reading.
"""

from __future__ import annotations

import json
import os
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from archive.model import Document

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "archive" / "gold"
OBITUARY = "seed/wsws-obituary-zorya-serebryakova.txt"
WIKINEWS = "wikinews-obituaries/wikinews_obituaries_2019_2020.jsonl"


@dataclass
class Score:
    """Precision and recall with the counts behind them."""

    name: str
    correct: int = 0  # predictions that match the gold
    predicted: int = 0  # predictions made
    expected: int = 0  # gold items
    found: int = 0  # gold items matched (recall numerator; differs from correct for many-to-one)
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    def line(self) -> str:
        return (f"{self.name:<38} precision {self.precision:.3f} ({self.correct}/{self.predicted})   "
                f"recall {self.recall:.3f} ({self.found}/{self.expected})")


def corpus_dir() -> Path:
    return Path(os.environ.get("ORAL_ARCHIVE_CORPUS", ROOT.parent / "shared" / "corpus"))


def load_gold(name: str) -> list[dict]:
    data = json.loads((GOLD / f"{name}.json").read_text(encoding="utf-8"))
    return data["documents"] if "documents" in data else data["passages"]


def load_articles() -> dict[str, Document]:
    """The unseen articles (``gold/articles/*.jsonl``), read and tagged, keyed by file name."""
    from archive.ingest import read_file

    docs: dict[str, Document] = {}
    for path in sorted((GOLD / "articles").glob("*.jsonl")):
        (doc,), *_ = read_file(path)
        docs[path.name] = doc
    return docs


def load_documents(corpus: Path) -> dict[str, Document]:
    """The gold documents, read and tagged by the ingest pipeline; keyed by file or title."""
    from archive.ingest import read_file

    docs: dict[str, Document] = {}
    obituary, *_ = read_file(corpus / OBITUARY)
    docs[OBITUARY] = obituary[0]
    wikinews, *_ = read_file(corpus / WIKINEWS)
    for d in wikinews:
        docs[norm(d.title)] = d
    return docs


def norm(name: str | None) -> str:
    """Compare names without case, accents, punctuation or a leading "The"."""
    if name is None:
        return ""
    name = unicodedata.normalize("NFKD", name)
    name = "".join(c for c in name if not unicodedata.combining(c)).casefold()
    name = re.sub(r"[^\w\s]", " ", name)
    name = re.sub(r"^the\s+", "", " ".join(name.split()))
    return name


def _key(entry: dict) -> str:
    return entry["file"] if "file" in entry else norm(entry["title"])


def _forms_match(name: str, forms: list[str]) -> bool:
    """``name`` is one of ``forms``, or shares the last word of a multi-word form (a surname)."""
    n = norm(name)
    if n in {norm(f) for f in forms}:
        return True
    last = n.split()[-1:] if n else []
    return any(len(norm(f).split()) > 1 and norm(f).split()[-1:] == last for f in forms)


def _doc_for(entry: dict, docs: dict[str, Document], score: Score) -> Document | None:
    doc = docs.get(_key(entry))
    if doc is None:
        score.errors.append(f"document not found: {entry.get('file') or entry.get('title')}")
    return doc


# --- attribution --------------------------------------------------------------------------


def _system_quotes(doc: Document) -> list[tuple[str, str | None, bool]]:
    """(quoted text, speaker, is block) in text order: inline spans and block quotations."""
    out = []
    for p in doc.passages:
        if p.kind == "quote":
            out.append((p.start, doc.text[p.start:p.end], p.speaker, True))
        for q in p.quotes:
            out.append((q.start, doc.text[q.start:q.end], q.speaker, False))
    out.sort(key=lambda x: x[0])
    return [(t, s, b) for _, t, s, b in out]


def _clean(text: str) -> str:
    return " ".join(text.split()).strip("\"'“”„«»‹›‘’ ")


def score_attribution(gold: list[dict], docs: dict[str, Document]) -> tuple[Score, Score, Score, list[str]]:
    """(obituary, wikinews, detection) scores and the list of disagreements."""
    scores = {"obituary": Score("attribution: shared obituary"), "wikinews": Score("attribution: Wikinews")}
    detection = Score("quotation detection (all gold)")
    notes = _score_quotes(gold, docs, scores,
                          lambda e: "obituary" if e.get("file") == OBITUARY else "wikinews",
                          detection, Score("titles and scare quotes"))
    return scores["obituary"], scores["wikinews"], detection, notes


def score_articles(gold: list[dict], docs: dict[str, Document]
                   ) -> tuple[dict[str, Score], Score, Score, list[str]]:
    """The unseen articles: ({"dev": ..., "held-out": ...}, detection, titles and scare quotes
    given a speaker (correct = left without one), disagreements)."""
    scores = {"dev": Score("attribution: unseen articles, development"),
              "held-out": Score("attribution: unseen articles, HELD-OUT")}
    detection = Score("quotation detection (unseen articles)")
    non_speech = Score("titles/scare quotes left without speaker")
    notes = _score_quotes(gold, docs, scores, lambda e: e["split"], detection, non_speech)
    return scores, detection, non_speech, notes


def _score_quotes(gold: list[dict], docs: dict[str, Document], scores: dict[str, Score], which_of,
                  detection: Score, non_speech: Score) -> list[str]:
    notes: list[str] = []
    for entry in gold:
        which = which_of(entry)
        score = scores[which]
        doc = _doc_for(entry, docs, score)
        if doc is None:
            continue
        system = _system_quotes(doc)
        used: set[int] = set()
        cursor = 0
        matched_speakers: dict[int, dict] = {}
        for g in entry["quotes"]:
            prefix = _clean(g["text"])
            hit = _find(system, prefix, cursor, used)
            detection.expected += 1
            if hit is None:
                notes.append(f"[{which}] not found as a quotation: {g['text']!r}")
                if g["speaker"] and not g.get("ambiguous"):
                    score.expected += 1
                continue
            detection.found += 1
            used.add(hit)
            cursor = hit + 1
            matched_speakers[hit] = g
        detection.predicted += len(system)
        detection.correct += len(used)
        for i, (text, speaker, _block) in enumerate(system):
            g = matched_speakers.get(i)
            if g is not None and g.get("ambiguous"):
                continue
            wanted = g["speaker"] if g else None
            if g is not None and g.get("kind") in ("title", "scare"):
                non_speech.expected += 1
                non_speech.predicted += 1
                if speaker is None:
                    non_speech.correct += 1
                    non_speech.found += 1
            accepted = {norm(wanted), *(norm(a) for a in g.get("aliases", []))} if g and wanted else set()
            if g is not None and wanted:
                score.expected += 1
            if speaker is None:
                if wanted:
                    notes.append(f"[{which}] missed: {text[:50]!r} should be {wanted}")
                continue
            score.predicted += 1
            if wanted and norm(speaker) in accepted:
                score.correct += 1
                score.found += 1
            elif g is None:
                notes.append(f"[{which}] not in gold but attributed: {text[:50]!r} -> {speaker}")
            elif not wanted:
                notes.append(f"[{which}] scare quote/title attributed: {text[:50]!r} -> {speaker}")
            else:
                notes.append(f"[{which}] wrong speaker: {text[:50]!r} -> {speaker}, gold {wanted}")
    return notes


def _find(system: list[tuple[str, str | None, bool]], prefix: str, cursor: int, used: set[int]) -> int | None:
    order = list(range(cursor, len(system))) + list(range(0, cursor))
    for exact in (True, False):
        for i in order:
            if i in used:
                continue
            text = _clean(system[i][0])
            if (text == prefix) if exact else text.startswith(prefix):
                return i
    return None


# --- entities -------------------------------------------------------------------------------


def _person_key(name: str) -> tuple[str, str]:
    parts = [p for p in norm(name).split() if p not in ("jr", "sr")]
    return (parts[0], parts[-1]) if parts else ("", "")


def score_people(gold: list[dict], docs: dict[str, Document],
                 only: str | None = None) -> tuple[Score, list[str]]:
    """People named per document: a predicted name matches a gold person when it equals one of
    the person's forms, or has the same first and last word ("Richard Kenneth Guy")."""
    score = Score("people: " + ("shared obituary" if only == OBITUARY else "all gold documents"))
    notes: list[str] = []
    for entry in gold:
        if only is not None and entry.get("file") != only:
            continue
        doc = _doc_for(entry, docs, score)
        if doc is None:
            continue
        predicted = {e.name for p in doc.passages for e in p.entities if e.type == "person"}
        people = [g if isinstance(g, list) else [g] for g in entry["people"]]
        forms = [({norm(f) for f in forms}, {_person_key(f) for f in forms}) for forms in people]
        matched_gold: set[int] = set()
        for name in sorted(predicted):
            hits = [k for k, (exact, keys) in enumerate(forms)
                    if norm(name) in exact or (len(norm(name).split()) > 1 and _person_key(name) in keys)]
            score.predicted += 1
            if hits:
                score.correct += 1
                matched_gold.update(hits)
            else:
                notes.append(f"[people] not a gold person in {doc.title[:40]!r}: {name}")
        score.expected += len(people)
        score.found += len(matched_gold)
        for k, forms_ in enumerate(people):
            if k not in matched_gold:
                notes.append(f"[people] missed in {doc.title[:40]!r}: {forms_[0]}")
    return score, notes


# --- topics ---------------------------------------------------------------------------------


def score_topics(gold: list[dict], docs: dict[str, Document]) -> tuple[Score, list[str]]:
    """Concepts per document: the document's topics (its summary) against the gold concepts."""
    score = Score("topics (per document summary)")
    notes: list[str] = []
    for entry in gold:
        doc = _doc_for(entry, docs, score)
        if doc is None:
            continue
        predicted = set(doc.topics)
        wanted = set(entry["topics"])
        score.predicted += len(predicted)
        score.correct += len(predicted & wanted)
        score.expected += len(wanted)
        score.found += len(predicted & wanted)
        for label in sorted(predicted - wanted):
            notes.append(f"[topics] extra in {doc.title[:40]!r}: {label}")
        for label in sorted(wanted - predicted):
            notes.append(f"[topics] missed in {doc.title[:40]!r}: {label}")
    return score, notes


# --- the sampled passages: topics per genre, entities per type ----------------------------------

ENTITY_TYPES = ("person", "place", "organization")


def load_sampled(corpus: Path, gold: list[dict]) -> dict[str, list[Document]]:
    """The documents of the files the sample draws from, read and tagged, by file entry."""
    from archive.ingest import read_file

    out: dict[str, list[Document]] = {}
    for name in sorted({g["file"] for g in gold}):
        path = corpus / name.removeprefix("corpus:") if name.startswith("corpus:") else ROOT / name
        out[name], *_ = read_file(path)
    return out


def _passage(docs: list[Document], entry: dict):
    for d in docs:
        if d.title == entry["document"]:
            for p in d.passages:
                if p.start == entry["start"] and p.end == entry["end"]:
                    return p
    return None


def score_passages(gold: list[dict], docs: dict[str, list[Document]]
                   ) -> tuple[dict[str, Score], dict[str, Score], list[str]]:
    """({genre: topic score}, {type: entity score}, disagreements) over the sampled passages."""
    topics: dict[str, Score] = {}
    entities = {t: Score(f"entities shown: {t}") for t in ENTITY_TYPES}
    notes: list[str] = []
    for entry in gold:
        genre = entry["genre"]
        score = topics.setdefault(genre, Score(f"topics per passage: {genre}"))
        p = _passage(docs[entry["file"]], entry)
        if p is None:
            score.errors.append(f"passage not found: {entry['file']} {entry['start']}-{entry['end']}")
            continue
        where = f"{genre} {entry['document'][:30]!r} {entry['start']}"
        predicted, wanted = {t.label for t in p.topics}, set(entry["topics"])
        score.predicted += len(predicted)
        score.correct += len(predicted & wanted)
        score.expected += len(wanted)
        score.found += len(predicted & wanted)
        notes += [f"[topics] extra in {where}: {x}" for x in sorted(predicted - wanted)]
        notes += [f"[topics] missed in {where}: {x}" for x in sorted(wanted - predicted)]
        for kind in ENTITY_TYPES:
            shown = sorted({e.name for e in p.entities if e.type == kind})
            gold_forms = [g[1:] for g in entry["entities"] if g[0] == kind]
            s = entities[kind]
            s.predicted += len(shown)
            s.expected += len(gold_forms)
            for name in shown:
                if any(_forms_match(name, forms) for forms in gold_forms):
                    s.correct += 1
                else:
                    notes.append(f"[entities] wrong {kind} in {where}: {name}")
            for forms in gold_forms:
                if any(_forms_match(name, forms) for name in shown):
                    s.found += 1
                else:
                    notes.append(f"[entities] missed {kind} in {where}: {forms[0]}")
    return topics, entities, notes


def run(corpus: Path, verbose: bool = False) -> list[Score]:
    docs = load_documents(corpus)
    obit, wiki, detection, notes = score_attribution(load_gold("attribution"), docs)
    people_gold = load_gold("entities")
    people_obit, _ = score_people(people_gold, docs, only=OBITUARY)
    people_all, people_notes = score_people(people_gold, docs)
    topics, topic_notes = score_topics(load_gold("topics"), docs)
    articles, article_detection, non_speech, article_notes = score_articles(
        load_gold("attribution_articles"), load_articles())
    sampled = load_gold("passages")
    passage_topics, passage_entities, passage_notes = score_passages(sampled, load_sampled(corpus, sampled))
    scores = [obit, wiki, detection, people_obit, people_all, topics, articles["dev"], articles["held-out"],
              article_detection, non_speech, *passage_topics.values(), *passage_entities.values()]
    notes += article_notes
    topic_notes += passage_notes
    print(f"Evaluated on {corpus} ({len(docs)} documents), the unseen articles and "
          f"{len(sampled)} sampled passages\n")
    for s in scores:
        print(s.line())
        for e in s.errors:
            print(f"    ! {e}")
    if verbose:
        print()
        for n in notes + people_notes + topic_notes:
            print("  " + n)
    else:
        print(f"\n{len(notes)} attribution notes, {len(people_notes)} people notes, "
              f"{len(topic_notes)} topic notes: run with -v to list them.")
    return scores


def timing(corpus: Path, rounds: int = 3) -> tuple[dict[bool, float], list[str]]:
    """CPU seconds of ``read_file`` over the whole corpus without and with tagging (best of
    ``rounds``, alternating, so that load on the machine hits both alike), and the files that
    could not be read (left out of both)."""
    import time

    from archive.ingest import discover, read_file

    files, _, _ = discover([corpus])
    failed: list[str] = []
    for path in list(files):
        try:
            read_file(path, tag=False)
        except Exception as exc:  # a reader bug must not stop the measurement
            failed.append(f"{path.name}: {type(exc).__name__}: {exc}")
            files.remove(path)
    best = {False: float("inf"), True: float("inf")}
    for _ in range(rounds):
        for tag in (False, True):
            started = time.process_time()
            for path in files:
                read_file(path, tag=tag)
            best[tag] = min(best[tag], time.process_time() - started)
    return best, failed


def main(argv: list[str] | None = None) -> int:
    from tools import fidelity

    argv = sys.argv[1:] if argv is None else argv
    verbose = "-v" in argv or "--verbose" in argv
    fidelity.run(verbose=verbose)  # the fixtures travel with the project: always scored
    print()
    corpus = corpus_dir()
    if not (corpus / OBITUARY).is_file() or not (corpus / WIKINEWS).is_file():
        print(f"eval skipped: shared corpus not found at {corpus} (set ORAL_ARCHIVE_CORPUS to its folder)")
        return 0
    run(corpus, verbose=verbose)
    if "--timing" in argv:
        best, failed = timing(corpus)
        extra = (best[True] - best[False]) / best[False] * 100 if best[False] else 0.0
        print(f"\nread_file over {corpus}: {best[False]:.2f} s CPU without tagging, "
              f"{best[True]:.2f} s with (tagging adds {extra:.0f}%)")
        for f in failed:
            print(f"    left out (cannot be read): {f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
