"""The search index: one analysis, one query language and one highlighter over three engines
(tantivy, Whoosh, Elasticsearch); ``indexer.service.SearchService`` is the entry point."""
