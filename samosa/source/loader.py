"""Read YAML safely into plain Python data plus a map of where each value came from.

libyaml (through PyYAML's ``CParser``) tokenises and parses; a small composer
here, driven by the parser's events, builds a compact tree and a walker turns
it into plain dicts/lists/scalars while recording ``path -> (line, column)``.
Plain data is what pydantic validates; the source map is what lets every later
message say ``file:line:col``.

Why this parser. PyYAML's libyaml is C, ships in PyYAML's wheels for every
platform we run on, and is 15–40× faster than ruamel's pure-Python parser on
our files. ruamel.yaml.clib's ``CParser`` (an older libyaml) refused a flow
sequence of our own samples (a ``:`` inside a plain scalar,
``[… AFS 2023:1, …]``) that PyYAML's libyaml and the old loader accept. We use
the parser's *events*, not libyaml's composer: the composer recurses in C with
no depth bound, while events let this module enforce the depth and value
limits before any recursion, with the position where a limit is crossed. Events
are also where the positions come from (the marks are the ones libyaml's nodes
would get).

What a document means is YAML 1.2 exactly as ruamel's round-trip loader (the
loader we replaced) resolves it, down to the regular expressions: only
``true``/``false`` (three spellings) are booleans, so ``yes``/``no``/``on``/
``off`` stay strings; ``0o17``, ``0x1F``, ``0b101``, ``1_000``, ``.inf``,
``.nan`` are numbers, ``017`` is 17; timestamps stay text so pydantic
validates them with a position; ``<<`` merge keys place merged values where
they are written; duplicate keys are refused. A ``%YAML 1.1`` document gets
1.1 rules, as it did. ``tests/test_loader_differential.py`` compares data and
positions with the old loader on every YAML file and snippet in the
repository.

Hostile input is bounded here: size, nesting depth, node count (which stops
alias bombs) and custom tags (which could otherwise ask for object
construction) are refused with a positioned message, and so is anything the
parser or the value conversion rejects. The limits and the reasoning are in
``docs/threat-model.md``.
"""

from __future__ import annotations

import gc
import re
from pathlib import Path
from typing import Any

import yaml
from yaml import events as _ev

from samosa.source.positions import PathT, SourceMap, format_path
from samosa.source.problems import InputError, Problem

try:  # libyaml, bundled with PyYAML's wheels
    from yaml._yaml import CParser as _CParser
except ImportError:  # pragma: no cover - a PyYAML built without libyaml
    _CParser = None

MAX_BYTES = 10 * 1024 * 1024


MAX_DEPTH = 64


MAX_NODES = 500_000

_STANDARD_TAGS = {
    f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "omap")
}

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

_RX_BOOL_12 = re.compile(r"""^(?:true|True|TRUE|false|False|FALSE)$""", re.X)
_RX_BOOL_11 = re.compile(
    r"""^(?:y|Y|yes|Yes|YES|n|N|no|No|NO
        |true|True|TRUE|false|False|FALSE
        |on|On|ON|off|Off|OFF)$""",
    re.X,
)
_RX_FLOAT_12 = re.compile(
    r"""^(?:
         [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""",
    re.X,
)
_RX_FLOAT_11 = re.compile(
    r"""^(?:
         [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*  # sexagesimal float
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""",
    re.X,
)
_RX_INT_12 = re.compile(
    r"""^(?:[-+]?0b[0-1_]+
        |[-+]?0o?[0-7_]+
        |[-+]?[0-9_]+
        |[-+]?0x[0-9a-fA-F_]+)$""",
    re.X,
)
_RX_INT_11 = re.compile(
    r"""^(?:[-+]?0b[0-1_]+
        |[-+]?0?[0-7_]+
        |[-+]?(?:0|[1-9][0-9_]*)
        |[-+]?0x[0-9a-fA-F_]+
        |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$""",
    re.X,
)
_RX_MERGE = re.compile(r"^(?:<<)$")
_RX_NULL = re.compile(r"""^(?: ~ |null|Null|NULL | )$""", re.X)
_RX_VALUE = re.compile(r"^(?:=)$")


