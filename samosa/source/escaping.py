"""Characters from input files that must never reach an output raw.

An org file is user input, and its text ends up on terminals, in CI logs, in XML
(JUnit, SVG), in Mermaid and DOT sources, in SARIF and in GitHub annotations. A few
characters are dangerous or break those documents:

* C0 controls other than TAB and LF (ESC starts terminal escape sequences, CR
  overwrites a line, NUL and most others are not allowed in XML 1.0), DEL, and the C1
  controls U+0080–U+009F (U+009B is a one-byte CSI; U+0085 NEL is a line break);
* lone surrogates U+D800–U+DFFF (not encodable as UTF-8: writing them crashes);
* U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR (line breaks to JavaScript
  and to some viewers, not to ours);
* the bidirectional embedding, override and isolate controls U+202A–U+202E and
  U+2066–U+2069, and the marks U+200E, U+200F, U+061C ("Trojan Source": text that
  displays in another order than it reads);
* the non-characters U+FFFE and U+FFFF (not allowed in XML).

:func:`escape_controls` makes them visible as ``\\x1b`` / ``\\u202e`` — the way one
would write them in a double-quoted YAML string, so the reader can find them in the
file — for every human-readable format. :func:`json_safe` keeps JSON exact: the same
characters become ``\\uXXXX`` escapes, which decode to the same string (a lone
surrogate, which has no UTF-8 form, becomes U+FFFD).
"""

from __future__ import annotations

import re
from typing import Any

UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
# In single-line contexts (annotations' properties, titles) a line feed is unsafe too.
UNSAFE_OR_NEWLINE = re.compile(UNSAFE.pattern[:-1] + "\n]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def escape_controls(text: str, *, newlines: bool = True) -> str:
    """``text`` with every unsafe character written as a visible escape.

    TAB is kept; LF is kept unless ``newlines`` is false. Idempotent: the escapes
    themselves are plain ASCII.
    """
    pattern = UNSAFE if newlines else UNSAFE_OR_NEWLINE
    return pattern.sub(_visible, text) if pattern.search(text) else text


def escape_all(value: Any) -> Any:
    """:func:`escape_controls` applied to every string in nested dicts and lists (keys too)."""
    if isinstance(value, str):
        return escape_controls(value)
    if isinstance(value, dict):
        return {escape_all(k): escape_all(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [escape_all(v) for v in value]
    return value


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return "\\ufffd" if 0xD800 <= code <= 0xDFFF else f"\\u{code:04x}"


def json_safe(document: str) -> str:
    """A JSON text (``json.dumps(..., ensure_ascii=False)``) with the unsafe characters escaped.

    ``json.dumps`` already escapes C0 controls; DEL, C1, the separators, the bidi
    controls and lone surrogates it writes raw. They can only occur inside strings,
    so replacing each by its ``\\uXXXX`` escape keeps the document valid and its value
    unchanged (except lone surrogates, which become U+FFFD).
    """
    return UNSAFE.sub(_json_escape, document) if UNSAFE.search(document) else document


__all__ = ["UNSAFE", "escape_all", "escape_controls", "json_safe"]
