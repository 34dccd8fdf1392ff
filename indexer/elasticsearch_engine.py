"""The engine for archives that outgrow one machine: Elasticsearch, through the official client.

One index per archive behind an alias; rows go in with ``streaming_bulk`` (with retries); a
rebuild fills a new index and then swaps the alias atomically. The mapping indexes our own
analysis through a whitespace analyzer, so it matches what the embedded engines match.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

from elasticsearch import ApiError, Elasticsearch, TransportError, helpers

from archive.errors import ArchiveError, BadParameter
from indexer.backend import FACET_SIZE, FACETS, PARTS, AccessFilter, Backend, BufferedWrites, Hits, Row
from indexer.query import And, Field, Not, Or, Terms

CLIENT_MAJOR = 9
_FACET_FIELD = {"speaker": "speaker", "topic": "topic", "document": "doc", "kind": "kind", "decade": "decade"}
_FILTER_FIELD = {"speaker": "speaker_keys", "topic": "topic_stems", "document": "doc", "kind": "kind",
                 "decade": "decade"}

SETTINGS: dict[str, Any] = {
    "number_of_shards": 1,
    "analysis": {"analyzer": {"terms": {"type": "custom", "tokenizer": "whitespace"}}},
}
_TERMS = {"type": "text", "analyzer": "terms"}
_KEYWORD = {"type": "keyword"}
MAPPINGS: dict[str, Any] = {
    "dynamic": "strict",
    "properties": {
        "pid": _KEYWORD, "doc": _KEYWORD,
        "stems": _TERMS, "keys": _TERMS,
        "speaker": _KEYWORD, "speaker_keys": {**_TERMS, "norms": False},
        "topic": _KEYWORD, "topic_stems": {**_TERMS, "norms": False},
        "kind": _KEYWORD, "decade": _KEYWORD,
        "access": _KEYWORD, "access_after": _KEYWORD, "sealed_until": {"type": "integer"},
        "boost": {"type": "float"},
    },
}


def connect(url: str) -> Elasticsearch:
    """A client whose major version matches the server's, or a clear error."""
    client = Elasticsearch(url, request_timeout=30, retry_on_timeout=True, max_retries=3)
    try:
        number = client.info()["version"]["number"]
    except (ApiError, TransportError) as exc:
        raise ArchiveError(f"Elasticsearch at {url} is not reachable ({exc})") from exc
    if int(number.split(".")[0]) != CLIENT_MAJOR:
        raise ArchiveError(f"Elasticsearch at {url} is version {number}; this client speaks "
                           f"{CLIENT_MAJOR}.x: install elasticsearch=={number.split('.')[0]}.*")
    return client


def document(r: Row) -> dict[str, Any]:
    """The indexed body of one row (the ``_source`` of its bulk action)."""
    body: dict[str, Any] = {"pid": r.pid, "doc": r.doc_id, "stems": r.stems, "keys": r.keys, "kind": r.kind,
                            "access": r.access, "access_after": r.access_after,
                            "sealed_until": r.sealed_until, "boost": r.boost}
    if r.speaker:
        body.update(speaker=r.speaker, speaker_keys=r.speaker_keys)
    if r.topics:
        body.update(topic=r.topics, topic_stems=r.topic_stems)
    if r.decade:
        body["decade"] = r.decade
    return body


