"""The exact requests the Elasticsearch backend sends (mapping, bulk, search, alias swap), checked
against the recording loopback fake. No live cluster is involved here."""

from __future__ import annotations

from datetime import date

import pytest

from archive.access import Viewer
from archive.errors import ArchiveError
from archive.store import Store
from indexer.elasticsearch_engine import ElasticsearchBackend
from indexer.service import SearchService
from tests.indexer.fake_elasticsearch import FakeElasticsearch
from tests.indexer.sample_documents import OBITUARY, SEALED


@pytest.fixture
def setup(tmp_path):
    with FakeElasticsearch() as es:
        store = Store(tmp_path / "myarchive")
        for doc in (OBITUARY, SEALED):
            store.replace_source(f"/{doc.id}.txt", doc.id, [doc])
        service = SearchService(store, backend="elasticsearch", es_url=es.url)
        service.on_stored([OBITUARY, SEALED], [])
        service.commit()
        yield es, service
        service.close()
        store.close()


def test_index_is_created_with_our_mapping_behind_an_alias(setup):
    es, service = setup
    alias = "oral-archive-myarchive"
    creates = [r for r in es.requests if r.method == "PUT" and "_bulk" not in r.path]
    # One index per access partition, each behind its own alias.
    aliases = [alias, f"{alias}-restricted", f"{alias}-sealed"]
    assert [c.path.strip("/").rsplit("-", 1)[0] for c in creates] == aliases
    assert es.of("_aliases")[0].body == {"actions": [{"add": {"index": creates[0].path.strip("/"),
                                                              "alias": alias}}]}
    for create in creates:
        assert create.body == {
            "settings": {"number_of_shards": 1,
                         "analysis": {"analyzer": {"terms": {"type": "custom", "tokenizer": "whitespace"}}}},
            "mappings": {"dynamic": "strict", "properties": {
                "pid": {"type": "keyword"}, "doc": {"type": "keyword"},
                "stems": {"type": "text", "analyzer": "terms"}, "keys": {"type": "text", "analyzer": "terms"},
                "speaker": {"type": "keyword"},
                "speaker_keys": {"type": "text", "analyzer": "terms", "norms": False},
                "topic": {"type": "keyword"},
                "topic_stems": {"type": "text", "analyzer": "terms", "norms": False},
                "kind": {"type": "keyword"}, "decade": {"type": "keyword"},
                "access": {"type": "keyword"}, "access_after": {"type": "keyword"},
                "sealed_until": {"type": "integer"}, "boost": {"type": "float"}}},
        }
    assert [a.body["actions"][0]["add"] for a in es.of("_aliases")] == [
        {"index": c.path.strip("/"), "alias": a} for c, a in zip(creates, aliases, strict=True)]


def test_bulk_sends_the_shared_analysis(setup):
    es, _ = setup
    public, sealed = es.of("_bulk")  # routed by access: each partition gets its own bulk
    assert public.body[0] == {"index": {"_index": "oral-archive-myarchive", "_id": "obituary:p1"}}
    assert sealed.body[0]["index"]["_index"] == "oral-archive-myarchive-sealed"
    lines = public.body + sealed.body
    by_id = {lines[i]["index"]["_id"]: lines[i + 1] for i in range(0, len(lines), 2)}
    assert by_id["obituary:p3"] == {
        "pid": "obituary:p3", "doc": "obituary",
        "stems": "everyon knew each other veri well and everyon kept the piano tune",
        "keys": "everione knew each other veri well and everione kept the piano tuned",
        "kind": "quote", "access": "public", "access_after": "public", "sealed_until": 0, "boost": 2.0,
        "speaker": "Zorya Serebryakova", "speaker_keys": "zoria serebriakeva",
        "topic": ["Music"], "topic_stems": "music", "decade": "2020s"}
    assert by_id["sealed-letters:p1"]["access"] == "sealed"
    assert by_id["sealed-letters:p1"]["sealed_until"] == 20300101
    assert es.of("_refresh")


def test_search_body(setup):
    es, service = setup
    service.search('piano "knew each other" -rain speaker:Serebriakova', limit=5, offset=5,
                   viewer=Viewer(today=date(2026, 11, 27)))
    body = es.of("_search")[-1].body
    assert body == {
        "query": {"function_score": {
            "query": {"bool": {
                "must": [{"bool": {
                    "must": [
                        {"bool": {"should": [{"term": {"stems": "piano"}}, {"term": {"keys": "piano"}}],
                                  "minimum_should_match": 1}},
                        {"bool": {"should": [{"match_phrase": {"stems": "knew each other"}},
                                             {"match_phrase": {"keys": "knew each other"}}],
                                  "minimum_should_match": 1}},
                        {"bool": {"must": [{"term": {"speaker_keys": "serebriakeva"}}]}}],
                    "must_not": [{"bool": {
                        "should": [{"term": {"stems": "rain"}}, {"term": {"keys": "rain"}}],
                        "minimum_should_match": 1}}]}}],
                "filter": [{"bool": {"should": [
                    {"terms": {"access": ["public"]}},
                    {"bool": {"must": [{"terms": {"access_after": ["public"]}},
                                       {"range": {"sealed_until": {"lte": 20261127}}}]}}],
                    "minimum_should_match": 1}}]}},
            "field_value_factor": {"field": "boost", "missing": 1.0}, "boost_mode": "multiply"}},
        "from": 5, "size": 5, "track_total_hits": True, "_source": ["pid"],
        "sort": [{"_score": "desc"}, {"pid": "asc"}],
        "aggs": {name: {"terms": {"field": field, "size": 20}} for name, field in (
            ("speaker", "speaker"), ("topic", "topic"), ("document", "doc"), ("kind", "kind"),
            ("decade", "decade"))},
    }


def test_reindex_fills_a_new_index_then_swaps_the_alias_atomically(setup):
    es, service = setup
    old = sorted(es.indices)
    service.reindex()
    new = sorted(set(es.indices) - set(old))
    assert len(new) == 3 and not (set(es.indices) & set(old))
    (public_old,) = [i for i in old if not i.rsplit("-", 1)[0].endswith(("restricted", "sealed"))]
    (public_new,) = [i for i in new if not i.rsplit("-", 1)[0].endswith(("restricted", "sealed"))]
    assert es.of("_bulk")[-2].body[0]["index"]["_index"] == public_new
    swaps = [a.body["actions"] for a in es.of("_aliases")[-3:]]
    assert swaps[0] == [{"remove": {"index": public_old, "alias": "oral-archive-myarchive"}},
                        {"add": {"index": public_new, "alias": "oral-archive-myarchive"}}]
    assert all(len(s) == 2 for s in swaps)  # each partition's alias moves in one atomic action
    deleted = [r.path.strip("/") for r in es.requests if r.method == "DELETE"]
    assert sorted(deleted) == old
    assert service.search("piano")["total"] == 2


def test_delete_by_query_on_remove(setup):
    es, service = setup
    service.store.remove("obituary")  # the archive first, as `oral-archive remove` does
    service.remove("obituary")
    service.commit()
    assert es.of("_delete_by_query")[-1].body == {"query": {"terms": {"doc": ["obituary"]}}}
    assert service.search("piano")["total"] == 0


def test_a_server_of_another_major_version_is_refused():
    with FakeElasticsearch() as es:
        es.version = "8.15.0"
        with pytest.raises(ArchiveError, match="version 8.15.0"):
            ElasticsearchBackend(es.url, "x")
