"""Stable identities for what a deficiency is about: rule + scope + check + the item.

A finding is one per rule and scope, but a deficiency is about things: the
serious incident that was not reported, the risk that no measure answers.
Comparing this year's assessment with last year's by rule and scope alone
hides a new unreported incident when the rule was already failing. So every
failing finding carries ``subjects``: one string per failed check, naming the
items that check found at fault by their ids in the file —

* ``reported:incidents/inc-2024-09`` (an ``every`` check's violating item);
* ``serious-risks-answered:risk_assessments/rb-2024-1/risks/r-vakanser``
  (a nested item: its parents' ids too, since ids are unique per list);
* ``investigated`` (a check that fails on the scope as a whole: nothing of the
  kind exists, or a section is missing or incomplete).

Ids are the file's own stable identities, so an added item does not shift
them; items without an ``id`` are named by ``year`` (annual follow-ups) or,
failing that, by position. Every violating item counts, not only the few a
finding shows as evidence.
"""

from __future__ import annotations

from typing import Any, Optional

from samosa.engine.conditions import Context, cached_collection, unit_index
from samosa.engine.selection import category, verdict
from samosa.rulebook.vocabulary import EveryCheck


def item_name(item: Any, index: int) -> str:
    """How one item of a list is named in a subject: its id, else its year, else ``#index``."""
    if isinstance(item, dict):
        for key in ("id", "year"):
            value = item.get(key)
            if isinstance(value, (str, int)) and not isinstance(value, bool):
                return str(value)
    return f"#{index}"


def object_key(root: dict, path: tuple) -> str:
    """``("risk_assessments", 0, "risks", 2)`` → ``risk_assessments/rb-2024-1/risks/r-vakanser``."""
    parts: list[str] = []
    obj: Any = root
    for step in path:
        if isinstance(step, int):
            obj = obj[step] if isinstance(obj, list) and step < len(obj) else None
            parts.append(item_name(obj, step))
        else:
            obj = obj.get(step) if isinstance(obj, dict) else None
            parts.append(step)
    return "/".join(parts)


def path_of(root: dict, key: str) -> Optional[str]:
    """Where the item ``key`` names is in ``root`` (``risk_assessments[0].risks[2]``), or ``None`` if it is gone.

    The inverse of :func:`object_key`: how a subject from another version of the
    file is found (and named) in this one.
    """
    parts = key.split("/")
    if not key or len(parts) % 2:
        return None
    obj: Any = root
    out: list[str] = []
    for name, ident in zip(parts[::2], parts[1::2], strict=True):
        items = obj.get(name) if isinstance(obj, dict) else None
        if not isinstance(items, list):
            return None
        found = next((n for n, it in enumerate(items) if item_name(it, n) == ident), None)
        if found is None:
            return None
        out.append(f"{name}[{found}]")
        obj = items[found]
    return ".".join(out)


def _scope_indexes(check: EveryCheck, ctx: Context, count: int) -> list[int]:
    """The item indexes a check looks at in the context's scope (as ``selection.select`` does)."""
    if not check.unit_field or ctx.unit is None:
        return list(range(count))
    by_unit, org_wide = unit_index(ctx, check.collection, check.unit_field)
    own = list(by_unit.get(ctx.unit["id"], []))
    return sorted(own + list(org_wide)) if check.include_org_wide else own


def violating_items(check: EveryCheck, ctx: Context) -> list[tuple[tuple, dict]]:
    """Every item that violates ``check`` in the context's scope (verdicts are memoised: no re-evaluation)."""
    coll = cached_collection(ctx, check.collection)
    out = []
    for n in _scope_indexes(check, ctx, len(coll.items)):
        path, item = coll.items[n]
        if category(check, verdict(check, n, item, ctx)) == "violation":
            out.append((path, item))
    return out


def subjects(failed_checks: list[Any], ctx: Context) -> list[str]:
    """The subjects of a failing finding, from the checks that failed (sorted, no duplicates)."""
    out: set[str] = set()
    for check in failed_checks:
        if isinstance(check, EveryCheck):
            found = violating_items(check, ctx)
            out.update(f"{check.id}:{object_key(ctx.root, path)}" for path, _ in found)
            if found:
                continue
        out.add(check.id)
    return sorted(out)


def subject_check(subject: str) -> str:
    """The check id of a subject."""
    return subject.split(":", 1)[0]


def subject_object(subject: str) -> str:
    """The item a subject names (``incidents/inc-2024-09``), or ``""`` for the scope as a whole."""
    return subject.split(":", 1)[1] if ":" in subject else ""


__all__ = ["item_name", "object_key", "path_of", "subject_check", "subject_object", "subjects", "violating_items"]
