"""The libyaml loader reads every YAML text of the project exactly as the ruamel loader did.

``tests/ruamel_reference.py`` is the loader samosa had before (ruamel.yaml's
round-trip loader); here both read every YAML file in the repository and every
YAML snippet in the tests and the documentation, and must agree on the data
(values *and* their types) and on every recorded position, in order.

Where the two may differ, on purpose, is listed in ``KNOWN_DIFFERENCES``: the
old loader accepted things it should not have (a lone surrogate escape, an
integer too long to print, a value containing itself) or refused YAML 1.2 that
libyaml reads (a tab between ``key:`` and its value). Nothing in the
repository needs either.
"""

from __future__ import annotations

import ast
import math
import re
import textwrap
import warnings
from pathlib import Path
from typing import Any

import pytest

import samosa.source.loader as loader
from samosa.source.loader import load_yaml
from samosa.source.problems import InputError

from .conftest import ROOT
from .ruamel_reference import load_yaml_ruamel

YAML_FILES = sorted(
    p
    for pattern in ("**/*.yaml", "**/*.yml", ".*.yaml")
    for p in ROOT.glob(pattern)
    if not any(part.startswith(".") and part not in (".pre-commit-hooks.yaml",) for part in p.relative_to(ROOT).parts)
    and "node_modules" not in p.parts
)


def _snippets() -> list[tuple[str, str]]:
    """Every string constant in the tests that could be YAML, and every ```yaml block in the docs."""
    out = []
    for path in sorted((ROOT / "tests").glob("*.py")):
        if path.name in ("ruamel_reference.py", "yaml_mutator.py", Path(__file__).name):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and ":" in node.value
                and len(node.value) > 3
            ):
                name = f"{path.name}:{node.lineno}"
                out.append((name, node.value))
                dedented = textwrap.dedent(node.value)
                if dedented != node.value:
                    out.append((name + ":dedented", dedented))
    for path in sorted(
        [*ROOT.glob("docs/*.md"), *ROOT.glob("*.md"), *ROOT.glob("*/README.md"), *ROOT.glob("*/*/README.md")]
    ):
        for i, m in enumerate(re.finditer(r"```ya?ml\n(.*?)```", path.read_text(encoding="utf-8"), re.S)):
            out.append((f"{path.relative_to(ROOT)}#{i}", m.group(1)))
    return out


