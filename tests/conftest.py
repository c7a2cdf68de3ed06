"""Shared helpers: build an organisation from the base fixture plus a patch."""

from __future__ import annotations

import copy
import io
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from samosa.rulebook.examples import apply_patch as deep_merge  # noqa: F401  (the fixtures' patch format, one definition)

ROOT = Path(__file__).resolve().parent.parent
RULES_DIR = ROOT / "rules"
FIXTURES = Path(__file__).resolve().parent / "rules"


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
