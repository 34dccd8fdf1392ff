"""Sentence and turn pools cut from the shared real corpus, the raw material of the scaled corpus.

Each pool keeps what came with its words: FWP sentences per volume with the real
interviewee and interviewer names, Spacelog turns per mission with their speaker codes,
article sentences with real titles, so recombined files read like the originals.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_EDITORIAL = re.compile(r"\[(?:TR|HW|Illegible|illegible|Pg|pg|Page|sic)[^\]]{0,200}\]|\[[^\]]{0,3}\]")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'“‘])")
_ABBREVIATION = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|St|Rev|Col|Gen|Capt|Jr|Sr|[A-Z])\.$")
_HEADER = re.compile(r"^\s*[A-Z][A-Za-z .]{0,40}:\s")
_NAME_LINE = re.compile(r"^\s*(person interviewed|name|this information given by|informant"
                        r"|subject of interview)\s*:\s*(.+?)\s*$", re.I)
_WORKER_LINE = re.compile(r"^\s*(interviewer|name of interviewer|worker|writer|field worker)"
                          r"\s*:\s*(.+?)\s*$", re.I)
_TITLES = re.compile(r"^(?:Miss|Mrs?\.?|Ms\.?|Dr\.?|Rev\.?|Uncle|Aunt|Aunty)\s+", re.I)
_PERSON = re.compile(r"^[A-Z][a-z]+(?:\s+[A-Z]\.?)?(?:\s+[A-Z][a-z'’]+){1,2}$")
_SPACELOG_TIME = re.compile(r"^\[\d{1,3}(?::\d{1,2}){2,3}\]\s*$")
_SPACELOG_TURN = re.compile(r"^([A-Z][A-Z0-9 /-]{0,20}?):\s?(.*)$")


def corpus_folder() -> Path:
    """The shared corpus: ``ORAL_ARCHIVE_CORPUS`` or ``../shared/corpus`` beside the repository."""
    return Path(os.environ.get("ORAL_ARCHIVE_CORPUS", ROOT.parent / "shared" / "corpus"))


@dataclass
class FwpVolume:
    """One FWP volume part: its state, its narrative sentences and questions."""

    state: str
    sentences: list[str] = field(default_factory=list)


@dataclass
class Mission:
    """One Spacelog mission: its turns as (speaker code, words) and its speaker metadata."""

    name: str
    turns: list[tuple[str, str]] = field(default_factory=list)
    meta: dict = field(default_factory=dict)


@dataclass
class Pools:
    volumes: list[FwpVolume]
    questions: list[str]
    interviewees: list[str]
    interviewers: list[str]
    missions: list[Mission]
    article_sentences: list[str]
    article_titles: list[str]

    def all_sentences(self):
        for v in self.volumes:
            yield from v.sentences
        yield from self.questions
        yield from self.article_sentences
        for m in self.missions:
            for _, words in m.turns:
                yield words


def _unwrap(paragraph: str) -> str:
    text = _EDITORIAL.sub("", paragraph)
    text = text.replace("_", "").replace("*", "").replace("—", " - ")
    return re.sub(r"\s+", " ", text).strip()


def _sentences(paragraph: str, min_words: int = 3, max_words: int = 60) -> list[str]:
    out = []
    for s in _merge_abbreviations(_SENTENCE_END.split(paragraph)):
        s = s.strip().strip("\"“”").strip()
        n = len(s.split())
        if min_words <= n <= max_words and s[:1].isalpha():
            out.append(s)
    return out


def _merge_abbreviations(pieces: list[str]) -> list[str]:
    """Undo splits after "Mr." or "St." that the sentence regex cannot see."""
    merged: list[str] = []
    for piece in pieces:
        if merged and _ABBREVIATION.search(merged[-1]):
            merged[-1] += " " + piece
        else:
            merged.append(piece)
    return merged


def _person(raw: str) -> str | None:
    name = _TITLES.sub("", raw.split(",")[0].strip().rstrip("."))
    name = re.sub(r"\s+", " ", name)
    return name if _PERSON.match(name) else None


def _read_fwp(folder: Path, pools: Pools) -> None:
    interviewees: set[str] = set()
    interviewers: set[str] = set()
    for path in sorted(folder.glob("*.txt")):
        volume = FwpVolume(state=path.stem.rsplit("_", 1)[0])
        text = path.read_text(encoding="utf-8", errors="replace")
        for line in text.splitlines():
            m = _NAME_LINE.match(line)
            if m and (name := _person(m.group(2))):
                interviewees.add(name)
            m = _WORKER_LINE.match(line)
            if m and (name := _person(m.group(2))):
                interviewers.add(name)
        for paragraph in re.split(r"\n\s*\n", text):
            if _HEADER.match(paragraph) or len(paragraph) < 60:
                continue
            for s in _sentences(_unwrap(paragraph)):
                (pools.questions if s.endswith("?") else volume.sentences).append(s)
        if volume.sentences:
            pools.volumes.append(volume)
    pools.interviewees = sorted(interviewees)
    pools.interviewers = sorted(interviewers)


def _read_spacelog(folder: Path, pools: Pools) -> None:
    by_mission: dict[str, Mission] = {}
    for path in sorted(folder.glob("*.txt")):
        name = path.stem.split("-", 1)[0]
        mission = by_mission.setdefault(name, Mission(name))
        speaker, words = None, []
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if _SPACELOG_TIME.match(line) or line.startswith("_"):
                continue
            m = _SPACELOG_TURN.match(line)
            if m and not line.startswith(" "):
                if speaker and words:
                    mission.turns.append((speaker, " ".join(words)))
                speaker, words = m.group(1).strip(), [m.group(2).strip()]
            elif speaker and line.strip():
                words.append(line.strip())
        if speaker and words:
            mission.turns.append((speaker, " ".join(words)))
    for name, mission in sorted(by_mission.items()):
        meta_path = folder / f"{name}-meta.json"
        if meta_path.is_file():
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            title = meta.get("copy", {}).get("title", name)
            mission.meta = {"name": meta.get("name", name), "copy": {"title": title},
                            "characters": meta.get("characters", {})}
        if mission.turns:
            pools.missions.append(mission)


def _read_articles(corpus: Path, pools: Pools) -> None:
    paragraphs: list[str] = []
    for path in sorted((corpus / "wikinews-obituaries").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                pools.article_titles.append(item.get("title", "").strip())
                paragraphs.extend(re.split(r"\n\s*\n", item.get("text", "")))
    for path in sorted((corpus / "seed").glob("*.txt")):
        paragraphs.extend(path.read_text(encoding="utf-8").splitlines())
    for paragraph in paragraphs:
        pools.article_sentences.extend(_sentences(re.sub(r"\s+", " ", paragraph).strip(), 4, 70))
    pools.article_titles = [t for t in pools.article_titles if t]


def load(corpus: Path | None = None) -> Pools:
    """Read the shared corpus once into pools; raises FileNotFoundError naming the folder."""
    corpus = corpus or corpus_folder()
    if not (corpus / "fwp-slave-narratives").is_dir():
        raise FileNotFoundError(f"shared corpus not found at {corpus}; set ORAL_ARCHIVE_CORPUS")
    pools = Pools([], [], [], [], [], [], [])
    _read_fwp(corpus / "fwp-slave-narratives", pools)
    _read_spacelog(corpus / "spacelog", pools)
    _read_articles(corpus, pools)
    return pools