def _typed(x: Any) -> Any:
    """Data with every scalar tagged by its type, so ``1``, ``1.0`` and ``True`` differ.

    ruamel returned its own subclasses (ScalarFloat, HexInt, PlainScalarString,
    and ScalarBoolean, an *int* subclass, for an anchored boolean); they count
    as the plain type they stand for.
    """
    if isinstance(x, dict):
        return {("key", type(k).__name__, k): _typed(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_typed(v) for v in x]
    if isinstance(x, bool) or type(x).__name__ == "ScalarBoolean":
        return ("bool", bool(x))
    if isinstance(x, int):
        return ("int", int(x))
    if isinstance(x, float):
        return ("float", "nan" if math.isnan(x) else float(x))
    if isinstance(x, str):
        return ("str", str(x))
    return (type(x).__name__, x)


def outcome(load: Any, name: str, text: str) -> tuple[Any, ...]:
    """('ok', typed data, value positions, key positions) or ('error', problems) or ('crash', exception)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # ruamel warns about re-defined anchors
            data, smap = load(name, text)
    except InputError as exc:
        return ("error", [(p.line, p.column, p.message, p.path) for p in exc.problems])
    except Exception as exc:  # the old loader crashed on some input; the new one never may
        return ("crash", f"{type(exc).__name__}: {exc}"[:200])
    return ("ok", _typed(data), list(smap.values.items()), list(smap.keys.items()))


# YAML 1.1 line breaks (NEL, LS, PS). YAML 1.2 reads them as ordinary
# characters and so do we; ruamel counted them as characters for positions but
# folded plain scalars on them, so its data for such text is neither 1.1 nor 1.2.
NON_BREAKS = ("\x85", "\u2028", "\u2029")


# An anchor or alias name with a character libyaml does not allow in one (it
# takes letters, digits, '-' and '_'; ruamel took any character but spaces and
# flow indicators, so `&nit: x` was the anchor "nit:").
ODD_ANCHOR = re.compile(r"(?:^|[\s\[{,])[&*][\w-]*[^\w\s,\[\]{}-]", re.M)


def known_difference(text: str, old: tuple[Any, ...], new: tuple[Any, ...]) -> str | None:
    """Why the two loaders may disagree on ``text``, or None if they must not."""
    if any(ch in text for ch in NON_BREAKS):
        return "YAML 1.1 line break character"
    if ODD_ANCHOR.search(text) and (old[0] != new[0] or old[0] == "error"):
        return "anchor name libyaml does not allow"
    if "\ufeff" in text and old[0] != new[0]:
        return "byte-order mark inside the text"  # libyaml skips one at the start of a line, ruamel did not
    if old[0] == "crash":
        return "the old loader crashed" if new[0] in ("ok", "error") else None
    if old[0] == "ok" and new[0] == "error":
        message = new[1][0][2]
        for reason in (
            "found invalid Unicode character escape code",  # a lone surrogate: every output crashed later
            "lone surrogate",
            "the number has too many digits",  # a hexadecimal integer of more than 4 300 decimal digits
            "recursive data is not allowed",  # ruamel silently read `&s [*s]` as [None]
            "found a tab character where an indentation space is expected",  # libyaml: tab after the indentation
            "did not find expected node content",  # libyaml: a flow plain scalar starting with ':'
            "found unexpected ':'",  # libyaml: a flow plain scalar ending with ':' ("{id:}")
        ):
            if reason in message:
                return reason
        return None
    if old[0] == "error" and new[0] == "ok":
        message = old[1][0][2]
        lines = text.split("\n")
        line = lines[old[1][0][0] - 1] if old[1][0][0] <= len(lines) else ""
        if "found character '\\t'" in message or "\t" in line:
            return "tab as separation space"  # ruamel refused "key:\tvalue" and "key: \t"; YAML 1.2 allows them
        if "expected chomping or indentation indicators" in message:
            return "block scalar header"  # ruamel refused ">#", libyaml reads the '#' as a comment
        return None
    if old[0] == new[0] == "error":
        return "both refuse (libyaml's messages are worded differently)"
    return None


def assert_same(name: str, text: str) -> None:
    old = outcome(load_yaml_ruamel, name, text)
    new = outcome(load_yaml, name, text)
    assert new[0] != "crash", f"{name}: the loader crashed: {new[1]}"
    if old == new:
        return
    reason = known_difference(text, old, new)
    assert reason is not None, f"{name}: the loaders disagree\n old: {str(old)[:600]}\n new: {str(new)[:600]}"


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_yaml_file_reads_exactly_as_before(path: Path) -> None:
    """Data, types and positions identical (in order), and problems identical, for every file in the repository."""
    text = path.read_text(encoding="utf-8-sig")
    old = outcome(load_yaml_ruamel, str(path), text)
    new = outcome(load_yaml, str(path), text)
    assert old[0] in ("ok", "error"), old
    assert new == old


def test_the_repository_has_the_files_we_mean() -> None:
    names = {str(p.relative_to(ROOT)) for p in YAML_FILES}
    for expected in (
        "rules/references.yaml",
        "rules/profiles.yaml",
        "sample_orgs/mellanby_ifo.yaml",
        "sample_orgs/broken/felstavningar.yaml",
        "sample_inspections/mellanby_inspection.yaml",
        "tests/rules/_base.yaml",
        "docs/examples/github-workflow.yml",
    ):
        assert expected in names
    assert len(names) >= 100


SNIPPETS = _snippets()


def test_snippets_were_found() -> None:
    assert len(SNIPPETS) > 300


@pytest.mark.parametrize("name,text", SNIPPETS, ids=[n for n, _ in SNIPPETS])
def test_every_yaml_snippet_reads_as_before(name: str, text: str) -> None:
    assert_same(name, text)


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_pure_python_parser_agrees(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without libyaml the loader falls back to PyYAML's Python parser, with the same result on our files."""
    text = path.read_text(encoding="utf-8-sig")
    fast = outcome(load_yaml, str(path), text)
    monkeypatch.setattr(loader, "_CParser", None)
    assert outcome(load_yaml, str(path), text) == fast


# Where ruamel's resolution rules show: each line is read alone, old and new must agree
# (``<<`` and ``=`` as values are refused by both, with the same message and position).
RESOLUTION = r"""
a: [true, True, TRUE, false, False, FALSE, yes, no, on, off, y, n, Yes, NO]
a: [~, null, Null, NULL, '', nil, None]
a: [0, -0, +12, 017, 0o17, 0o_7, 0x1F, 0x1f, 0xAb, 0b101, 1_000, 0_1, 0b1_0]
a: [1.5, .5, -.5, 1., 1e5, 1E5, 1e+5, 1.5e-3, 6.02e23, .inf, -.Inf, +.INF, .nan, .NaN, 1_0.5]
a: [1e, e5, 1.2.3, 0x, 0o, 0b, 1:30, 1:30.5, 12:30:00, 2024-05-15, 2024-5-5, 2024-05-15T10:00:00Z]
a: ['<<', '=', !!str 5, !!int 5, !!float 5, !!bool yes, !!null x, !!timestamp x, ! 5, ! x]
a: [x, <<]
a: [x, =]
a: ["5", '5', "true"]\nb: |-\n  5\nc: >-\n  true\n  false\nd: |\n  x\n\n  y\n
? !!int 5\n: a
=: 1
"1": a\n1: b
1: a\n2.0: b\ntrue: c
a: &x 5\nb: *x\nc: &y yes\nd: *y
%YAML 1.1\n---\na: [yes, no, on, off, 017, 0o17, 1:30, 1:30.5, 0b11, .5]
%YAML 1.2\n---\na: [yes, 017, 1:30]
a: !!omap [{b: 1}, {c: 2}]
a: !!str {b: 1}
base: &b {x: 1, y: {z: 2}}\nm: {<<: *b, y: 3}
base: &b {x: 1}\nmore: &c {x: 2, w: 4}\nm:\n  <<: [*b, *c]\n  v: 0
a: &a {x: 1}\nb: &b {<<: *a, y: 2}\nc: {<<: *b, z: 3}
m:\n  v: 0\n  <<: {v: 9, u: 1}
a:\nb:\n  c:\nd: 1
- a:\n- b:\n  c:
? a\n? b\n: 1
{id: , b: 1, c: }
{id:   # c\n  }
[a: , b, c : , {d: }, [e: ]]
{? a : , "q": , 'r': }
a: {b: , c: [d: ]}\nx:\ny: [ ]
- \n-\n- a:\n  b:\n"""


RESOLUTION_CASES = [line.replace("\\n", "\n") for line in RESOLUTION.splitlines() if line] + [
    "a: b\u00e9\ufeffc\nd: [e\ufeff, f]\n",  # ruamel did not count U+FEFF inside a line as a column
    "x:\n  - \ufeff\ufeffa: 1\n    b:\n  - c\n",
    "a:\rb: 1\r",  # old Mac line ends, with an empty value placed on the next line
    "a:\r\nb:\r\n  c:\r\nd: 1\r\n",
    "x: 1\ra:\r\rb: 2",
]


@pytest.mark.parametrize("text", RESOLUTION_CASES)
def test_resolution_and_positions_match_ruamel(text: str) -> None:
    old = outcome(load_yaml_ruamel, "r.yaml", text)
    new = outcome(load_yaml, "r.yaml", text)
    assert old[0] != "crash", old
    assert new == old
