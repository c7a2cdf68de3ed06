"""Read YAML safely into plain Python data plus a map of where each value came from.

libyaml (through PyYAML's ``CParser``) scans and parses; a small composer
here, driven by the parser's events, builds a compact tree and a walker turns
it into plain dicts/lists/scalars while recording ``path -> (line, column)``.
Plain data is what pydantic validates; the source map is what lets every later
message say ``file:line:col``.

Why this parser. PyYAML's libyaml is C, ships in PyYAML's wheels for every
platform we run on, and this loader on it reads our files 12–24× faster than
the ruamel round-trip loader it replaced (and faster than PyYAML's own
``CSafeLoader``, see ``benchmarks/README.md``). ruamel.yaml.clib's ``CParser``
(an older libyaml) refused a flow sequence of our own samples (a ``:`` inside
a plain scalar, ``[… AFS 2023:1, …]``) that PyYAML's libyaml and the old
loader accept. We use the parser's *events*, not libyaml's composer: that one
recurses in C with no depth bound and builds Python node objects we would only
walk again, while events let this module enforce the depth and value limits
before anything is built, with the position where a limit is crossed. The
positions are the events' marks, i.e. the ones libyaml's nodes would get,
adjusted in the two places where ruamel placed them differently (empty values,
and columns after a U+FEFF inside a line). Without libyaml, PyYAML's
pure-Python parser gives the same events, slower.

What a document means is YAML 1.2 exactly as ruamel's round-trip loader
resolved it, down to its regular expressions: only ``true``/``false`` (three
spellings) are booleans, so ``yes``/``no``/``on``/``off`` stay strings;
``0o17``, ``0x1F``, ``0b101``, ``1_000``, ``.inf``, ``.nan`` are numbers,
``017`` is 17; timestamps stay text so pydantic validates them with a
position; ``<<`` merge keys place merged values where they are written;
duplicate keys are refused. A ``%YAML 1.1`` document gets 1.1 rules, as it
did. ``tests/test_loader_differential.py`` compares data, types and positions
with the old loader (kept as ``tests/ruamel_reference.py``) on every YAML file
and snippet in the repository, and lists where the two differ on other input.

Hostile input is bounded here: size, nesting depth, node count (aliased values
are sized before they are expanded, which stops alias bombs), merge depth and
custom tags (which could otherwise ask for object construction) are refused
with a positioned message, and so is everything the parser or the conversion
of a value rejects. The limits and the reasoning are in
``docs/threat-model.md``.
"""

from __future__ import annotations

import bisect
import itertools
import re
from pathlib import Path
from typing import Any

import yaml
from yaml import events as _ev

from samosa.source.files import decode_text
from samosa.source.positions import PathT, SourceMap, format_path
from samosa.source.problems import InputError, Problem

_CParser: Any
try:  # libyaml, bundled with PyYAML's wheels
    from yaml._yaml import CParser as _CParser
except ImportError:  # pragma: no cover - a PyYAML built without libyaml
    _CParser = None

MAX_BYTES = 10 * 1024 * 1024


MAX_DEPTH = 64


MAX_NODES = 500_000

_Y = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL = _Y + "str", _Y + "int", _Y + "float", _Y + "bool", _Y + "null"
_MAP, _SEQ, _MERGE, _VALUE, _TIMESTAMP = _Y + "map", _Y + "seq", _Y + "merge", _Y + "value", _Y + "timestamp"
_OMAP, _SET, _PAIRS, _BINARY = _Y + "omap", _Y + "set", _Y + "pairs", _Y + "binary"

# ------------------------------------------------------------ resolution
#
# ruamel's implicit resolvers (ruamel/yaml/resolver.py), verbatim, in its
# order and with its first-character dispatch: a plain scalar is tried
# against the resolvers registered for its first character, first match wins.
# Timestamps are left out on purpose: they are kept as text, which is what an
# unresolved plain scalar is as well.


class _Words:
    """A resolver that is a fixed set of words: ``re.match(r"^(?:a|b)$")`` without compiling a pattern.

    ``$`` also matches before a final newline, so ``"true\n"`` (possible in
    a quoted scalar tagged ``!``) matches as it did in ruamel.
    """

    __slots__ = ("words",)

    def __init__(self, *words: str):
        self.words = frozenset(words)

    def match(self, value: str) -> bool:
        return value in self.words or (value[-1:] == "\n" and value[:-1] in self.words)


_BOOL_12 = _Words("true", "True", "TRUE", "false", "False", "FALSE")
_BOOL_11 = _Words(*"y Y yes Yes YES n N no No NO true True TRUE false False FALSE on On ON off Off OFF".split())
_NULL_WORDS = _Words("~", "null", "Null", "NULL", "")
_MERGE_WORDS = _Words("<<")
_VALUE_WORDS = _Words("=")
_RX_FLOAT_12 = r"""^(?:
         [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$"""
