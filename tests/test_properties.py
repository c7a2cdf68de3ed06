"""Property-based tests: any document either evaluates or is refused with positioned problems.

Never a traceback, never a silent pass: whatever hypothesis writes — random
text, random bytes, valid organisations with keys dropped, types changed,
unicode inserted or bytes flipped — ``load_org`` either returns an
organisation that ``evaluate`` turns into findings with a known status, or
raises ``InputError`` whose every problem names the file, a line and a column
inside it.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from samosa import InputError, evaluate, load_org, load_rules

from .conftest import FIXTURES, ROOT, RULES_DIR, dump_yaml, load_plain

SAMPLE = ROOT / "sample_orgs" / "mellanby_ifo.yaml"
STATUSES = {"pass", "partial", "fail", "not_shown", "not_applicable", "error"}
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_BOOK = None


def book():
    global _BOOK
    if _BOOK is None:
        _BOOK = load_rules(RULES_DIR)
    return _BOOK


def check_outcome(name: str, text: str | None = None, path: Path | None = None) -> str:
    """Load and evaluate; return "evaluated" or "refused"; fail the test on anything else."""
    source = str(path) if path is not None else name
    try:
        org = load_org(path if path is not None else name, text)
    except InputError as exc:
        assert exc.problems, "InputError without problems"
        lines = (text if text is not None else "").count("\n") + 2
        for p in exc.problems:
            assert p.file == source, p
            assert p.line >= 1 and p.column >= 1, p
            if text is not None:
                assert p.line <= lines, (p, lines)
            assert p.message.strip(), p
            assert "Traceback" not in p.message
        return "refused"
    result = evaluate(org, book(), date=dt.date(2024, 6, 1))
    assert result.findings, "an evaluated organisation yields findings"
    for f in result.findings:
        assert f.status in STATUSES
        for e in f.evidence:
            assert e.line >= 1 and e.column >= 1
    return "evaluated"


# ------------------------------------------------------------ raw input


@FAST
@given(st.text(max_size=400))
def test_any_text(text):
    check_outcome("any.yaml", text)


YAMLISH = st.lists(
    st.sampled_from(
        list("ab:- \n\t[]{},&*!|>'\"#?%@`0123456789.\\")
        + ["organisation", "units", "<<", "!!", "---", "\u00e5", "\ufeff", "\x85"]
    ),
    max_size=120,
).map("".join)


@FAST
@given(YAMLISH)
def test_yaml_punctuation_soup(text):
    check_outcome("soup.yaml", text)


@FAST
@given(st.binary(max_size=300))
def test_any_bytes_from_a_file(tmp_path_factory, raw):
    path = tmp_path_factory.mktemp("bytes") / "org.yaml"
    path.write_bytes(raw)
    check_outcome("org.yaml", path=path)


# ------------------------------------------------- mutated valid documents


def _base_docs() -> list[Any]:
    return [load_plain(SAMPLE), load_plain(FIXTURES / "_base.yaml")]


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix] if prefix else []
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, prefix + (i,))
    return out


def _parent(doc: Any, path: tuple) -> Any:
    for part in path[:-1]:
        doc = doc[part]
    return doc


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(dt.date.isoformat),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=6,
)


@st.composite
def mutated(draw) -> Any:
    doc = copy.deepcopy(draw(st.sampled_from(_base_docs())))
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        paths = _paths(doc)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = _parent(doc, path)
        action = draw(st.sampled_from(["drop", "retype", "unicode", "rename"]))
        key = path[-1]
        if action == "drop":
            del parent[key]
        elif action == "retype":
            parent[key] = draw(VALUES)
        elif action == "unicode":
            parent[key] = draw(st.text(min_size=1, max_size=40))
        elif isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=12))] = parent.pop(key)
    return doc


@FAST
@given(mutated())
def test_mutated_organisations(doc):
    try:
        text = dump_yaml(doc)
    except Exception:  # the dumper cannot represent it: not an input we can be given
        assume(False)
    check_outcome("mutated.yaml", text)


@FAST
@given(st.data())
def test_flipped_bytes_in_the_sample(tmp_path_factory, data):
    raw = bytearray(SAMPLE.read_bytes())
    for _ in range(data.draw(st.integers(min_value=1, max_value=4))):
        pos = data.draw(st.integers(min_value=0, max_value=len(raw) - 1))
        op = data.draw(st.sampled_from(["set", "insert", "delete"]))
        byte = data.draw(st.integers(min_value=0, max_value=255))
        if op == "set":
            raw[pos] = byte
        elif op == "insert":
            raw.insert(pos, byte)
        else:
            del raw[pos]
    path = tmp_path_factory.mktemp("flip") / "org.yaml"
    path.write_bytes(bytes(raw))
    check_outcome("org.yaml", path=path)


@pytest.mark.parametrize("date", ["0001-01-01", "9999-12-31", "1900-02-28"])
def test_extreme_dates_evaluate_or_are_refused(date):
    text = SAMPLE.read_text(encoding="utf-8").replace("assessment_date: 2024-05-15", f"assessment_date: {date}")
    try:
        org = load_org("dates.yaml", text)
    except InputError as exc:
        assert (exc.problems[0].line, exc.problems[0].column) == (10, 20)
        assert "outside 1900–2199" in exc.problems[0].message
        assert date != "1900-02-28", "only an implausible year is refused"
        return
    result = evaluate(org, book())
    assert {f.status for f in result.findings} <= STATUSES


def test_the_sample_and_base_evaluate():
    assert check_outcome("sample.yaml", SAMPLE.read_text(encoding="utf-8")) == "evaluated"
    assert check_outcome("base.yaml", dump_yaml(load_plain(FIXTURES / "_base.yaml"))) == "evaluated"
