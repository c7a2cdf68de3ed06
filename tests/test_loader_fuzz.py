"""Fuzzing the loader with mutated project files: never a traceback, always a position.

``tests/yaml_mutator.py`` mutates the project's own YAML the way people and
attackers do (see its docstring). Every mutant must either load into plain
data with a complete, valid source map, or be refused with problems that name
the file and a line and column inside it. The first 300 are also read by the
ruamel loader samosa had before: where both accept a mutant, data and positions
must be the same. CI runs 1 500 mutants (a few seconds); a long run is
``python -m tests.yaml_mutator --seconds 600 --differential`` (docs/threat-model.md).
"""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from typer.testing import CliRunner

from samosa.models.loading import load_org
from samosa.source.loader import load_yaml
from samosa.source.positions import SourceMap
from samosa.source.problems import InputError

from .ruamel_reference import load_yaml_ruamel
from .test_loader_differential import NON_BREAKS, known_difference, outcome
from .yaml_mutator import mutants


def _paths(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], bool]]:
    """Every path below ``data`` and whether it is a mapping key."""
    out = []
    if isinstance(data, dict):
        for key, value in data.items():
            assert isinstance(key, str), f"non-string key {key!r} at {path}"
            out.append((path + (key,), True))
            out += _paths(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out.append((path + (i,), False))
            out += _paths(value, path + (i,))
    else:
        assert data is None or isinstance(data, (str, int, float, bool)), f"{type(data).__name__} at {path}"
        if isinstance(data, float):
            assert math.isnan(data) or isinstance(data, float)
    return out


def _valid_position(text: str, line: int, column: int) -> bool:
    lines = text.split("\n")
    if not 1 <= line <= len(lines) + 1 or column < 1:
        return False
    width = len(lines[line - 1]) if line <= len(lines) else 0
    return column <= width + 1


def check_document(name: str, text: str) -> tuple[Any, SourceMap] | None:
    """Load ``text``; assert the outcome is a valid document or positioned problems. Returns the document."""
    try:
        data, smap = load_yaml(name, text)
    except InputError as exc:
        assert exc.problems, f"{name}: an InputError without problems"
        for p in exc.problems:
            assert p.file == name and p.message, f"{name}: {p}"
            assert _valid_position(text, p.line, p.column), f"{name}: position outside the file: {p}"
        return None
    for path, is_key in _paths(data):
        assert path in smap.values, f"{name}: no position for {path}"
        if is_key:
            assert path in smap.keys, f"{name}: no key position for {path}"
    for table in (smap.values, smap.keys):
        for path, (line, column) in table.items():
            assert _valid_position(text, line, column), f"{name}: {path} at {line}:{column} is outside the file"
    # every output writes UTF-8: a lone surrogate must never get this far
    json.dumps(data, ensure_ascii=False, default=str).encode("utf-8")
    return data, smap


MUTANTS = list(mutants(1500, seed=15))


def test_mutants_never_crash_and_are_always_positioned() -> None:
    loaded = refused = 0
    for name, text in MUTANTS:
        if check_document(name, text) is None:
            refused += 1
        else:
            loaded += 1
    # the mutator makes both kinds; a fuzzer that only ever hits one path tests little
    assert loaded > 150 and refused > 150, (loaded, refused)


def test_mutants_read_as_the_old_loader_read_them() -> None:
    """Where both loaders accept a mutant, data and positions are the same (a sample: ruamel is slow)."""
    both = 0
    for name, text in MUTANTS[:300]:
        old = outcome(load_yaml_ruamel, name, text)
        new = outcome(load_yaml, name, text)
        assert new[0] != "crash", (name, new)
        if old[0] == new[0] == "ok" and not any(ch in text for ch in NON_BREAKS):
            both += 1
            assert new == old, f"{name}: the loaders read this mutant differently"
        elif old != new:
            assert known_difference(text, old, new), f"{name}: unexpected difference\n old: {old}\n new: {new}"
    assert both > 40


ORG_MUTANTS = [(n, t) for n, t in mutants(500, seed=151) if n.startswith("sample_orgs/")][:40]


def test_org_mutants_are_a_model_or_positioned_problems() -> None:
    """Past the loader too: validation turns every mutant into an organisation or positioned problems."""
    assert len(ORG_MUTANTS) > 10
    for name, text in ORG_MUTANTS:
        try:
            load_org(name, text)
        except InputError as exc:
            for p in exc.problems:
                assert p.line >= 1 and p.column >= 1 and p.message, (name, str(p))


@pytest.mark.parametrize("name,text", ORG_MUTANTS[:12], ids=[n for n, _ in ORG_MUTANTS[:12]])
def test_cli_check_of_a_mutant_exits_0_1_or_2(tmp_path, name: str, text: str) -> None:
    from samosa.cli.app import app

    path = tmp_path / "org.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code in (0, 1, 2), result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