def _resolvers(version: tuple[int, int]) -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    v11 = version == (1, 1)
    table: list[tuple[str, re.Pattern[str], str]] = [
        (_BOOL, _RX_BOOL_11 if v11 else _RX_BOOL_12, "yYnNtTfFoO" if v11 else "tTfF"),
        (_FLOAT, _RX_FLOAT_11 if v11 else _RX_FLOAT_12, "-+0123456789."),
        (_INT, _RX_INT_11 if v11 else _RX_INT_12, "-+0123456789"),
        (_MERGE, _RX_MERGE, "<"),
        (_NULL, _RX_NULL, "~nN"),
        (_VALUE, _RX_VALUE, "="),
    ]
    out: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for tag, rx, first in table:
        for ch in first:
            out.setdefault(ch, []).append((tag, rx))
    return out


_RESOLVERS = {(1, 2): _resolvers((1, 2)), (1, 1): _resolvers((1, 1))}

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
#   [kind, line, col, payload, tag, note]
# kind 0 scalar (payload: the value), 1 sequence (list of nodes), 2 mapping
# (list of (key node, value node)); line and col are 0-based as in the marks;
# tag is the resolved or explicit tag; note is what the walker must refuse
# (a message) or, for a scalar key, whether it may be a key.

_SCALAR, _SEQUENCE, _MAPPING = 0, 1, 2
_KIND_NAME = ("scalar", "sequence", "mapping")
_OPEN = object()  # in anchors: the node is still being composed

_NOTE_OK = None
_NOTE_TAGGED_STR = "tagged-str"  # !!str with a handle: ruamel made it a TaggedScalar, never a plain key
_NOTE_OMAP = "omap"  # ruamel kept no per-key marks for !!omap: every position is the omap's


class _Limit(Exception):
    """A structural limit or a refusal found while composing; carries (line, col, message)."""

    def __init__(self, line: int, col: int, message: str):
        super().__init__(message)
        self.line, self.col, self.message = line, col, message


_SURROGATE = re.compile("[\ud800-\udfff]")
# YAML 1.1 line breaks that YAML 1.2 reads as ordinary characters; libyaml
# (1.1) would break lines on them, so they are swapped for private-use
# characters while parsing and swapped back in every scalar.
_NON_BREAKS_12 = "\x85\u2028\u2029"
_NON_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


