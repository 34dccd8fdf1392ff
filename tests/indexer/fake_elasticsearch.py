"""A loopback HTTP server that answers as Elasticsearch 9 does, for the parts our backend uses,
and records every request: index create/delete, aliases, ``_bulk``, ``_refresh``, ``_count``,
``_delete_by_query`` and ``_search`` with bool, term(s), match_phrase, range, function_score
and terms aggregations. Anything else gets Elasticsearch's 400 error shape, so that a query
the fake does not know can never pass silently.

Scores are simple (matched term occurrences, times the boost field): enough to order speech
above narration and to paginate deterministically, not BM25.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

VERSION = "9.1.0"  # what "GET /" reports; tests may set FakeElasticsearch.version


class EsError(Exception):
    def __init__(self, status: int, kind: str, reason: str):
        super().__init__(reason)
        self.status, self.kind, self.reason = status, kind, reason


@dataclass
class Recorded:
    method: str
    path: str
    params: dict[str, list[str]]
    body: Any  # parsed JSON, a list of parsed NDJSON lines, or None


@dataclass
class Index:
    settings: dict
    mappings: dict
    docs: dict[str, dict] = field(default_factory=dict)

    def field_type(self, name: str) -> str | None:
        return self.mappings.get("properties", {}).get(name, {}).get("type")


class FakeElasticsearch:
    """Start with ``with FakeElasticsearch() as es: es.url``; ``es.requests`` records calls."""

    def __init__(self):
        self.indices: dict[str, Index] = {}
        self.aliases: dict[str, set[str]] = {}
        self.requests: list[Recorded] = []
        self.version = VERSION
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep test output quiet
                pass

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                status, body = fake.dispatch(self.command, self.path, raw)
                data = b"" if self.command == "HEAD" else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("X-Elastic-Product", "Elasticsearch")
                self.send_header("Content-Type", "application/vnd.elasticsearch+json;compatible-with=9")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeElasticsearch:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def of(self, name: str) -> list[Recorded]:
        """Recorded requests whose path ends with ``name`` (e.g. "_search", "_bulk")."""
        return [r for r in self.requests if r.path.rstrip("/").endswith(name)]

    # -- routing --------------------------------------------------------------------

    def dispatch(self, method: str, url: str, raw: bytes) -> tuple[int, Any]:
        parts = urlsplit(url)
        path = parts.path
        params = parse_qs(parts.query)
        with self.lock:
            try:
                body = self._parse(path, raw)
                self.requests.append(Recorded(method, path, params, body))
                return self._route(method, [p for p in path.split("/") if p], body)
            except EsError as exc:
                return exc.status, {"error": {"type": exc.kind, "reason": exc.reason}, "status": exc.status}

    def _parse(self, path: str, raw: bytes) -> Any:
        if not raw:
            return None
        text = raw.decode("utf-8")
        if path.endswith("_bulk"):
            return [json.loads(line) for line in text.splitlines() if line.strip()]
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise EsError(400, "parse_exception", str(exc)) from None

    def _route(self, method: str, parts: list[str], body: Any) -> tuple[int, Any]:
        if not parts:
            return 200, {"name": "fake", "cluster_name": "fake-cluster", "cluster_uuid": "fake",
                         "version": {"number": self.version, "build_flavor": "default",
                                     "lucene_version": "10.2.1",
                                     "minimum_wire_compatibility_version": "8.19.0",
                                     "minimum_index_compatibility_version": "8.0.0"},
                         "tagline": "You Know, for Search"}
        if parts[0] == "_alias" and len(parts) == 2:
            return self._get_alias(parts[1])
        if parts == ["_aliases"] and method == "POST":
            return self._update_aliases(body or {})
        if parts[-1] == "_bulk":
            return self._bulk(parts[0] if len(parts) == 2 else None, body or [])
        if len(parts) == 1 and method == "PUT":
            return self._create(parts[0], body or {})
        if len(parts) == 1 and method == "DELETE":
            for name in self._resolve(parts[0]):
                del self.indices[name]
                for members in self.aliases.values():
                    members.discard(name)
            return 200, {"acknowledged": True}
        if len(parts) == 2 and parts[1] == "_refresh":
            self._resolve(parts[0])
            return 200, {"_shards": {"total": 1, "successful": 1, "failed": 0}}
        if len(parts) == 2 and parts[1] == "_count":
            docs = self._docs(parts[0])
            query = (body or {}).get("query", {"match_all": {}})
            return 200, {"count": sum(1 for idx, d in docs if self._score(idx, query, d) is not None)}
        if len(parts) == 2 and parts[1] == "_delete_by_query":
            return self._delete_by_query(parts[0], (body or {}).get("query"))
        if len(parts) == 2 and parts[1] == "_search":
            return self._search(parts[0], body or {})
        raise EsError(400, "illegal_argument_exception", f"fake: no route for {method} /{'/'.join(parts)}")

    # -- indices and aliases ----------------------------------------------------------

    def _resolve(self, name: str) -> list[str]:
        if name in self.indices:
            return [name]
        if name in self.aliases and self.aliases[name]:
            return sorted(self.aliases[name])
        raise EsError(404, "index_not_found_exception", f"no such index [{name}]")

    def _write_index(self, name: str) -> Index:
        names = self._resolve(name)
        if len(names) != 1:
            raise EsError(400, "illegal_argument_exception", f"alias [{name}] has more than one index")
        return self.indices[names[0]]

    def _create(self, name: str, body: dict) -> tuple[int, Any]:
        if name in self.indices or name in self.aliases:
            raise EsError(400, "resource_already_exists_exception", f"index [{name}] already exists")
        unknown = set(body) - {"settings", "mappings", "aliases"}
        if unknown:
            raise EsError(400, "parse_exception", f"unknown key(s) {sorted(unknown)} in create body")
        self.indices[name] = Index(body.get("settings", {}), body.get("mappings", {}))
        return 200, {"acknowledged": True, "shards_acknowledged": True, "index": name}

    def _get_alias(self, name: str) -> tuple[int, Any]:
        members = self.aliases.get(name)
        if not members:
            return 404, {"error": f"alias [{name}] missing", "status": 404}
        return 200, {i: {"aliases": {name: {}}} for i in sorted(members)}

    def _update_aliases(self, body: dict) -> tuple[int, Any]:
        staged = {k: set(v) for k, v in self.aliases.items()}
        for action in body.get("actions", []):
            (verb, spec), = action.items()
            index, alias = spec["index"], spec["alias"]
            if index not in self.indices:
                raise EsError(404, "index_not_found_exception", f"no such index [{index}]")
            if verb == "add":
                staged.setdefault(alias, set()).add(index)
            elif verb == "remove":
                if index not in staged.get(alias, set()):
                    raise EsError(404, "aliases_not_found_exception", f"aliases [{alias}] missing")
                staged[alias].discard(index)
            else:
                raise EsError(400, "illegal_argument_exception", f"fake: unknown alias action {verb}")
        self.aliases = staged  # all actions or none, as Elasticsearch does
        return 200, {"acknowledged": True, "errors": False}

    # -- documents --------------------------------------------------------------------

    def _bulk(self, default_index: str | None, lines: list[dict]) -> tuple[int, Any]:
        items, errors, i = [], False, 0
        while i < len(lines):
            (op, meta), = lines[i].items()
            target = meta.get("_index", default_index)
            index = self._write_index(target)
            if op in ("index", "create"):
                source = lines[i + 1]
                i += 2
                strict = index.mappings.get("dynamic") == "strict"
                extra = set(source) - set(index.mappings.get("properties", {}))
                if strict and extra:
                    errors = True
                    error = {"type": "strict_dynamic_mapping_exception",
                             "reason": f"unknown fields {sorted(extra)}"}
                    items.append({op: {"_index": target, "_id": meta.get("_id"), "status": 400,
                                       "error": error}})
                    continue
                created = meta["_id"] not in index.docs
                index.docs[meta["_id"]] = source
                items.append({op: {"_index": target, "_id": meta["_id"], "status": 201 if created else 200,
                                   "result": "created" if created else "updated"}})
            elif op == "delete":
                i += 1
                found = index.docs.pop(meta["_id"], None) is not None
                items.append({op: {"_index": target, "_id": meta["_id"], "status": 200 if found else 404}})
            else:
                raise EsError(400, "illegal_argument_exception", f"fake: unknown bulk action {op}")
        return 200, {"took": 1, "errors": errors, "items": items}

    def _docs(self, name: str) -> list[tuple[Index, dict]]:
        return [(self.indices[n], d) for n in self._resolve(name) for d in self.indices[n].docs.values()]

    def _delete_by_query(self, name: str, query: dict | None) -> tuple[int, Any]:
        if query is None:
            raise EsError(400, "action_request_validation_exception", "query is missing")
        deleted = 0
        for n in self._resolve(name):
            index = self.indices[n]
            gone = [k for k, d in index.docs.items() if self._score(index, query, d) is not None]
            for k in gone:
                del index.docs[k]
            deleted += len(gone)
        return 200, {"deleted": deleted, "failures": []}

    # -- search -------------------------------------------------------------------------

    def _search(self, name: str, body: dict) -> tuple[int, Any]:
        allowed = {"query", "from", "size", "track_total_hits", "_source", "aggs", "sort"}
        if set(body) - allowed:
            raise EsError(400, "parse_exception", f"fake: unknown search keys {sorted(set(body) - allowed)}")
        matched = []
        for index, doc in self._docs(name):
            score = self._score(index, body.get("query", {"match_all": {}}), doc)
            if score is not None:
                matched.append((score, doc))
        matched.sort(key=lambda sd: (-sd[0], str(sd[1].get("pid"))))
        start, size = body.get("from", 0), body.get("size", 10)
        fields = body.get("_source", True)
        hits = [{"_id": d.get("pid"), "_score": s,
                 "_source": {k: d[k] for k in fields if k in d} if isinstance(fields, list) else d}
                for s, d in matched[start:start + size]]
        out: dict[str, Any] = {"took": 1, "timed_out": False,
                               "hits": {"total": {"value": len(matched), "relation": "eq"},
                                        "max_score": matched[0][0] if matched else None, "hits": hits}}
        if "aggs" in body:
            out["aggregations"] = {n: self._terms_agg(spec, [d for _, d in matched])
                                   for n, spec in body["aggs"].items()}
        return 200, out

    def _terms_agg(self, spec: dict, docs: list[dict]) -> dict:
        if set(spec) != {"terms"}:
            raise EsError(400, "parse_exception", f"fake: only terms aggregations, not {sorted(spec)}")
        counts: dict[str, int] = {}
        for d in docs:
            values = d.get(spec["terms"]["field"])
            for v in (values if isinstance(values, list) else [values] if values is not None else []):
                counts[v] = counts.get(v, 0) + 1
        ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        size = spec["terms"].get("size", 10)
        return {"doc_count_error_upper_bound": 0, "sum_other_doc_count": sum(c for _, c in ordered[size:]),
                "buckets": [{"key": k, "doc_count": c} for k, c in ordered[:size]]}

    def _score(self, index: Index, query: dict, doc: dict) -> float | None:
        """The score of ``doc`` for ``query``, or None when it does not match."""
        (kind, spec), = query.items()
        if kind == "match_all":
            return 1.0
        if kind == "bool":
            return self._bool(index, spec, doc)
        if kind == "function_score":
            inner = self._score(index, spec.get("query", {"match_all": {}}), doc)
            if inner is None:
                return None
            factor = spec.get("field_value_factor")
            if factor:
                inner *= float(doc.get(factor["field"], factor.get("missing", 1.0)))
            return inner
        if kind == "term":
            (name, value), = spec.items()
            value = value["value"] if isinstance(value, dict) else value
            return self._term(index, name, doc, [value])
        if kind == "terms":
            (name, values), = spec.items()
            return self._term(index, name, doc, list(values))
        if kind == "match_phrase":
            (name, text), = spec.items()
            wanted = text.split()
            tokens = str(doc.get(name, "")).split()
            n = len(wanted)
            found = sum(1 for i in range(len(tokens) - n + 1) if tokens[i:i + n] == wanted)
            return float(found) if found else None
        if kind == "range":
            (name, bounds), = spec.items()
            value = doc.get(name)
            if value is None:
                return None
            checks = {"lte": value <= bounds.get("lte", value), "gte": value >= bounds.get("gte", value),
                      "lt": "lt" not in bounds or value < bounds["lt"],
                      "gt": "gt" not in bounds or value > bounds["gt"]}
            return 1.0 if all(checks.values()) else None
        raise EsError(400, "parsing_exception", f"fake: unknown query [{kind}]")

    def _term(self, index: Index, name: str, doc: dict, values: list) -> float | None:
        value = doc.get(name)
        if value is None:
            return None
        if index.field_type(name) == "text":
            tokens = str(value).split()  # the whitespace analyzer
            found = sum(tokens.count(v) for v in values)
        else:
            have = value if isinstance(value, list) else [value]
            found = sum(1 for v in have if v in values)
        return float(found) if found else None

    def _bool(self, index: Index, spec: dict, doc: dict) -> float | None:
        unknown = set(spec) - {"must", "filter", "should", "must_not", "minimum_should_match"}
        if unknown:
            raise EsError(400, "parsing_exception", f"fake: unknown bool keys {sorted(unknown)}")
        total = 0.0
        for q in _list(spec.get("must")):
            s = self._score(index, q, doc)
            if s is None:
                return None
            total += s
        for q in _list(spec.get("filter")):
            if self._score(index, q, doc) is None:
                return None
        for q in _list(spec.get("must_not")):
            if self._score(index, q, doc) is not None:
                return None
        should = [self._score(index, q, doc) for q in _list(spec.get("should"))]
        hits = [s for s in should if s is not None]
        required = spec.get("minimum_should_match",
                            0 if spec.get("must") or spec.get("filter") else (1 if should else 0))
        if len(hits) < int(required):
            return None
        return total + sum(hits) if (spec.get("must") or hits) else 0.0


def _list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