_RX_FLOAT_11 = r"""^(?:
         [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*  # sexagesimal float
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$"""
_RX_INT_12 = r"""^(?:[-+]?0b[0-1_]+
        |[-+]?0o?[0-7_]+
        |[-+]?[0-9_]+
        |[-+]?0x[0-9a-fA-F_]+)$"""
_RX_INT_11 = r"""^(?:[-+]?0b[0-1_]+
        |[-+]?0?[0-7_]+
        |[-+]?(?:0|[1-9][0-9_]*)
        |[-+]?0x[0-9a-fA-F_]+
        |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$"""  # sexagesimal int

_RESOLVERS: dict[tuple[int, int], dict[str, list[tuple[str, Any]]]] = {}


def _resolvers(version: tuple[int, int]) -> dict[str, list[tuple[str, Any]]]:
    """First character → [(tag, matcher)] for ``version``, built on first use (compiling costs ms)."""
    if version not in _RESOLVERS:
        v11 = version == (1, 1)
        table: list[tuple[str, Any, str]] = [
            (_BOOL, _BOOL_11 if v11 else _BOOL_12, "yYnNtTfFoO" if v11 else "tTfF"),
            (_FLOAT, re.compile(_RX_FLOAT_11 if v11 else _RX_FLOAT_12, re.X), "-+0123456789."),
            (_INT, re.compile(_RX_INT_11 if v11 else _RX_INT_12, re.X), "-+0123456789"),
            (_MERGE, _MERGE_WORDS, "<"),
            (_NULL, _NULL_WORDS, "~nN"),
            (_VALUE, _VALUE_WORDS, "="),
        ]
        out: dict[str, list[tuple[str, Any]]] = {}
        for tag, matcher, first in table:
            for ch in first:
                out.setdefault(ch, []).append((tag, matcher))
        _RESOLVERS[version] = out
    return _RESOLVERS[version]


# ------------------------------------------------------------ conversion
#
# The value computations of ruamel's RoundTripConstructor (construct_yaml_int,
# construct_yaml_float, SafeConstructor.bool_values), without the formatting
# metadata ruamel keeps for writing files back. Where ruamel raised a bare
# Python exception (an empty ``!!int ''``, ``!!bool x``), we raise _BadValue.

_BOOL_VALUES = {"yes": True, "no": False, "y": True, "n": False, "true": True, "false": False, "on": True, "off": False}
# A decimal integer of more than 4 300 digits cannot be printed (Python's
# int_max_str_digits); hexadecimal ones are parsed without that limit, so bound them here.
_MAX_INT_BITS = 14_000


class _BadValue(Exception):
    """A scalar that cannot become a value; carries the message."""


def _sexagesimal(text: str, conv: Any) -> Any:
    value = conv(0)
    base = 1
    for part in reversed(text.split(":")):
        value += conv(part) * base
        base *= 60
    return value


def _to_int(text: str, version: tuple[int, int]) -> int:
    s = text.replace("_", "")
    if not s:
        raise _BadValue(f"{text!r} is not an integer")
    sign = 1
    if s[0] in "+-":
        if s[0] == "-":
            sign = -1
        s = s[1:]
    if not s:
        raise _BadValue(f"{text!r} is not an integer")
    if s.startswith(("0b", "0x", "0o")):
        if len(s) == 2:
            raise _BadValue(f"{text!r} is not an integer")
        value = int(s[2:], {"b": 2, "x": 16, "o": 8}[s[1]])
    elif version != (1, 2) and len(s) > 1 and s[0] == "0":
        value = int(s, 8)
    elif version != (1, 2) and ":" in s:
        value = _sexagesimal(s, int)
    else:
        value = int(s)
    if value.bit_length() > _MAX_INT_BITS:
        raise _BadValue("the number has too many digits")
    return sign * value


def _to_float(text: str, version: tuple[int, int]) -> float:
    s = text.replace("_", "").lower()
    if not s:
        raise _BadValue(f"{text!r} is not a number")
    sign = 1
    if s[0] == "-":
        sign = -1
    if s[0] in "+-":
        s = s[1:]
    if s == ".inf":
        return sign * float("inf")
    if s == ".nan":
        return float("nan")
    if version != (1, 2) and ":" in s:
        return sign * _sexagesimal(s, float)
    if "e" in s:
        parts = text.split("e")
        if len(parts) != 2:
            parts = text.split("E")
        if len(parts) != 2 or not parts[1]:
            raise _BadValue(f"{text!r} is not a number")
    return sign * float(s)


def _to_bool(text: str) -> bool:
    try:
        return _BOOL_VALUES[text.lower()]
    except KeyError:
        raise _BadValue(f"{text!r} is not a boolean; write true or false") from None


