"""Positioned problems with input files.

Every error a user can cause carries ``file:line:col`` and the path inside the
document, so the CLI can print it without a traceback (yamllint's LintProblem
is the model: the problem knows where it is, printing is someone else's job).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file; lines and columns are 1-based."""

    file: str
    line: int
    column: int
    message: str
    path: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        at = f" (at {self.path})" if self.path else ""
        return f"{where}: {self.message}{at}"


@dataclass
class SamosaError(Exception):
    """Base class for errors the user can fix; carries one or more problems."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class InputError(SamosaError):
    """The organisation (or inspection) file is not valid."""


class RuleError(SamosaError):
    """The rule pack itself is malformed."""


class UsageError(Exception):
    """A command-line or API argument is wrong (not tied to a file position)."""
