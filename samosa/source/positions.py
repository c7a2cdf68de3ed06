"""Where each value of a YAML document was written: paths and their ``line:col``.

A ``SourceMap`` records, for every key and value the loader saw, its 1-based
line and column; ``position`` falls back to the nearest recorded ancestor, so
a value that was never written (a default) is placed at its parent section.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from samosa.source.problems import Problem

PathT = tuple[Any, ...]


def format_path(path: PathT) -> str:
    """Render ``("units", 2, "name")`` as ``units[2].name``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


@dataclass
class SourceMap:
    """Where each value and key of a document starts (1-based line and column)."""

    file: str
    values: dict[PathT, tuple[int, int]] = field(default_factory=dict)
    keys: dict[PathT, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: PathT, *, key: bool = False) -> tuple[int, int]:
        """Best position for ``path``: itself, else its nearest recorded ancestor."""
        path = tuple(path)
        table = self.keys if key else self.values
        if path in table:
            return table[path]
        while path:
            path = path[:-1]
            if path in self.values:
                return self.values[path]
        return (1, 1)

    def problem(self, path: PathT, message: str, *, key: bool = False) -> Problem:
        line, col = self.position(path, key=key)
        return Problem(self.file, line, col, message, format_path(path))
