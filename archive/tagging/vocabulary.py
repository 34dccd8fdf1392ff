"""Controlled vocabularies from the files cataloguers already keep: SKOS (Turtle or RDF/XML),
CSV, or our own TOML; and which one an archive uses.

Each format gives the same thing, a list of ``Concept``s with a preferred label, alternative
labels, further trigger words and a broader concept:

- **TOML** (``archive/data/vocabulary.toml``): ``[concepts.<id>]`` tables with ``label``,
  ``alt``, ``related``, ``broader`` (a label).
- **SKOS** (``.ttl``, ``.rdf``, ``.xml``, ``.nt``, ``.jsonld``), read with rdflib: every
  ``skos:Concept`` (or any subject with a ``skos:prefLabel``); ``skos:prefLabel`` is the label
  (English or untagged preferred), ``skos:altLabel`` the alternative labels,
  ``skos:hiddenLabel`` further trigger words, ``skos:broader`` (or the inverse
  ``skos:narrower``) the broader concept.
- **CSV** with a header row: ``prefLabel`` (or ``label``), optional ``id``, ``altLabel``,
  ``hiddenLabel`` (or ``related``) with several values separated by ``|`` or ``;``, and
  ``broader`` (a label or an id of another row).

An archive's own vocabulary is ``<archive>/vocabulary.toml`` (or ``.ttl``, ``.rdf``, ``.csv``);
``for_archive`` finds it, and its name and SHA-256 are recorded on every document it tags, so
that ``reindex`` can tell which documents were tagged with another one.
"""

from __future__ import annotations

import csv
import hashlib
import io
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from archive.errors import ReaderError

# The file names an archive's own vocabulary may have, in the order they are looked for.
ARCHIVE_FILES = ("vocabulary.toml", "vocabulary.ttl", "vocabulary.rdf", "vocabulary.csv")
DEFAULT_NAME = "archive/data/vocabulary.toml"
RDF_FORMATS = {".ttl": "turtle", ".n3": "n3", ".nt": "nt", ".rdf": "xml", ".xml": "xml", ".owl": "xml",
               ".jsonld": "json-ld"}
_SEPARATORS = ("|", ";")


@dataclass(frozen=True)
class Concept:
    id: str
    label: str
    alt: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    broader: str | None = None  # the broader concept's label


@dataclass(frozen=True)
class Source:
    """Where a vocabulary came from: its name (file name, or the built-in one) and the SHA-256 of
    its bytes; ``path`` is None for the built-in vocabulary."""

    name: str
    sha256: str
    path: Path | None = None


def default_source() -> Source:
    data = resources.files("archive").joinpath("data/vocabulary.toml").read_bytes()
    return Source(DEFAULT_NAME, hashlib.sha256(data).hexdigest(), None)


def for_archive(folder: str | Path) -> Source:
    """The archive's own vocabulary file when it has one, else the built-in vocabulary."""
    for name in ARCHIVE_FILES:
        path = Path(folder) / name
        if path.is_file():
            return Source(name, hashlib.sha256(path.read_bytes()).hexdigest(), path)
    return default_source()


