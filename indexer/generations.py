"""Index generations on disk: each rebuild writes a new folder, then one atomic rename of the
``CURRENT`` pointer swaps it in, so a crash mid-rebuild leaves the old index serving."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path


class Generations:
    def __init__(self, folder: Path):
        self.folder = folder
        self.pointer = folder / "CURRENT"

    def current(self) -> Path | None:
        try:
            name = self.pointer.read_text().strip()
        except FileNotFoundError:
            return None
        path = self.folder / name
        return path if name and path.is_dir() else None

    def stamp(self) -> int:
        """Changes whenever another process swaps in a new generation."""
        try:
            return self.pointer.stat().st_mtime_ns
        except FileNotFoundError:
            return 0

    def new(self) -> Path:
        path = self.folder / f"g{time.time_ns()}"
        path.mkdir(parents=True)
        return path

    def activate(self, path: Path) -> None:
        """Point CURRENT at ``path`` atomically, then remove every other generation."""
        tmp = self.folder / "CURRENT.tmp"
        tmp.write_text(path.name)
        os.replace(tmp, self.pointer)
        self.collect(keep=path)

    def collect(self, keep: Path) -> None:
        """Remove generations left behind by swaps and by rebuilds that crashed."""
        for child in self.folder.iterdir():
            if child.is_dir() and child.name.startswith("g") and child != keep:
                shutil.rmtree(child, ignore_errors=True)
