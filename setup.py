"""Builds the optional C accelerator of topic tagging; everything else is in pyproject.toml.

``optional=True``: without a C compiler the install still succeeds and ``archive.topics``
runs the same scan in Python, only slower.
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("archive._words", ["archive/_words.c"], optional=True)])
