"""`make bench`: ingest and search figures at scale, set against raw tantivy on the same passages.

Run with ``python -m bench --size N``; results land in ``bench/results/``.
"""