class ElasticsearchBackend(BufferedWrites, Backend):
    flush_rows = 5000
    name = "elasticsearch"

    def __init__(self, url: str, alias: str, *, client: Elasticsearch | None = None,
                 target: str | None = None):
        self.url = url
        self.alias = alias
        self.client = client or connect(url)
        self._rows: list[Row] = []
        self._deletes: list[str] = []
        if target is None and not self.client.indices.exists_alias(name=alias):
            first = self._create()
            self.client.indices.update_aliases(actions=[{"add": {"index": first, "alias": alias}}])
        self.target = target or alias  # where writes go: the alias, or a rebuild's new index

    def _create(self) -> str:
        name = f"{self.alias}-{time.time_ns()}"
        self.client.indices.create(index=name, settings=SETTINGS, mappings=MAPPINGS)
        return name

    # -- writing ------------------------------------------------------------------

    def commit(self) -> None:
        if self._deletes:
            self.client.delete_by_query(index=self.target,
                                        query={"terms": {"doc": sorted(set(self._deletes))}},
                                        conflicts="proceed", refresh=True)
            self._deletes = []
        if self._rows:
            actions = ({"_op_type": "index", "_index": self.target, "_id": r.pid, "_source": document(r)}
                       for r in self._rows)
            for ok, item in helpers.streaming_bulk(self.client, actions, chunk_size=500, max_retries=3,
                                                   initial_backoff=1, raise_on_error=False):
                if not ok:
                    raise ArchiveError(f"Elasticsearch refused a passage: {item}")
            self._rows = []
            self.client.indices.refresh(index=self.target)

    def release(self, keep: bool = True) -> None:
        if keep:
            self.commit()
        self._rows, self._deletes = [], []

    def close(self) -> None:
        self._rows, self._deletes = [], []

    def rebuild(self) -> ElasticsearchBackend:
        return ElasticsearchBackend(self.url, self.alias, client=self.client, target=self._create())

    def swap(self, fresh: Backend) -> None:
        assert isinstance(fresh, ElasticsearchBackend)
        fresh.commit()
        old = list(self.client.indices.get_alias(name=self.alias).body)
        actions = [{"remove": {"index": i, "alias": self.alias}} for i in old]
        actions.append({"add": {"index": fresh.target, "alias": self.alias}})
        self.client.indices.update_aliases(actions=actions)  # one atomic switch
        for i in old:
            self.client.indices.delete(index=i)

    # -- reading ------------------------------------------------------------------

    def count(self) -> int:
        return self.client.count(index=self.alias)["count"]

    def doc_freq(self, stem: str) -> int:
        return self.client.count(index=self.alias, query={"term": {"stems": stem}})["count"]

    def search_body(self, root: And, access: AccessFilter, *, limit: int, offset: int = 0,
                    facets: bool = True, facet_size: int = FACET_SIZE) -> dict[str, Any]:
        """The exact ``_search`` body this backend sends."""
        bool_query: dict[str, Any] = {"must": [self._node(root)]}
        if not access.everything:
            bool_query["filter"] = [self._access(access)]
        body: dict[str, Any] = {
            "query": {"function_score": {"query": {"bool": bool_query},
                                         "field_value_factor": {"field": "boost", "missing": 1.0},
                                         "boost_mode": "multiply"}},
            "from": offset, "size": limit, "track_total_hits": True, "_source": ["pid"],
            "sort": [{"_score": "desc"}, {"pid": "asc"}],
        }
        if facets:
            body["aggs"] = {name: {"terms": {"field": _FACET_FIELD[name], "size": facet_size}}
                            for name in FACETS}
        return body

    def search(self, root: And, access: AccessFilter, *, limit: int, offset: int = 0,
               facets: bool = True, facet_size: int = FACET_SIZE) -> Hits:
        body = self.search_body(root, access, limit=limit, offset=offset, facets=facets,
                                facet_size=facet_size)
        found = self.client.search(index=self.alias, body=body)
        ids = [(h["_source"]["pid"], h["_score"] or 0.0) for h in found["hits"]["hits"]]
        counts = {name: {b["key"]: b["doc_count"] for b in found.get("aggregations", {})[name]["buckets"]}
                  for name in FACETS} if facets else {}
        return Hits(ids=ids, total=found["hits"]["total"]["value"], facets=counts)

    # -- query compilation ----------------------------------------------------------

    def _access(self, access: AccessFilter) -> dict[str, Any]:
        levels = sorted(access.levels)
        opened = {"bool": {"must": [{"terms": {"access_after": levels}},
                                    {"range": {"sealed_until": {"lte": access.today}}}]}}
        return {"bool": {"should": [{"terms": {"access": levels}}, opened], "minimum_should_match": 1}}

    def _node(self, node) -> dict[str, Any]:
        if isinstance(node, Terms):
            if node.is_phrase:
                should = [{"match_phrase": {"stems": " ".join(node.stems)}},
                          {"match_phrase": {"keys": " ".join(node.keys)}}]
            else:
                should = [{"term": {"stems": node.stems[0]}}, {"term": {"keys": node.keys[0]}}]
            return {"bool": {"should": should, "minimum_should_match": 1}}
        if isinstance(node, Field):
            name = _FILTER_FIELD[node.name]
            return {"bool": {"must": [{"term": {name: v}} for v in (node.tokens or (node.value,))]}}
        if isinstance(node, Or):
            return {"bool": {"should": [self._node(i) for i in node.items], "minimum_should_match": 1}}
        if isinstance(node, And):
            out: dict[str, Any] = {"must": [self._node(i) for i in node.items if not isinstance(i, Not)]}
            negative = [self._node(i.item) for i in node.items if isinstance(i, Not)]
            if negative:
                out["must_not"] = negative
            return {"bool": out}
        raise TypeError(f"cannot compile {node!r}")


LOCAL = False  # the index lives in the cluster


def open_partitions(folder: Path, es_url: str | None = None) -> dict[str, Backend]:
    """The three partitions as indexes of the cluster at ``es_url``, named after the archive."""
    if not es_url:
        raise BadParameter("es-url", "the elasticsearch backend needs --es-url or ORAL_ARCHIVE_ES_URL")
    alias = index_name(folder)
    public = ElasticsearchBackend(es_url, alias)
    return {"public": public, **{p: ElasticsearchBackend(es_url, f"{alias}-{p}", client=public.client)
                                 for p in PARTS[1:]}}


def index_name(folder: str | Path) -> str:
    """The Elasticsearch alias for an archive: its folder name, made index-safe."""
    base = re.sub(r"[^a-z0-9_-]+", "-", Path(folder).resolve().parent.name.lower()).strip("-_")
    return f"oral-archive-{base or 'default'}"
