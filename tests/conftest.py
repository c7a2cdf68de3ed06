"""Shared helpers: build an organisation from the base fixture plus a patch."""

from __future__ import annotations

import copy
import io
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
RULES_DIR = ROOT / "rules"
FIXTURES = Path(__file__).resolve().parent / "rules"


def deep_merge(base: Any, patch: Any) -> Any:
    """Merge ``patch`` into ``base``: mappings merge, ``null`` deletes (the fact is then *not stated*),
    the string ``"<null>"`` writes an explicit ``null`` (stated as absent), anything else replaces."""
    if isinstance(base, dict) and isinstance(patch, dict):
        out = dict(base)
        for key, value in patch.items():
            if value is None:
                out.pop(key, None)
            elif value == "<null>":
                out[key] = None
            else:
                out[key] = deep_merge(base.get(key), value)
        return out
    return _explicit_nulls(copy.deepcopy(patch))


def _explicit_nulls(value: Any) -> Any:
    """``"<null>"`` anywhere in a replacing value becomes an explicit ``null``."""
    if value == "<null>":
        return None
    if isinstance(value, dict):
        return {k: _explicit_nulls(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_explicit_nulls(v) for v in value]
    return value


def dump_yaml(data: Any) -> str:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    buf = io.StringIO()
    yaml.dump(data, buf)
    return buf.getvalue()


def load_plain(path: Path) -> Any:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def rulebook():
    from samosa import load_rules

    return load_rules(RULES_DIR)


@pytest.fixture(scope="session")
def _base_org_cached():
    return load_plain(FIXTURES / "_base.yaml")


@pytest.fixture
def base_org_data(_base_org_cached):
    """A fresh copy per test, so no test can change what the next one sees."""
    return copy.deepcopy(_base_org_cached)