def read(path: str | Path) -> tuple[list[Concept], Source]:
    """The concepts of a vocabulary file, by its extension (``.toml``, ``.csv``, SKOS), and
    its ``Source``."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReaderError(path, f"cannot read vocabulary: {exc.strerror or exc}") from None
    return parse(data, path), Source(path.name, hashlib.sha256(data).hexdigest(), path)


def parse(data: bytes, path: str | Path) -> list[Concept]:
    suffix = Path(path).suffix.lower()
    if suffix == ".toml":
        return from_toml(data, path)
    if suffix == ".csv":
        return from_csv(data, path)
    if suffix in RDF_FORMATS:
        return from_skos(data, path, RDF_FORMATS[suffix])
    raise ReaderError(path, "a vocabulary is .toml, .csv or SKOS (.ttl, .rdf, .xml, .nt, .jsonld)")


def default_concepts() -> list[Concept]:
    data = resources.files("archive").joinpath("data/vocabulary.toml").read_bytes()
    return from_toml(data, DEFAULT_NAME)


# --- TOML -------------------------------------------------------------------------------------


def from_toml(data: bytes, where: str | Path) -> list[Concept]:
    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ReaderError(where, f"cannot read vocabulary: {exc}") from None
    table = raw.get("concepts")
    if not isinstance(table, dict) or not table:
        raise ReaderError(where, "a vocabulary needs [concepts.<id>] tables")
    concepts = []
    for cid, c in table.items():
        if not isinstance(c, dict) or not isinstance(c.get("label"), str):
            raise ReaderError(where, f"concept {cid!r} needs a label")
        concepts.append(Concept(id=cid, label=c["label"], alt=_strings(c.get("alt", ()), where, cid),
                                related=_strings(c.get("related", ()), where, cid),
                                broader=c.get("broader") if isinstance(c.get("broader"), str) else None))
    return _checked(concepts, where)


def _strings(value: object, where: str | Path, cid: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ReaderError(where, f"concept {cid!r}: alt and related are lists of strings")
    return tuple(value)


# --- CSV --------------------------------------------------------------------------------------


def from_csv(data: bytes, where: str | Path) -> list[Concept]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReaderError(where, f"cannot read vocabulary: {exc}") from None
    rows = list(csv.DictReader(io.StringIO(text)))
    if not rows:
        raise ReaderError(where, "a CSV vocabulary needs a header row and one row a concept")
    columns = {k.strip().lower(): k for k in rows[0] if k}

    def column(*names: str) -> str | None:
        return next((columns[n.lower()] for n in names if n.lower() in columns), None)

    label_col = column("prefLabel", "label", "skos:prefLabel")
    if label_col is None:
        raise ReaderError(where, "a CSV vocabulary needs a prefLabel (or label) column")
    id_col, alt_col = column("id", "uri", "notation"), column("altLabel", "alt", "skos:altLabel")
    related_col = column("hiddenLabel", "related", "skos:hiddenLabel")
    broader_col = column("broader", "skos:broader")
    labels_by_id: dict[str, str] = {}
    pending = []
    for n, row in enumerate(rows, start=2):
        label = (row.get(label_col) or "").strip()
        if not label:
            raise ReaderError(where, f"row {n} has no prefLabel")
        cid = (row.get(id_col) or "").strip() if id_col else ""
        cid = cid or label.lower()
        labels_by_id[cid] = label
        pending.append((cid, label, _split(row.get(alt_col) if alt_col else None),
                        _split(row.get(related_col) if related_col else None),
                        (row.get(broader_col) or "").strip() if broader_col else ""))
    concepts = [Concept(cid, label, alt, related, labels_by_id.get(broader, broader) or None)
                for cid, label, alt, related, broader in pending]
    return _checked(concepts, where)


def _split(cell: str | None) -> tuple[str, ...]:
    if not cell:
        return ()
    for sep in _SEPARATORS:
        if sep in cell:
            return tuple(v.strip() for v in cell.split(sep) if v.strip())
    return (cell.strip(),)


# --- SKOS -------------------------------------------------------------------------------------


def from_skos(data: bytes, where: str | Path, rdf_format: str) -> list[Concept]:
    import rdflib
    from rdflib.namespace import RDF, SKOS

    graph = rdflib.Graph()
    try:
        graph.parse(data=data, format=rdf_format)
    except Exception as exc:  # rdflib raises many kinds (SAX, Turtle syntax, plugin errors)
        raise ReaderError(where, f"cannot read SKOS vocabulary: {type(exc).__name__}: {exc}") from None
    subjects = set(graph.subjects(RDF.type, SKOS.Concept)) | set(graph.subjects(SKOS.prefLabel, None))
    labels = {s: _preferred(graph.objects(s, SKOS.prefLabel)) for s in subjects}
    broader: dict = {}
    for s in subjects:
        for b in graph.objects(s, SKOS.broader):
            broader.setdefault(s, b)
    for b, s in graph.subject_objects(SKOS.narrower):
        broader.setdefault(s, b)
    concepts = []
    for s in sorted(subjects, key=str):
        label = labels[s]
        if label is None:
            raise ReaderError(where, f"concept {s} has no skos:prefLabel")
        up = broader.get(s)
        concepts.append(Concept(
            id=_local_name(str(s)), label=label,
            alt=tuple(sorted(str(v) for v in graph.objects(s, SKOS.altLabel) if _english(v))),
            related=tuple(sorted(str(v) for v in graph.objects(s, SKOS.hiddenLabel) if _english(v))),
            broader=(labels.get(up) or _preferred(graph.objects(up, SKOS.prefLabel)) or _local_name(str(up)))
            if up is not None else None))
    if not concepts:
        raise ReaderError(where, "no skos:Concept with a skos:prefLabel found")
    return _checked(concepts, where)


def _english(literal) -> bool:
    lang = getattr(literal, "language", None)
    return lang is None or lang.lower().startswith("en")


def _preferred(literals) -> str | None:
    """The English (or untagged) label if there is one, else any."""
    found = sorted(literals, key=lambda v: (not _english(v), str(v)))
    return str(found[0]) if found else None


def _local_name(uri: str) -> str:
    return uri.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _checked(concepts: list[Concept], where: str | Path) -> list[Concept]:
    """A label may name one concept only: a passage's tags are one per label."""
    seen: dict[str, str] = {}
    for c in concepts:
        same = seen.setdefault(c.label, c.id)
        if same != c.id:
            raise ReaderError(where, f"concepts {same!r} and {c.id!r} have the same label {c.label!r}")
    return concepts