# ------------------------------------------------------------ the tree
#
# Nodes are small lists, cheaper than objects on files of 10^5 values:
#   [kind, (line, column), payload, tag, note]  (+ [mappings merged in] for a mapping with ``<<``)
# kind 0 scalar (payload: the value), 1 sequence (list of nodes), 2 mapping
# (list of (key node, value node)); the position is 1-based and shared with
# the source map; tag is the resolved or explicit tag; note is what the walker
# must refuse (a message), or a marker (see below).

_SCALAR, _SEQUENCE, _MAPPING = 0, 1, 2
_KIND_NAME = ("scalar", "sequence", "mapping")

_NOTE_TAGGED_STR = "tagged-str"  # !!str with a handle: ruamel made it a TaggedScalar, never a plain key
_NOTE_OMAP = "omap"  # ruamel kept no per-key marks for !!omap: every position is the omap's
_MARKERS = (_NOTE_TAGGED_STR, _NOTE_OMAP)


class _Limit(Exception):
    """A refusal found while composing: 1-based (line, column) and the message."""

    def __init__(self, pos: tuple[int, int], message: str):
        super().__init__(message)
        self.pos, self.message = pos, message


_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_MESSAGE = "YAML syntax error: found a lone surrogate escape (\\uD800–\\uDFFF); write the character itself"
# YAML 1.1 line breaks that YAML 1.2 reads as ordinary characters; libyaml
# (1.1) would break lines on them, so they are swapped for private-use
# characters while parsing and swapped back in every scalar.
_NON_BREAKS_12 = "\x85\u2028\u2029"
# What YAML calls non-printable (the complement of c-printable), written as the
# short positive class: compiling the complement of the long ranges takes 3 ms.
_NON_PRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_LIBYAML_DEPTH = "exceeded maximum nesting depth"
#: What to add to libyaml's terse messages where the fix is not obvious.
_HINTS = {
    "found incompatible YAML document": " (only %YAML 1.1 and %YAML 1.2 can be read; remove the line or write %YAML 1.2)",
    "found invalid Unicode character escape code": (
        " (\\uD800–\\uDFFF are halves of a surrogate pair and beyond \\U0010FFFF there are none;"
        " write the character itself)"
    ),
}


class _PyParser:
    """PyYAML's pure-Python parser with the event API of ``CParser`` (a fallback, see ``_LIBYAML_DEPTH``)."""

    def __new__(cls, text: str) -> Any:
        from yaml.parser import Parser
        from yaml.reader import Reader
        from yaml.scanner import Scanner

        class _P(Reader, Scanner, Parser):
            def __init__(self, stream: str) -> None:
                Reader.__init__(self, stream)
                Scanner.__init__(self)
                Parser.__init__(self)

        return _P(text)