_LIBYAML_DEPTH = "exceeded maximum nesting depth"


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
        self.first_error: tuple[int, int, str] | None = None

    def _error(self, line: int, col: int, message: str) -> None:
        """Remember a construction error; like ruamel, these surface after the document parsed."""
        if self.first_error is None:
            self.first_error = (line, col, message)

    def documents(self) -> list[Any]:
        get = self.parser.get_event
        get()  # StreamStartEvent
        docs = []
        while True:
            event = get()
            if event.__class__ is _ev.StreamEndEvent:
                return docs
            version = event.version or (1, 2)  # DocumentStartEvent
            docs.append(self._document(get, tuple(version)))
            get()  # DocumentEndEvent
            if self.first_error is not None:
                line, col, message = self.first_error
                raise _Limit(line, col, message)

    def _document(self, get: Any, version: tuple[int, int]) -> Any:
        resolvers = _RESOLVERS.get(version, _RESOLVERS[(1, 2)])
        ScalarEvent, AliasEvent = _ev.ScalarEvent, _ev.AliasEvent
        SequenceStartEvent, MappingStartEvent = _ev.SequenceStartEvent, _ev.MappingStartEvent
        anchors: dict[str, Any] = {}
        open_nodes: set[int] = set()  # ids of anchored collections still being composed
        # stack frames: [node, pending key node or None, anchor or None, is a block mapping]
        stack: list[list[Any]] = []
        root = None
        restore = self.restore
        max_nodes, max_open = MAX_NODES, MAX_DEPTH + 1
        while True:
            event = get()
            cls = event.__class__
            if cls is ScalarEvent or cls is SequenceStartEvent or cls is MappingStartEvent or cls is AliasEvent:
                self.nodes += 1
                mark = event.start_mark
                if len(stack) >= max_open:
                    raise _Limit(mark.line, mark.column, f"document is nested deeper than {MAX_DEPTH} levels")
                if self.nodes > max_nodes:
                    raise _Limit(
                        mark.line, mark.column, f"document has more than {MAX_NODES} values; refusing to read it"
                    )
                if cls is ScalarEvent:
                    value = event.value
                    if value:
                        if restore is not None:
                            value = value.translate(restore)
                        node = self._scalar(event, value, mark, resolvers, version)
                    else:
                        node = self._scalar(event, value, mark, resolvers, version)
                        if (
                            event.style == ""
                            and event.tag is None
                            and event.anchor is None
                            and stack
                            and stack[-1][1] is not None
                            and stack[-1][3]
                        ):
                            node[1], node[2] = self._empty_value_mark(mark.index)
                    anchor = event.anchor
                    if anchor is not None:
                        anchors[anchor] = node
                elif cls is AliasEvent:
                    anchor = event.anchor
                    node = anchors.get(anchor)
                    if node is None:
                        raise _Limit(mark.line, mark.column, f"YAML syntax error: found undefined alias {anchor!r}")
                    if id(node) in open_nodes:
                        raise _Limit(
                            mark.line,
                            mark.column,
                            f"alias *{anchor} is used inside the value it names; recursive data is not allowed",
                        )
                else:
                    tag = event.tag
                    if cls is SequenceStartEvent:
                        node = [_SEQUENCE, mark.line, mark.column, [], _SEQ if tag is None or tag == "!" else tag, None]
                    else:
                        node = [_MAPPING, mark.line, mark.column, [], _MAP if tag is None or tag == "!" else tag, None]
                    anchor = event.anchor
                    if anchor is not None:
                        anchors[anchor] = node
                        open_nodes.add(id(node))
                if stack:
                    frame = stack[-1]
                    parent = frame[0]
                    if parent[0] == _SEQUENCE:
                        parent[3].append(node)
                    elif frame[1] is None:
                        frame[1] = node
                    else:
                        parent[3].append((frame[1], node))
                        frame[1] = None
                else:
                    root = node
                if cls is SequenceStartEvent or cls is MappingStartEvent:
                    stack.append([node, None, anchor, cls is MappingStartEvent and event.flow_style is False])
                    continue
                if not stack:
                    return root
            else:  # SequenceEndEvent / MappingEndEvent
                node, _, anchor, _ = stack.pop()
                if anchor is not None:
                    open_nodes.discard(id(node))
                self._finish(node)
                if not stack:
                    return root

    def _scalar(self, event: Any, value: str, mark: Any, resolvers: Any, version: tuple[int, int]) -> list[Any]:
        tag = event.tag
        line, col = mark.line, mark.column
        if tag is None or tag == "!":
            if not event.implicit[0]:
                if event.style == '"' and _SURROGATE.search(value):
                    raise _Limit(line, col, "YAML syntax error: found a lone surrogate escape (\\uD800–\\uDFFF)")
                return [_SCALAR, line, col, value, _STR, None]
            if not value:
                return [_SCALAR, line, col, None, _NULL, None]
            for rtag, rx in resolvers.get(value[0], ()):
                if rx.match(value):
                    tag = rtag
                    break
            else:
                return [_SCALAR, line, col, value, _STR, None]
            note = None
        else:
            note = None
            if tag == _STR and self._has_handle(event):
                note = _NOTE_TAGGED_STR
        if event.style == '"' and _SURROGATE.search(value):
            raise _Limit(line, col, "YAML syntax error: found a lone surrogate escape (\\uD800–\\uDFFF)")
        try:
            if tag == _STR or tag == _TIMESTAMP:
                out: Any = value
            elif tag == _INT:
                out = _to_int(value, version)
            elif tag == _FLOAT:
                out = _to_float(value, version)
            elif tag == _BOOL:
                out = _to_bool(value)
            elif tag == _NULL:
                out = None
            elif tag == _BINARY:
                out, note = value, "unsupported YAML value of type bytes"
            elif tag in (_MAP, _SET):
                out = None
                self._error(line, col, "YAML syntax error: expected a mapping node, but found scalar")
            elif tag == _SEQ:
                out = None
                self._error(line, col, "YAML syntax error: expected a sequence node, but found scalar")
            elif tag in (_OMAP, _PAIRS):
                out = None
                self._error(line, col, "YAML syntax error: expected a sequence, but found scalar")
            else:  # a custom tag (or !!merge/!!value used as a value): refused where it is walked
                out, note = value, f"custom YAML tag {tag!r} is not allowed"
        except _BadValue as exc:
            out = None
            self._error(line, col, f"cannot read this value: {exc}")
        except (ValueError, ArithmeticError) as exc:
            out = None
            reason = "the number has too many digits" if "integer string conversion" in str(exc) else str(exc)
            self._error(line, col, f"cannot read this value: {reason}")
        return [_SCALAR, line, col, out, tag, note]

    def _empty_value_mark(self, index: int) -> tuple[int, int]:
        """Where ruamel placed an empty value after ``key:`` in a block mapping.

        libyaml marks it at the end of the ``:``; ruamel's parser (with the
        plain scanner) took the end of the *next* token: the next key, the
        ``?`` or ``:`` that follows, or the end of the block. Keeping its
        positions keeps every message about a missing value where it was.
        """
        text = self.text
        i = index
        if i == 0 or text[i - 1] != ":":
            return self._line_col(i)
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
        return self._line_col(i)

    def _line_col(self, offset: int) -> tuple[int, int]:
        text = self.text
        line = text.count("\n", 0, offset)
        return line, offset - (text.rfind("\n", 0, offset) + 1)

    def _has_handle(self, event: Any) -> bool:
        """Whether an explicit ``tag:yaml.org,2002:str`` was written with a handle (``!!str``), not verbatim."""
        text = self.text
        i = event.start_mark.index
        if event.anchor is not None and text.startswith("&", i):
            i = text.find(" ", i)
            while 0 <= i < len(text) and text[i] in " \t\r\n":
                i += 1
        return not text.startswith("!<", i)

    def _finish(self, node: list[Any]) -> None:
        """Apply what ruamel's constructor did to a finished collection: tag checks, merges, duplicates."""
        kind, line, col, payload, tag, _ = node
        if tag == _SEQ:
            if kind == _MAPPING:
                self._error(line, col, "YAML syntax error: expected a sequence node, but found mapping")
            return
        if tag == _MAP or tag == _STR:
            if kind == _SEQUENCE:
                if tag == _MAP:
                    self._error(line, col, "YAML syntax error: expected a mapping node, but found sequence")
                return
            self._mapping(node)
            return
        if tag == _OMAP:
            if kind != _SEQUENCE:
                self._error(line, col, "YAML syntax error: expected a sequence, but found mapping")
                return
            pairs = []
            for item in payload:
                if item[0] != _MAPPING:
                    self._error(
                        item[1],
                        item[2],
                        f"YAML syntax error: expected a mapping of length 1, but found {_KIND_NAME[item[0]]}",
                    )
                    return
                if len(item[3]) != 1:
                    self._error(
                        item[1],
                        item[2],
                        f"YAML syntax error: expected a single mapping item, but found {len(item[3])} items",
                    )
                    return
                pairs.append(item[3][0])
            node[0], node[3], node[5] = _MAPPING, pairs, _NOTE_OMAP
            self._check_duplicates(node, pairs, merged=False)
            return
        if tag == _PAIRS:
            if kind != _SEQUENCE:
                self._error(line, col, "YAML syntax error: expected a sequence, but found mapping")
            else:
                node[5] = "unsupported YAML value of type list"
            return
        if tag == _SET:
            if kind != _MAPPING:
                self._error(line, col, "YAML syntax error: expected a mapping node, but found sequence")
            else:
                node[5] = "unsupported YAML value of type CommentedSet"
            return
        if tag in (_INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP, _BINARY):
            self._error(line, col, f"YAML syntax error: expected a scalar node, but found {_KIND_NAME[kind]}")
            return
        node[5] = f"custom YAML tag {tag!r} is not allowed"

    def _mapping(self, node: list[Any]) -> None:
        pairs = node[3]
        merges: list[Any] = []
        own = []
        for key, value in pairs:
            if key[4] == _MERGE:
                if merges:  # ruamel: a second << is refused once the first merged anything
                    self._error(key[1], key[2], 'duplicate key: found duplicate merge key "<<"')
                    return
                if value[0] == _MAPPING:
                    merges.append(value)
                elif value[0] == _SEQUENCE:
                    for sub in value[3]:
                        if sub[0] != _MAPPING:
                            self._error(
                                sub[1],
                                sub[2],
                                "YAML syntax error: expected a mapping for merging, "
                                f"but found {_KIND_NAME[sub[0]]}",
                            )
                            return
                        merges.append(sub)
                else:
                    self._error(
                        value[1],
                        value[2],
                        "YAML syntax error: expected a mapping or list of mappings for merging, "
                        f"but found {_KIND_NAME[value[0]]}",
                    )
                    return
            else:
                if key[4] == _VALUE:
                    key[4], key[5] = _STR, None
                own.append((key, value))
        for source in merges:
            if source[4] not in (_MAP, _STR) or source[5] is not None:
                self._error(
                    source[1],
                    source[2],
                    "YAML syntax error: expected a mapping or list of mappings for merging, "
                    f"but found {source[4]}",
                )
                return
        node[3] = own
        self._check_duplicates(node, own, merged=bool(merges))
        if merges:
            node.append(merges)  # node[6]: the mappings merged in, in order

    def _check_duplicates(self, node: list[Any], pairs: list[Any], merged: bool) -> None:
        seen: dict[Any, Any] = {}
        for key, value in pairs:
            if key[0] != _SCALAR or key[5] is not None or key[3] is None:
                continue  # refused as a key by the walker
            k = key[3]
            if k in seen:
                self._error(
                    key[1],
                    key[2],
                    f'duplicate key: found duplicate key "{k}" with value "{_display(value)}" '
                    f'(original value: "{_display(seen[k])}")',
                )
                return
            seen[k] = value


