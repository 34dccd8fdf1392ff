"""Builds the optional C accelerators of tagging and indexing; everything else is in pyproject.toml.

``optional=True``: without a C compiler the install still succeeds, and the modules that use
them (archive.topics, archive.passages, archive.names, archive.quotemarks, archive.store,
indexer.analysis) run the same code in Python, slower.
"""

from setuptools import Extension, setup

setup(ext_modules=[
    Extension("archive._words", ["archive/_words.c"], optional=True),
    Extension("archive._names", ["archive/_names.c"], optional=True),
    Extension("archive._quotemarks", ["archive/_quotemarks.c"], optional=True),
    Extension("archive._tags", ["archive/_tags.c"], optional=True),
    Extension("indexer._terms", ["indexer/_terms.c"], optional=True),
])