class _Composer:
    """Build the node tree of each document from parser events, iteratively.

    Mirrors ruamel's composer and constructor: anchors (re-definable, the last
    wins), aliases (the anchored node itself, so its positions travel with
    it), tags resolved as ruamel resolved them, values converted, merge keys
    and duplicate keys handled at the end of each mapping. Depth and node
    count are checked on every node event, before anything is built.
    """

    def __init__(self, text: str, restore: dict[int, str] | None, pure: bool = False):
        self.parser = _PyParser(text) if pure or _CParser is None else _CParser(text)
        self.text = text
        self.restore = restore
        self.nodes = 0
        self.aliased: set[int] = set()  # ids of collections an alias repeats: the walker sizes them first
        self.offsets: _Offsets | None = None
        self.first_error: tuple[tuple[int, int], str] | None = None

    def _error(self, pos: tuple[int, int], message: str) -> None:
        """Remember a construction error; like ruamel's, they surface once the document has parsed."""
        if self.first_error is None:
            self.first_error = (pos, message)

    def documents(self) -> list[Any]:
        get = self.parser.get_event
        get()  # StreamStartEvent
        docs: list[Any] = []
        while True:
            event = get()
            if event.__class__ is _ev.StreamEndEvent:
                return docs
            version = tuple(getattr(event, "version", None) or (1, 2))  # a DocumentStartEvent
            docs.append(self._document(get, version))
            get()  # DocumentEndEvent
            if self.first_error is not None:
                raise _Limit(*self.first_error)

    def _document(self, get: Any, version: tuple[int, int]) -> Any:
        resolvers = _resolvers(version if version == (1, 1) else (1, 2))
        ScalarEvent, AliasEvent = _ev.ScalarEvent, _ev.AliasEvent
        SequenceStartEvent, MappingStartEvent = _ev.SequenceStartEvent, _ev.MappingStartEvent
        STR = _STR
        anchors: dict[str, Any] = {}
        open_nodes: set[int] = set()  # ids of anchored collections still being composed
        # The open collection: its payload, whether it is a mapping, the key
        # waiting for its value, whether it is a block mapping. Outer ones are on the stack.
        stack: list[tuple[Any, ...]] = []
        items: Any = None
        in_map = block_map = False
        pending: Any = None
        key_end = 0  # in a flow mapping: where the last node ended (for ruamel's empty-value marks)
        root: Any = None
        restore = self.restore
        bom = self._bom_position if "\ufeff" in self.text else None
        nodes, max_nodes, max_open = self.nodes, MAX_NODES, MAX_DEPTH + 1
        while True:
            event = get()
            cls = event.__class__
            if cls is ScalarEvent:
                nodes += 1
                mark = event.start_mark
                pos = (mark.line + 1, mark.column + 1) if bom is None else bom(mark)
                if len(stack) >= max_open or nodes > max_nodes:
                    self.nodes = nodes
                    raise self._too_big(pos, len(stack) >= max_open)
                value = event.value
                style = event.style
                if event.tag is None and value and style != '"':
                    if restore is not None:
                        value = value.translate(restore)
                    if style or value[0] not in resolvers:  # quoted or block, or cannot resolve: a string
                        node = [0, pos, value, STR, None]
                    else:
                        node = self._scalar(event, value, pos, resolvers, version)
                else:
                    if restore is not None:
                        value = value.translate(restore)
                    node = self._scalar(event, value, pos, resolvers, version)
                    if not value and not style and pending is not None and event.tag is None and event.anchor is None:
                        if block_map:
                            node[1] = self._empty_value_mark(mark.index, pos)
                        else:
                            node[1] = self._empty_flow_value_mark(key_end, pos)
                if in_map and not block_map:
                    key_end = event.end_mark.index
                if event.anchor is not None:
                    anchors[event.anchor] = node
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                nodes += 1
                mark = event.start_mark
                pos = (mark.line + 1, mark.column + 1) if bom is None else bom(mark)
                if len(stack) >= max_open or nodes > max_nodes:
                    self.nodes = nodes
                    raise self._too_big(pos, len(stack) >= max_open)
                tag = event.tag
                if cls is MappingStartEvent:
                    node = [_MAPPING, pos, [], _MAP if tag is None or tag == "!" else tag, None]
                else:
                    node = [_SEQUENCE, pos, [], _SEQ if tag is None or tag == "!" else tag, None]
                anchor = event.anchor
                if anchor is not None:
                    anchors[anchor] = node
                    open_nodes.add(id(node))
                if in_map:
                    if pending is None:
                        pending = node
                    else:
                        items.append((pending, node))
                        pending = None
                elif items is not None:
                    items.append(node)
                else:
                    root = node
                stack.append((node, items, in_map, pending, block_map, anchor is not None))
                items, pending = node[2], None
                in_map = cls is MappingStartEvent
                block_map = in_map and event.flow_style is False
                continue
            elif cls is AliasEvent:
                nodes += 1
                mark = event.start_mark
                pos = (mark.line + 1, mark.column + 1) if bom is None else bom(mark)
                if len(stack) >= max_open or nodes > max_nodes:
                    self.nodes = nodes
                    raise self._too_big(pos, len(stack) >= max_open)
                anchor = event.anchor
                target = anchors.get(anchor)
                if target is None:
                    raise _Limit(pos, f"YAML syntax error: found undefined alias {anchor!r}")
                node = target
                if id(node) in open_nodes:
                    raise _Limit(
                        pos, f"alias *{anchor} is used inside the value it names; recursive data is not allowed"
                    )
                if node[0] != _SCALAR:
                    self.aliased.add(id(node))
                if in_map and not block_map:
                    key_end = event.end_mark.index
            else:  # SequenceEndEvent or MappingEndEvent
                node, items, in_map, pending, block_map, anchored = stack.pop()
                if in_map and not block_map:
                    key_end = event.end_mark.index
                if anchored:
                    open_nodes.discard(id(node))
                if node[3] is not _MAP or node[0] != _MAPPING or node[2]:
                    self._finish(node)
                if not stack:
                    self.nodes = nodes
                    return root
                continue
            # attach a scalar or an alias
            if in_map:
                if pending is None:
                    pending = node
                else:
                    items.append((pending, node))
                    pending = None
            elif items is not None:
                items.append(node)
            else:
                self.nodes = nodes
                return node

    def _bom_position(self, mark: Any) -> tuple[int, int]:
        """The position of ``mark`` with ruamel's columns, which do not count U+FEFF inside a line."""
        return self._position(mark.index)

    def _position(self, offset: int) -> tuple[int, int]:
        if self.offsets is None:
            self.offsets = _Offsets(self.text)
        return self.offsets.position(offset)

    @staticmethod
    def _too_big(pos: tuple[int, int], deep: bool) -> _Limit:
        if deep:
            return _Limit(pos, f"document is nested deeper than {MAX_DEPTH} levels")
        return _Limit(pos, f"document has more than {MAX_NODES} values; refusing to read it")

    def _scalar(
        self, event: Any, value: str, pos: tuple[int, int], resolvers: Any, version: tuple[int, int]
    ) -> list[Any]:
        tag = event.tag
        note = None
        if event.style == '"' and _SURROGATE.search(value):
            raise _Limit(pos, _SURROGATE_MESSAGE)
        if tag is None or tag == "!":
            if not event.implicit[0]:
                return [_SCALAR, pos, value, _STR, None]
            if not value:
                return [_SCALAR, pos, None, _NULL, None]
            for rtag, rx in resolvers.get(value[0], ()):
                if rx.match(value):
                    tag = rtag
                    break
            else:
                return [_SCALAR, pos, value, _STR, None]
        elif tag == _STR and self._has_handle(event):
            note = _NOTE_TAGGED_STR
        out: Any = None
        try:
            if tag == _STR or tag == _TIMESTAMP:
                out = value
            elif tag == _INT:
                out = _to_int(value, version)
            elif tag == _FLOAT:
                out = _to_float(value, version)
            elif tag == _BOOL:
                out = _to_bool(value)
            elif tag == _NULL:
                out = None
            elif tag == _BINARY:
                out, note = value, "unsupported YAML value of type bytes (!!binary)"
            elif tag in _NEEDS:  # !!map, !!set, !!seq, !!omap, !!pairs on a scalar
                self._error(pos, _wrong_kind(tag, _SCALAR))
            else:  # a custom tag (or !!merge/!!value used as a value): refused where it is walked
                out, note = value, f"custom YAML tag {tag!r} is not allowed"
        except _BadValue as exc:
            self._error(pos, f"cannot read this value: {exc}")
        except (ValueError, ArithmeticError) as exc:
            reason = "the number has too many digits" if "integer string conversion" in str(exc) else str(exc)
            self._error(pos, f"cannot read this value: {reason}")
        return [_SCALAR, pos, out, tag, note]

    def _empty_value_mark(self, index: int, pos: tuple[int, int]) -> tuple[int, int]:
        """Where ruamel placed an empty value after ``key:`` in a block mapping.

        libyaml marks it at the end of the ``:``; ruamel's parser (with the
        plain scanner) took the end of the *next* token: the next key, the
        ``?`` or ``:`` that follows, or the end of the block. Keeping its
        positions keeps every message about a missing value where it was.
        """
        text = self.text
        i = index
        if i == 0 or text[i - 1] != ":":
            return pos
        n = len(text)
        while i < n:
            ch = text[i]
            if ch in " \t\r\n":
                i += 1
            elif ch == "#":
                j = text.find("\n", i)
                i = n if j < 0 else j
            else:
                break
        if i < n and text[i] in "?:" and (i + 1 == n or text[i + 1] in " \t\r\n"):
            i += 1  # an explicit key or a value indicator: its token is one character wide
        return self._position(i)

    def _empty_flow_value_mark(self, key_end: int, pos: tuple[int, int]) -> tuple[int, int]:
        """Where ruamel placed an empty value after ``key:`` in a flow mapping: just after the ``:``.

        libyaml marks it at the token that follows (``,``, ``}`` or ``]``).
        """
        text = self.text
        i, n = key_end, len(text)
        while i < n:
            ch = text[i]
            if ch in " \t\r\n":
                i += 1
            elif ch == "#":
                j = text.find("\n", i)
                i = n if j < 0 else j
            else:
                break
        if i >= n or text[i] != ":":
            return pos
        i += 1
        return self._position(i)

    def _has_handle(self, event: Any) -> bool:
        """Whether an explicit ``tag:yaml.org,2002:str`` was written with a handle (``!!str``), not verbatim."""
        text = self.text
        i = event.start_mark.index
        if event.anchor is not None and text.startswith("&", i):
            while i < len(text) and text[i] not in " \t\r\n":
                i += 1
            while i < len(text) and text[i] in " \t\r\n":
                i += 1
        return not text.startswith("!<", i)

    def _finish(self, node: list[Any]) -> None:
        """Apply what ruamel's constructor did to a finished collection: tag checks, merges, duplicates."""
        kind, pos, payload, tag, _ = node[:5]
        if tag == _SEQ:
            if kind == _MAPPING:
                self._error(pos, _wrong_kind(tag, kind))
            return
        if tag == _MAP or tag == _STR:
            if kind == _SEQUENCE:
                if tag == _MAP:
                    self._error(pos, _wrong_kind(tag, kind))
                return
            self._mapping(node)
            return
        if tag == _OMAP:
            if kind != _SEQUENCE:
                self._error(pos, _wrong_kind(tag, kind))
                return
            pairs = []
            for item in payload:
                if item[0] != _MAPPING:
                    self._error(
                        item[1], f"!!omap needs a list of one-key mappings; this item is a {_KIND_NAME[item[0]]}"
                    )
                    return
                if len(item[2]) != 1:
                    self._error(item[1], f"!!omap needs a list of one-key mappings; this item has {len(item[2])} keys")
                    return
                pairs.append(item[2][0])
            node[0], node[2], node[4] = _MAPPING, pairs, _NOTE_OMAP
            self._check_duplicates(pairs)
            return
        if tag == _PAIRS:
            if kind != _SEQUENCE:
                self._error(pos, _wrong_kind(tag, kind))
            else:
                node[4] = "unsupported YAML value of type pairs (!!pairs); write a mapping"
            return
        if tag == _SET:
            if kind != _MAPPING:
                self._error(pos, _wrong_kind(tag, kind))
            else:
                node[4] = "unsupported YAML value of type set (!!set); write a list"
            return
        if tag in (_INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP, _BINARY):
            self._error(pos, _wrong_kind(tag, kind))
            return
        node[4] = f"custom YAML tag {tag!r} is not allowed"

    def _mapping(self, node: list[Any]) -> None:
        """Merge keys and duplicate keys, as ruamel's ``flatten_mapping`` and ``construct_mapping``."""
        pairs = node[2]
        keys = []
        for key, _ in pairs:
            if key[0] == _SCALAR:
                t = key[3]
                if t == _MERGE or t == _VALUE:
                    break
                if key[4] is None and key[2] is not None:
                    keys.append(key[2])
        else:  # no special keys: the common case
            if len(set(keys)) != len(keys):
                self._check_duplicates(pairs)
            return
        merges: list[Any] = []
        own = []
        for key, value in pairs:
            if key[3] == _MERGE:
                if merges:  # ruamel: a second << is refused once the first merged anything
                    self._error(key[1], "duplicate key: a second merge key << in the same mapping")
                    return
                if value[0] == _MAPPING:
                    merges.append(value)
                elif value[0] == _SEQUENCE:
                    for sub in value[2]:
                        if sub[0] != _MAPPING:
                            self._error(
                                sub[1],
                                f"a merge key << merges mappings; this item is a {_KIND_NAME[sub[0]]}",
                            )
                            return
                        merges.append(sub)
                else:
                    self._error(
                        value[1],
                        f"a merge key << needs a mapping or a list of mappings, not a {_KIND_NAME[value[0]]}",
                    )
                    return
            else:
                if key[0] == _SCALAR and key[3] == _VALUE:  # ruamel reads a '=' key as the string '='
                    key[3], key[4] = _STR, None
                own.append((key, value))
        for source in merges:
            if source[3] not in (_MAP, _STR) or source[4] is not None:
                self._error(
                    source[1],
                    f"a merge key << needs a plain mapping, not {_short_tag(source[3])}",
                )
                return
        node[2] = own
        self._check_duplicates(own)
        if merges:
            depth = 1 + max(source[6] if len(source) > 6 else 0 for source in merges)
            if depth > MAX_DEPTH:
                self._error(node[1], f"merge keys are nested deeper than {MAX_DEPTH} levels")
                return
            node.append(merges)
            node.append(depth)  # node[6]: how many merges deep, so merging stays bounded

    def _check_duplicates(self, pairs: list[Any]) -> None:
        seen: dict[Any, Any] = {}
        for key, value in pairs:
            if key[0] != _SCALAR or key[4] is not None or key[2] is None:
                continue  # refused as a key by the walker
            k = key[2]
            if k in seen:
                self._error(
                    key[1],
                    f'duplicate key: found duplicate key "{k}" with value "{_display(value)}" '
                    f'(original value: "{_display(seen[k])}")',
                )
                return
            seen[k] = value