def _display(node: list[Any], depth: int = 0) -> Any:
    """The value as ruamel's duplicate-key message printed it."""
    if depth > 3:
        return "…"
    if node[0] == _SCALAR:
        return node[3]
    if node[0] == _SEQUENCE:
        return [_display(n, depth + 1) for n in node[3]]
    return {_display(k, depth + 1): _display(v, depth + 1) for k, v in node[3] if k[0] == _SCALAR}


def _mapping_entries(node: list[Any]) -> list[tuple[Any, tuple[int, int], tuple[int, int], list[Any]]]:
    """(key, key mark, value mark, value node) in ruamel's order: own keys, then merged-in ones.

    A merged key keeps the marks of the mapping where it is written (following
    nested merges), as ruamel's line/column data did.
    """
    omap = node[5] == _NOTE_OMAP
    here = (node[1], node[2])
    out: dict[Any, tuple[Any, tuple[int, int], tuple[int, int], list[Any]]] = {}
    for key, value in node[3]:
        k = key[3] if key[0] == _SCALAR and key[5] is None else _Unhashable(key)
        if omap:
            out[k] = (key, here, here, value)
        else:
            out[k] = (key, (key[1], key[2]), (value[1], value[2]), value)
    if len(node) > 6:
        for source in node[6]:
            for k, entry in _mapping_entries_keys(source):
                if k not in out:
                    out[k] = entry
    return list(out.values())


