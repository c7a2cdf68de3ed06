"""Write output files atomically and never over an input file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from samosa.source.problems import UsageError


def write_atomic(target: Path | str, content: str | bytes, *, inputs: tuple[Path | str, ...] = ()) -> None:
    """Write ``content`` to ``target`` via a temporary file and rename.

    Refuses when ``target`` is one of ``inputs`` so a typo in ``--output``
    cannot destroy the organisation file.
    """
    target = Path(target)
    for src in inputs:
        try:
            if target.exists() and Path(src).exists() and target.resolve() == Path(src).resolve():
                raise UsageError(f"refusing to write output over the input file {src}")
        except OSError:
            continue
    data = content.encode("utf-8") if isinstance(content, str) else content
    directory = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        # mkstemp creates 0600; give the file the mode a plain open() would (umask applies).
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