_NEEDS = {
    _MAP: "a mapping",
    _SET: "a mapping",
    _SEQ: "a sequence",
    _OMAP: "a list of one-key mappings",
    _PAIRS: "a list of one-key mappings",
}


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_Y) :] if tag.startswith(_Y) else tag


def _wrong_kind(tag: str, kind: int) -> str:
    """The message for a standard tag on the wrong kind of node (``!!set x``, ``!!int {a: 1}``)."""
    return f"{_short_tag(tag)} needs {_NEEDS.get(tag, 'a scalar')}, not a {_KIND_NAME[kind]}"


class _Offsets:
    """Character offset → (line, column), 1-based and counted as ruamel counted them, in O(log n).

    Built on first use (one pass over the text) for the few positions that are
    not a parser mark: ruamel's marks of empty values, and every mark of a text
    with U+FEFF inside it (ruamel gave it no column; libyaml restarts its count
    there). Counting newlines per lookup instead would make a file of many
    empty values quadratic.
    """

    def __init__(self, text: str):
        if "\r" in text and text.count("\r") != text.count("\r\n"):  # a lone CR breaks a line too
            self.starts = [0, *(m.end() for m in re.finditer("\r\n|\r|\n", text))]
        else:
            self.starts = [0, *itertools.accumulate(len(line) + 1 for line in text.split("\n"))]
        self.boms = [m.start() for m in re.finditer("\ufeff", text)] if "\ufeff" in text else []

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset) - 1
        start = self.starts[line]
        col = offset - start + 1
        if self.boms:
            col -= bisect.bisect_left(self.boms, offset) - bisect.bisect_left(self.boms, start)
        return line + 1, max(1, col)


