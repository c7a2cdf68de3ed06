"""The loader samosa used before libyaml: ruamel.yaml's round-trip loader, kept as the reference.

This is ``samosa/source/loader.py`` as it was (commit fe2cbd5), used only by
the tests: ``tests/test_loader_differential.py`` and the loader fuzzer check
that the libyaml loader gives the same data and the same positions on every
YAML file and snippet in the repository. Do not import it from ``samosa``.

ruamel's round-trip loader keeps line and column marks for every key and
value; we walk its tree once, turn it into plain dicts/lists/scalars and record
``path -> (line, column)``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar, merge_attrib
from ruamel.yaml.composer import Composer
from ruamel.yaml.constructor import (
    ConstructorError,
    DuplicateKeyError,
    RoundTripConstructor,
)
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.parser import Parser
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.scanner import Scanner

from samosa.source.loader import read_text  # reading bytes is not what the differential compares
from samosa.source.positions import PathT, SourceMap, format_path
from samosa.source.problems import InputError, Problem

MAX_BYTES = 10 * 1024 * 1024


MAX_DEPTH = 64


MAX_NODES = 500_000


_STANDARD_TAGS = {
    f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "omap")
}


class _TextDatesConstructor(RoundTripConstructor):
    """Keep timestamps as text so that pydantic validates them with a position.

    ruamel would otherwise raise a bare ``ValueError`` for ``2024-13-01``.
    """


_TextDatesConstructor.add_constructor("tag:yaml.org,2002:timestamp", lambda self, node: self.construct_scalar(node))


def _construct_object_positioned(self: Any, node: Any, deep: bool = False) -> Any:
    """Give values ruamel cannot build (an int of 5 000 digits, ``!!int x``) a position.

    Without this, Python's own ``ValueError`` escapes with no mark at all.
    """
    try:
        return RoundTripConstructor.construct_object(self, node, deep=deep)
    except (ValueError, TypeError, OverflowError, ArithmeticError) as exc:
        if isinstance(exc, MarkedYAMLError):
            raise
        reason = "the number has too many digits" if "integer string conversion" in str(exc) else str(exc)
        raise _BadValue(None, None, f"cannot read this value: {reason}", node.start_mark) from None


_TextDatesConstructor.construct_object = _construct_object_positioned  # type: ignore[method-assign]


class _TooBig(MarkedYAMLError):
    """The document exceeds a structural limit; raised while composing, with a mark."""


class _BadValue(ConstructorError):
    """A scalar Python cannot turn into a value; raised while constructing, with a mark."""


class _BoundedComposer(Composer):
    """ruamel's composer with our depth and node limits.

    ruamel composes recursively (three Python frames per level), so without a
    bound a file of 10 000 ``[`` reaches Python's recursion limit after seconds
    of work and with no usable position. Counting composed nodes also bounds
    the memory a large flat file can take before the walker sees it.
    """

    def __init__(self, loader: Any = None) -> None:
        super().__init__(loader=loader)
        self._samosa_depth = 0
        self._samosa_nodes = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.parser.peek_event()
        self._samosa_depth += 1
        self._samosa_nodes += 1
        try:
            if self._samosa_depth > MAX_DEPTH + 1:
                raise _TooBig(None, None, f"document is nested deeper than {MAX_DEPTH} levels", event.start_mark)
            if self._samosa_nodes > MAX_NODES:
                raise _TooBig(
                    None, None, f"document has more than {MAX_NODES} values; refusing to read it", event.start_mark
                )
            return super().compose_node(parent, index)
        finally:
            self._samosa_depth -= 1


def _reader_position(text: str, offset: int) -> tuple[int, int]:
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def _key_position(node: CommentedMap, key: Any) -> tuple[Any, Any]:
    """(key mark, value mark) for ``key``, following ``<<`` merge keys to where it is written."""
    try:
        kpos = node.lc.key(key)
    except KeyError:  # merged in: ruamel has no mark for it in this mapping
        kpos = None
    if kpos is not None:
        return kpos, node.lc.value(key)
    for merged in getattr(node, merge_attrib, None) or []:
        source = merged[1] if isinstance(merged, tuple) else merged
        if isinstance(source, CommentedMap) and key in source:
            return _key_position(source, key)
    here = (node.lc.line or 0, node.lc.col or 0)
    return here, here


def _mark(exc: MarkedYAMLError) -> tuple[int, int]:
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return (1, 1)
    return (mark.line + 1, mark.column + 1)


class _Walker:
    def __init__(self, smap: SourceMap):
        self.smap = smap
        self.nodes = 0

    def walk(self, node: Any, path: PathT, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise InputError(
                [
                    self.smap.problem(
                        path, f"document has more than {MAX_NODES} values (an alias bomb?); refusing to expand it"
                    )
                ]
            )
        if depth > MAX_DEPTH:
            raise InputError([self.smap.problem(path, f"document is nested deeper than {MAX_DEPTH} levels")])
        tag_value = getattr(getattr(node, "tag", None), "value", None)
        if tag_value and tag_value not in _STANDARD_TAGS:
            tag = getattr(getattr(node, "tag", None), "value", "?")
            raise InputError([self.smap.problem(path, f"custom YAML tag {tag!r} is not allowed")])
        if isinstance(node, TaggedScalar):
            return str(node.value)
        if isinstance(node, CommentedMap):
            out: dict[str, Any] = {}
            for key in node:
                kpos, vpos = _key_position(node, key)
                if not isinstance(key, (str, int, float, bool)) or isinstance(key, (dt.date,)):
                    raise InputError(
                        [
                            Problem(
                                self.smap.file,
                                kpos[0] + 1,
                                kpos[1] + 1,
                                "mapping keys must be plain scalars",
                                format_path(path),
                            )
                        ]
                    )
                skey = key if isinstance(key, str) else str(key)
                child = path + (skey,)
                self.smap.keys[child] = (kpos[0] + 1, kpos[1] + 1)
                self.smap.values[child] = (vpos[0] + 1, vpos[1] + 1)
                out[skey] = self.walk(node[key], child, depth + 1)
            return out
        if isinstance(node, CommentedSeq):
            items = []
            for i, item in enumerate(node):
                line, col = node.lc.item(i)
                self.smap.values[path + (i,)] = (line + 1, col + 1)
                items.append(self.walk(item, path + (i,), depth + 1))
            return items
        if node is None or isinstance(node, (bool, int, float, dt.date, dt.datetime)):
            return node
        if isinstance(node, str):
            return str(node)
        raise InputError([self.smap.problem(path, f"unsupported YAML value of type {type(node).__name__}")])


def load_yaml_ruamel(path: Path | str, text: str | None = None) -> tuple[Any, SourceMap]:
    """Parse one YAML document into plain data and its source map.

    ``text`` may be given directly (tests, stdin); otherwise the file is read.
    """
    path = Path(path)
    name = str(path)
    if text is None:
        text = read_text(path)
    elif text.startswith("\ufeff"):
        text = text[1:]
    smap = SourceMap(name)
    yaml = YAML(typ="rt", pure=True)
    yaml.allow_duplicate_keys = False
    yaml.Constructor = _TextDatesConstructor
    yaml.Composer = _BoundedComposer
    # The round-trip scanner collects comments, quadratically in a comment's
    # length (a 2 MB comment line took 73 s). Positions come from node marks,
    # not from comments, so the plain scanner and parser lose nothing here.
    yaml.Scanner = Scanner
    yaml.Parser = Parser
    try:
        docs = list(yaml.load_all(text))
    except DuplicateKeyError as exc:
        line, col = _mark(exc)
        raise InputError([Problem(name, line, col, f"duplicate key: {exc.problem}")]) from None
    except (_TooBig, _BadValue) as exc:
        line, col = _mark(exc)
        raise InputError([Problem(name, line, col, str(exc.problem))]) from None
    except MarkedYAMLError as exc:
        line, col = _mark(exc)
        what = (exc.problem or exc.context or "syntax error").strip()
        raise InputError([Problem(name, line, col, f"YAML syntax error: {what}")]) from None
    except ReaderError as exc:
        line, col = _reader_position(text, exc.position)
        char = exc.character
        what = f"character U+{char:04X}" if isinstance(char, int) else "character"
        raise InputError(
            [
                Problem(
                    name,
                    line,
                    col,
                    f"{what} is not allowed in YAML ({exc.reason}); "
                    "remove it or write it as an escape in a double-quoted string",
                )
            ]
        ) from None
    except YAMLError as exc:
        raise InputError([Problem(name, 1, 1, f"YAML error: {exc}")]) from None
    except RecursionError:
        raise InputError([Problem(name, 1, 1, f"document is nested deeper than {MAX_DEPTH} levels")]) from None
    if len(docs) > 1:
        raise InputError([Problem(name, 1, 1, f"expected one YAML document, found {len(docs)}")])
    root = docs[0] if docs else None
    smap.values[()] = (1, 1)
    data = _Walker(smap).walk(root, (), 0)
    if isinstance(data, dict) and data:
        # "The top of the file" is its first key, not line 1 (which may be a comment).
        smap.values[()] = smap.keys[(next(iter(data)),)]
    return data, smap
