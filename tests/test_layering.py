"""Imports run one way, from the CLI down to the source layer (docs/architecture.md).

Each subpackage of ``samosa`` is a stage of the data flow with a rank; a
module may import its own package and any package of a lower rank, never a
higher one or a sibling of the same rank (plan, documents and reporters do
not know each other). Imports under ``if TYPE_CHECKING:`` are annotations
only and are not counted.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "samosa"

#: Lower ranks are further down the data flow; ``_version`` is a leaf anyone may read.
RANKS = {
    "_version": 0,
    "source": 0,
    "models": 1,
    "rulebook": 2,
    "engine": 3,
    "plan": 4,
    "documents": 4,
    "reporters": 4,
    "report": 5,
    "cases": 6,
    "cli": 7,
}


def _imports(tree: ast.Module) -> list[tuple[int, str]]:
    """(line, dotted module) of every import outside ``if TYPE_CHECKING:`` blocks."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in ast.walk(node):
                skip.add(id(child))
    out = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "samosa":
                out += [(node.lineno, f"samosa.{alias.name}") for alias in node.names]
            else:
                out.append((node.lineno, node.module))
        elif isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"relative import at line {node.lineno}: the package uses absolute imports")
    return out


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p.parent != PACKAGE)


def test_every_subpackage_has_a_rank() -> None:
    packages = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert packages <= set(RANKS), f"give these packages a rank: {sorted(packages - set(RANKS))}"


def test_top_level_holds_only_the_api_facade() -> None:
    loose = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert loose == ["__init__.py", "__main__.py", "_version.py"], loose


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_run_down_the_data_flow(path: Path) -> None:
    here = path.relative_to(PACKAGE).parts[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    wrong = []
    for line, module in _imports(tree):
        parts = module.split(".")
        if parts[0] != "samosa" or len(parts) < 2:
            continue
        there = parts[1]
        if there == here:
            continue
        if there not in RANKS:
            wrong.append(f"line {line}: {module} is not a ranked package (the top-level API facade is for users)")
        elif RANKS[there] >= RANKS[here]:
            wrong.append(f"line {line}: {here} (rank {RANKS[here]}) imports {module} (rank {RANKS[there]})")
    assert not wrong, "\n".join(wrong)


def test_the_layering_test_can_fail(tmp_path: Path) -> None:
    """A model importing the engine is caught (so the test above is not vacuous)."""
    tree = ast.parse("from samosa.engine.evaluate import evaluate\n")
    assert _imports(tree) == [(1, "samosa.engine.evaluate")]
    guarded = ast.parse("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from samosa.engine import x\n")
    assert [m for _, m in _imports(guarded)] == ["typing"]