def _mapping_entries_keys(node: list[Any]) -> list[tuple[Any, Any]]:
    out = []
    for entry in _mapping_entries(node):
        key = entry[0]
        out.append((key[3] if key[0] == _SCALAR and key[5] is None else _Unhashable(key), entry))
    return out


class _Unhashable:
    """A non-scalar key: never equal to another key (the walker refuses it anyway)."""

    __slots__ = ("node",)

    def __init__(self, node: Any):
        self.node = node


class _Walker:
    """Turn the node tree into plain data and record every position in the source map."""

    def __init__(self, smap: SourceMap):
        self.smap = smap
        self.nodes = 0

    def _refuse(self, path: PathT, message: str) -> InputError:
        return InputError([self.smap.problem(path, message)])

    def walk(self, node: list[Any], path: PathT, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self._refuse(path, f"document has more than {MAX_NODES} values (an alias bomb?); refusing to expand it")
        if depth > MAX_DEPTH:
            raise self._refuse(path, f"document is nested deeper than {MAX_DEPTH} levels")
        kind = node[0]
        note = node[5]
        if kind == _SCALAR:
            if note is not None and note is not _NOTE_TAGGED_STR:
                raise self._refuse(path, note)
            return node[3]
        if note is not None and note is not _NOTE_OMAP:
            raise self._refuse(path, note)
        values = self.smap.values
        if kind == _SEQUENCE:
            items = []
            for i, item in enumerate(node[3]):
                child = path + (i,)
                values[child] = (item[1] + 1, item[2] + 1)
                items.append(self.walk(item, child, depth + 1))
            return items
        keys = self.smap.keys
        out: dict[str, Any] = {}
        entries = _mapping_entries(node) if len(node) > 6 or note is _NOTE_OMAP else None
        if entries is None:
            for key, value in node[3]:
                skey = self._key(key, path, (key[1], key[2]))
                child = path + (skey,)
                keys[child] = (key[1] + 1, key[2] + 1)
                values[child] = (value[1] + 1, value[2] + 1)
                out[skey] = self.walk(value, child, depth + 1)
            return out
        for key, kpos, vpos, value in entries:
            skey = self._key(key, path, kpos)
            child = path + (skey,)
            keys[child] = (kpos[0] + 1, kpos[1] + 1)
            values[child] = (vpos[0] + 1, vpos[1] + 1)
            out[skey] = self.walk(value, child, depth + 1)
        return out

    def _key(self, key: list[Any], path: PathT, kpos: tuple[int, int]) -> str:
        k = key[3]
        if key[0] != _SCALAR or key[5] is not None or k is None:
            raise InputError(
                [Problem(self.smap.file, kpos[0] + 1, kpos[1] + 1, "mapping keys must be plain scalars", format_path(path))]
            )
        if k.__class__ is str:
            return k
        try:
            return str(k)
        except ValueError:  # pragma: no cover - bounded by _MAX_INT_BITS
            raise InputError(
                [Problem(self.smap.file, kpos[0] + 1, kpos[1] + 1, "the number has too many digits", format_path(path))]
            ) from None


def _decode(raw: bytes, name: str) -> str:
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
    return _decode(path.read_bytes(), name)


def _reader_position(text: str, offset: int) -> tuple[int, int]:
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def _mark(exc: yaml.MarkedYAMLError) -> tuple[int, int]:
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return (1, 1)
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
    # The tree is acyclic and short-lived; the cyclic collector would only rescan it (3× the time on large files).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        try:
            try:
                docs = _Composer(parse_text, restore).documents()
            except yaml.MarkedYAMLError as exc:
                if exc.problem != _LIBYAML_DEPTH:
                    raise
                # libyaml's scanner stops at 1 000 open flow collections on one line, before
                # it hands us the first event; PyYAML's Python scanner has no such limit,
                # so our own limit finds the level where the document crossed it.
                docs = _Composer(parse_text, restore, pure=True).documents()
        except _Limit as exc:
            raise InputError([Problem(name, exc.line + 1, exc.col + 1, exc.message)]) from None
        except yaml.MarkedYAMLError as exc:
            line, col = _mark(exc)
            what = (exc.problem or exc.context or "syntax error").strip()
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
        data = _Walker(smap).walk(docs[0], (), 0) if docs else None
    finally:
        if gc_was_enabled:
            gc.enable()
    if isinstance(data, dict) and data:
        # "The top of the file" is its first key, not line 1 (which may be a comment).
        smap.values[()] = smap.keys[(next(iter(data)),)]
    return data, smap
