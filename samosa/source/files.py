"""Files: outputs written atomically and never over an input, standard input, the repository root."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO, Optional, TextIO

from samosa.source.problems import InputError, Problem, UsageError

#: How standard input is named in positions (``<stdin>:3:5: …``) and reports.
STDIN_NAME = "<stdin>"


def _refuse_inputs(target: Path, inputs: tuple[Path | str, ...]) -> None:
    for src in inputs:
        try:
            if target.exists() and Path(src).exists() and target.resolve() == Path(src).resolve():
                raise UsageError(f"refusing to write output over the input file {src}")
        except OSError:
            continue


@contextmanager
def _atomic(target: Path | str, inputs: tuple[Path | str, ...], binary: bool) -> Iterator[Any]:
    target = Path(target)
    _refuse_inputs(target, inputs)
    directory = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=directory)
    try:
        with os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            yield fh
        # mkstemp creates 0600; give the file the mode a plain open() would (umask applies).
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


@contextmanager
def open_atomic(target: Path | str, *, inputs: tuple[Path | str, ...] = ()) -> Iterator[TextIO]:
    """A text file to write ``target`` through: a temporary file renamed into place on success.

    For output written piece by piece (``samosa check DIR``); on an exception the
    temporary file is removed and ``target`` is left as it was. Refuses when ``target``
    is one of ``inputs`` so a typo in ``--output`` cannot destroy an organisation file.
    """
    with _atomic(target, inputs, binary=False) as fh:
        yield fh


def write_atomic(target: Path | str, content: str | bytes, *, inputs: tuple[Path | str, ...] = ()) -> None:
    """Write ``content`` to ``target`` via a temporary file and rename (as ``open_atomic``)."""
    with _atomic(target, inputs, binary=True) as fh:
        fh.write(content.encode("utf-8") if isinstance(content, str) else content)


def decode_text(raw: bytes, name: str) -> str:
    """Bytes of a YAML document as text: UTF-8 with or without BOM; UTF-16/32, NUL bytes and bad UTF-8 refused with a position."""
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise InputError([Problem(name, 1, 1, "file is UTF-32; save it as UTF-8 (with or without BOM)")])
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError([Problem(name, 1, 1, "file is UTF-16; save it as UTF-8 (with or without BOM)")])
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if b"\x00" in raw:
        off = raw.index(b"\x00")
        line = raw.count(b"\n", 0, off) + 1
        head = raw[:200]
        if len(head) >= 4 and (head[1::2].count(0) >= len(head) // 2 - 1 or head[0::2].count(0) >= len(head) // 2 - 1):
            raise InputError(
                [Problem(name, 1, 1, "file looks like UTF-16 without a byte-order mark; save it as UTF-8")]
            )
        raise InputError([Problem(name, line, 1, "file contains NUL bytes; this looks like binary data, not YAML")])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            [
                Problem(
                    name,
                    line,
                    col,
                    f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); "
                    "save it as UTF-8 — Latin-1/Windows-1252 files are not accepted",
                )
            ]
        ) from None


def read_stream(stream: BinaryIO, limit: int, name: str = STDIN_NAME) -> str:
    """Read a whole YAML document from ``stream`` (``-`` on the command line) as UTF-8 text.

    At most ``limit`` bytes, the same limit as for a file; what is not UTF-8 is refused
    with the line and column of the first bad byte.
    """
    raw = stream.read(limit + 1)
    if len(raw) > limit:
        raise InputError([Problem(name, 1, 1, f"input is more than {limit} bytes; the limit is {limit} bytes")])
    return decode_text(raw, name)


def repository_root(start: Optional[Path] = None) -> Optional[Path]:
    """The top of the git work tree containing ``start`` (default: the current directory), if any.

    What ``git rev-parse --show-toplevel`` says, found without running git: the nearest
    directory with a ``.git`` entry (a directory, or a file in worktrees and submodules).
    """
    here = Path(os.path.abspath(start if start is not None else os.getcwd()))
    for directory in (here, *here.parents):
        if (directory / ".git").exists():
            return directory
    return None


__all__ = ["STDIN_NAME", "open_atomic", "read_stream", "repository_root", "write_atomic"]