def _display(node: list[Any], depth: int = 0) -> Any:
    """The value as ruamel's duplicate-key message printed it (abridged below three levels)."""
    if depth > 3:
        return "…"
    if node[0] == _SCALAR:
        return node[2]
    if node[0] == _SEQUENCE:
        return [_display(n, depth + 1) for n in node[2]]
    return {_display(k, depth + 1): _display(v, depth + 1) for k, v in node[2] if k[0] == _SCALAR}


class _Unique:
    """Stands for a key that is not a plain scalar: equal to no other key (the walker refuses it)."""

    __slots__ = ()


def _key_of(key: list[Any]) -> Any:
    return key[2] if key[0] == _SCALAR and key[4] is None else _Unique()


_Entry = tuple[list[Any], tuple[int, int], tuple[int, int], list[Any]]


def _mapping_entries(node: list[Any], memo: dict[int, list[_Entry]]) -> list[_Entry]:
    """(key node, key position, value position, value node) in ruamel's order: own keys, then merged ones.

    A merged key keeps the positions of the mapping where it is written
    (following nested merges), as ruamel's line/column data did.
    """
    known = memo.get(id(node))
    if known is not None:
        return known
    omap = node[4] is _NOTE_OMAP
    here = node[1]
    out: dict[Any, _Entry] = {}
    for key, value in node[2]:
        out[_key_of(key)] = (key, here, here, value) if omap else (key, key[1], value[1], value)
    if len(node) > 5:
        for source in node[5]:  # at most MAX_DEPTH merges deep (see _Composer._mapping)
            for entry in _mapping_entries(source, memo):
                k = _key_of(entry[0])
                if k not in out:
                    out[k] = entry
    memo[id(node)] = entries = list(out.values())
    return entries


