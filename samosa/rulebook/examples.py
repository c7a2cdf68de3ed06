"""A rule's examples: its fixture cases (``tests/rules/<ID>.yaml``), which the test suite runs.

``samosa rules show`` prints them under the rule's checks, so that a rule's law, checks and
examples read in one place (as yamllint keeps a rule and its examples together). Because the
suite runs every case, an example cannot drift from what the rule does. A case is a change to
the base organisation (``tests/rules/_base.yaml``) or a whole organisation file of its own;
the cases ship in the wheel as ``samosa/_data/examples``. A custom ``--rules`` pack has none.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from samosa.source.resources import resource_dir

#: The outcome groups ``rules show`` prints, in order, with their Swedish headings.
OUTCOME_GROUPS: tuple[tuple[str, str], ...] = (
    ("pass", "Uppfylls av"),
    ("partial", "Uppfylls delvis av"),
    ("fail", "Uppfylls inte av"),
    ("not_shown", "Framgår inte av"),
    ("not_applicable", "Gäller inte för"),
)

BASE_FILE = "_base.yaml"
MAX_CHANGES = 4
MAX_CHANGE_CHARS = 90


@dataclass(frozen=True)
class Example:
    """One case: what differs from the base organisation, on which day, and what the rule says."""

    name: str
    outcomes: dict[str, str]  # scope ("organisation", "unit:bof") or "*" (every scope) → status
    changes: list[str] = field(default_factory=list)  # "policy.written: false", "`policy` utelämnad"
    own_file_lines: Optional[int] = None  # a whole org file of its own, so many lines
    date: Optional[str] = None

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "outcomes": self.outcomes,
            "changes": self.changes,
            "own_file_lines": self.own_file_lines,
            "date": self.date,
        }


def examples_directory() -> Path:
    return resource_dir("examples")


def load_examples(rule_id: str, directory: Optional[Path] = None) -> list[Example]:
    """The examples of ``rule_id`` in file order; none when the rule has no case file."""
    import yaml

    path = (directory or examples_directory()) / f"{rule_id}.yaml"
    if not path.is_file():
        return []
    spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out = []
    for name, case in (spec.get("cases") or {}).items():
        status = (case.get("expect") or {}).get("status")
        outcomes = {str(k): str(v) for k, v in status.items()} if isinstance(status, dict) else {"*": str(status)}
        own = case.get("org")
        out.append(
            Example(
                name=str(name),
                outcomes=outcomes,
                changes=[] if own is not None else describe_patch(case.get("patch") or {}),
                own_file_lines=len(own.splitlines()) if isinstance(own, str) else None,
                date=str(case["date"]) if case.get("date") is not None else None,
            )
        )
    return out


def describe_patch(patch: Any, prefix: str = "") -> list[str]:
    """The change a case makes, one line per leaf: ``null`` deletes a key (not stated),
    ``"<null>"`` writes an explicit null (stated as absent), anything else replaces."""
    if not isinstance(patch, dict):
        return [f"{prefix}: {_compact(patch)}"]
    out: list[str] = []
    for key, value in patch.items():
        path = f"{prefix}.{key}" if prefix else str(key)
        if value is None:
            out.append(f"`{path}` utelämnad")
        elif value == "<null>":
            out.append(f"{path}: null")
        elif isinstance(value, dict) and value:
            out.extend(describe_patch(value, path))
        else:
            out.append(f"{path}: {_compact(value)}")
    return out


def _compact(value: Any) -> str:
    text = json.dumps(explicit_nulls(value), ensure_ascii=False, default=str)
    return text if len(text) <= MAX_CHANGE_CHARS else text[: MAX_CHANGE_CHARS - 1] + "…"


def explicit_nulls(value: Any) -> Any:
    """``"<null>"`` anywhere in a fixture's replacing value becomes an explicit ``null``."""
    if value == "<null>":
        return None
    if isinstance(value, dict):
        return {k: explicit_nulls(v) for k, v in value.items()}
    if isinstance(value, list):
        return [explicit_nulls(v) for v in value]
    return value


def apply_patch(base: Any, patch: Any) -> Any:
    """A fixture case's organisation: ``patch`` merged into ``base`` (the fixtures' format, docs/rules.md).

    Mappings merge, ``null`` deletes (the fact is then *not stated*), the string ``"<null>"``
    writes an explicit ``null`` (stated as absent), anything else replaces. Neither input is changed.
    """
    if isinstance(base, dict) and isinstance(patch, dict):
        out = dict(base)
        for key, value in patch.items():
            if value is None:
                out.pop(key, None)
            elif value == "<null>":
                out[key] = None
            else:
                out[key] = apply_patch(base.get(key), value)
        return out
    return explicit_nulls(copy.deepcopy(patch))


def grouped(examples: list[Example]) -> list[tuple[str, list[tuple[Example, list[str]]]]]:
    """Examples under each outcome heading; with each, the scopes it has that outcome in."""
    out = []
    for status, heading in OUTCOME_GROUPS:
        rows = []
        for ex in examples:
            scopes = [scope for scope, s in ex.outcomes.items() if s == status]
            if scopes:
                rows.append((ex, [s for s in scopes if s not in ("*", "organisation")]))
        if rows:
            out.append((heading, rows))
    return out


def describe_example(ex: Example, scopes: list[str]) -> str:
    """``name: change; change (unit:bof), bedömningsdag 2025-01-01`` for the text of ``rules show``."""
    if ex.own_file_lines is not None:
        what = f"en egen organisationsfil ({ex.own_file_lines} rader)"
    elif not ex.changes:
        what = "grundexemplet"
    else:
        shown = ex.changes[:MAX_CHANGES]
        more = len(ex.changes) - len(shown)
        what = "; ".join(shown) + (f" och {more} ändringar till" if more else "")
    if scopes:
        what += f" ({', '.join(scopes)})"
    if ex.date:
        what += f", bedömningsdag {ex.date}"
    return f"{ex.name}: {what}"


__all__ = ["BASE_FILE", "OUTCOME_GROUPS", "Example", "describe_example", "describe_patch", "grouped", "load_examples"]
