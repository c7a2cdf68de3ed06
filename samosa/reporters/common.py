"""What the CI reporters share: where a finding points, and how it is labelled."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path, PurePath
from typing import Optional

from samosa.engine.findings import Assessment, Evidence, Finding
from samosa.engine.verdicts import SEVERITY_SHORT, STATUS_WORDS
from samosa.source.files import STDIN_NAME

#: The one vocabulary (engine/verdicts.py), under the names the reporters use.
SEVERITY_LABEL = SEVERITY_SHORT
STATUS_WORD = STATUS_WORDS


def primary_location(assessment: Assessment, f: Finding) -> Evidence:
    """The first evidence, else the top of the organisation file (errors carry none)."""
    if f.evidence:
        return f.evidence[0]
    return Evidence(file=assessment.organisation.file, line=1, column=1, note="organisationsfilen")


def scope_label(f: Finding) -> str:
    return "" if f.scope == "organisation" else f" [{f.scope.removeprefix('unit:')}]"


def reported(assessment: Assessment) -> list[Finding]:
    """Findings a CI format reports as results: failing and not shown ones (waived or not)."""
    return [f for f in assessment.findings if f.failing or f.status == "not_shown"]


def relative_to_root(file: str, root: Optional[Path]) -> Optional[str]:
    """``file`` as a POSIX path relative to ``root``, or None when it lies outside it.

    GitHub (code scanning and annotations) wants paths from the top of the repository,
    whatever directory samosa ran in; ``root`` is that top (``--root``). Without a root
    a relative path is kept as given. Symlinks are resolved only when the plain
    absolute path is not below ``root``.
    """
    if file == STDIN_NAME:
        return file
    if root is None:
        return None if PurePath(file).is_absolute() else PurePath(file).as_posix()
    return _relative(file, os.path.abspath(root), os.getcwd())


@lru_cache(maxsize=1024)
def _relative(file: str, root: str, cwd: str) -> Optional[str]:
    absolute = Path(os.path.join(cwd, file))
    try:
        return Path(os.path.normpath(absolute)).relative_to(root).as_posix()
    except ValueError:
        pass
    try:  # below root only through a symlink?
        return absolute.resolve().relative_to(Path(root).resolve()).as_posix()
    except (ValueError, OSError, UnicodeError):
        return None
