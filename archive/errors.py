"""Errors a user can cause, each with a message that names the file or parameter."""

from __future__ import annotations

from pathlib import Path


class ArchiveError(Exception):
    """Base for every error the CLI and web app turn into a one-line message."""


class ReaderError(ArchiveError):
    """A file could not be read: names the file, and the line where it helps."""

    def __init__(self, path: str | Path, problem: str, line: int | None = None):
        self.path = str(path)
        self.problem = problem
        self.line = line
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {problem}")


class UnsupportedFormat(ReaderError):
    pass


class NotFound(ArchiveError):
    def __init__(self, what: str):
        super().__init__(f"not found: {what}")


class BadParameter(ArchiveError):
    """A request or command parameter is out of range or malformed."""

    def __init__(self, name: str, problem: str):
        self.name = name
        super().__init__(f"{name}: {problem}")