_TOO_MANY = "too many values"


class _Walker:
    """Turn the node tree into plain data and record every position in the source map."""

    def __init__(self, smap: SourceMap, aliased: set[int] | frozenset[int] = frozenset()):
        self.smap = smap
        self.nodes = 0
        self.aliased = aliased
        self.sizes: dict[int, int] = {}
        self.entries: dict[int, list[_Entry]] = {}  # merged mappings, computed once each

    def _refuse(self, path: PathT, message: str) -> InputError:
        if message is _TOO_MANY:
            message = f"document has more than {MAX_NODES} values (an alias bomb?); refusing to expand it"
        return InputError([self.smap.problem(path, message)])

    def walk(self, node: list[Any], path: PathT, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self._refuse(path, _TOO_MANY)
        if depth > MAX_DEPTH:
            raise self._refuse(path, f"document is nested deeper than {MAX_DEPTH} levels")
        kind, _, payload, _, note = node[:5]
        if note is not None and note not in _MARKERS:
            raise self._refuse(path, note)
        if kind == _SCALAR:
            return payload
        if id(node) in self.aliased and self.nodes - 1 + self._size(node, depth) > MAX_NODES:
            # an alias repeats this value: refuse before expanding it, not after 500 000 steps
            raise self._refuse(path, _TOO_MANY)
        values = self.smap.values
        depth += 1
        if kind == _SEQUENCE:
            items: list[Any] = []
            append = items.append
            for i, item in enumerate(payload):
                child = path + (i,)
                values[child] = item[1]
                if item[0] == _SCALAR and item[4] is None and depth <= MAX_DEPTH:
                    self.nodes += 1
                    if self.nodes > MAX_NODES:
                        raise self._refuse(child, _TOO_MANY)
                    append(item[2])
                else:
                    append(self.walk(item, child, depth))
            return items
        keys = self.smap.keys
        out: dict[str, Any] = {}
        if len(node) == 5 and note is None:
            entries: Any = ((key, key[1], value[1], value) for key, value in payload)
        else:
            entries = _mapping_entries(node, self.entries)
        for key, kpos, vpos, value in entries:
            skey = key[2]
            if skey.__class__ is not str or key[0] != _SCALAR or key[4] is not None:
                skey = self._key(key, path, kpos)
            child = path + (skey,)
            keys[child] = kpos
            values[child] = vpos
            if value[0] == _SCALAR and value[4] is None and depth <= MAX_DEPTH:
                self.nodes += 1
                if self.nodes > MAX_NODES:
                    raise self._refuse(child, _TOO_MANY)
                out[skey] = value[2]
            else:
                out[skey] = self.walk(value, child, depth)
        return out

    def _size(self, node: list[Any], depth: int) -> int:
        """How many values walking ``node`` visits (aliases expanded, merges applied), memoised per node."""
        if node[0] == _SCALAR or depth > MAX_DEPTH:
            return 1  # beyond the depth limit the walk stops anyway
        known = self.sizes.get(id(node))
        if known is None:
            if node[0] == _SEQUENCE:
                children = node[2]
            elif len(node) == 5 and node[4] is None:
                children = [value for _, value in node[2]]
            else:
                children = [entry[3] for entry in _mapping_entries(node, self.entries)]
            known = 1
            for child in children:
                known += self._size(child, depth + 1)
                if known > MAX_NODES:
                    break
            self.sizes[id(node)] = known
        return known

    def _key(self, key: list[Any], path: PathT, kpos: tuple[int, int]) -> str:
        k = key[2]
        if key[0] != _SCALAR or key[4] is not None or k is None:
            raise InputError(
                [Problem(self.smap.file, kpos[0], kpos[1], "mapping keys must be plain scalars", format_path(path))]
            )
        return k if k.__class__ is str else str(k)


def read_text(path: Path) -> str:
    """Read a file as UTF-8 text, refusing oversized, binary and non-UTF-8 input."""
    name = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError([Problem(name, 1, 1, "file not found")]) from None
    except OSError as exc:
        raise InputError([Problem(name, 1, 1, f"cannot read file: {exc.strerror}")]) from None
    if path.is_dir():
        raise InputError([Problem(name, 1, 1, "is a directory, expected a YAML file")])
    if size > MAX_BYTES:
        raise InputError([Problem(name, 1, 1, f"file is {size} bytes; the limit is {MAX_BYTES} bytes")])
    return decode_text(path.read_bytes(), name)


def _reader_position(text: str, offset: int) -> tuple[int, int]:
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def _mark(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, int]:
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return (1, 1)
    if "\ufeff" in text:
        return _Offsets(text).position(mark.index)
    return (mark.line + 1, mark.column + 1)


def _swap_non_breaks(text: str) -> tuple[str, dict[int, str] | None]:
    """Hide YAML 1.1-only line breaks from libyaml (see ``_NON_BREAKS_12``)."""
    present = [ch for ch in _NON_BREAKS_12 if ch in text]
    if not present:
        return text, None
    forward, back = {}, {}
    candidate = 0xF0000
    for ch in present:
        while chr(candidate) in text:
            candidate += 1
        forward[ord(ch)] = chr(candidate)
        back[candidate] = ch
        candidate += 1
    return text.translate(forward), back


def load_yaml(path: Path | str, text: str | None = None) -> tuple[Any, SourceMap]:
    """Parse one YAML document into plain data and its source map.

    ``text`` may be given directly (tests, stdin); otherwise the file is read.
    """
    path = Path(path)
    name = str(path)
    if text is None:
        text = read_text(path)
    elif text.startswith("\ufeff"):
        text = text[1:]
    bad = _NON_PRINTABLE.search(text)
    if bad is not None:
        line, col = _reader_position(text, bad.start())
        raise InputError(
            [
                Problem(
                    name,
                    line,
                    col,
                    f"character U+{ord(bad.group()):04X} is not allowed in YAML (special characters are not allowed); "
                    "remove it or write it as an escape in a double-quoted string",
                )
            ]
        )
    parse_text, restore = _swap_non_breaks(text)
    smap = SourceMap(name)
    try:
        try:
            composer = _Composer(parse_text, restore)
            docs = composer.documents()
        except yaml.MarkedYAMLError as exc:
            if exc.problem != _LIBYAML_DEPTH:
                raise
            # libyaml's scanner stops at 1 000 open flow collections on one line, before
            # it hands us the first event; PyYAML's Python scanner has no such limit,
            # so our own limit finds the level where the document crossed it.
            composer = _Composer(parse_text, restore, pure=True)
            docs = composer.documents()
    except _Limit as exc:
        raise InputError([Problem(name, exc.pos[0], exc.pos[1], exc.message)]) from None
    except yaml.MarkedYAMLError as exc:
        line, col = _mark(exc, parse_text)
        what = (exc.problem or exc.context or "syntax error").strip()
        what += _HINTS.get(what, "")
        raise InputError([Problem(name, line, col, f"YAML syntax error: {what}")]) from None
    except yaml.reader.ReaderError as exc:
        # libyaml reports a byte offset
        offset = len(parse_text.encode("utf-8")[: exc.position].decode("utf-8", "ignore"))
        line, col = _reader_position(text, offset)
        raise InputError([Problem(name, line, col, f"YAML error: {exc.reason}")]) from None
    except yaml.YAMLError as exc:  # pragma: no cover - every parser error above is marked
        raise InputError([Problem(name, 1, 1, f"YAML error: {exc}")]) from None
    if len(docs) > 1:
        raise InputError([Problem(name, 1, 1, f"expected one YAML document, found {len(docs)}")])
    smap.values[()] = (1, 1)
    data = _Walker(smap, composer.aliased).walk(docs[0], (), 0) if docs else None
    del docs, composer
    if isinstance(data, dict) and data:
        # "The top of the file" is its first key, not line 1 (which may be a comment).
        smap.values[()] = smap.keys[(next(iter(data)),)]
    return data, smap
