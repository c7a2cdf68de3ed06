"""Name the things a deficiency concerns the way a letter does: by their Swedish names.

An assessment points at items of the organisation file by path
(``risk_assessments[0].risks[2]``); its notes name them by internal id, which is
right for ``samosa check`` and wrong in a letter. Here a path becomes
"risken ”Hög arbetsbelastning …”", "åtgärden ”Införa ärendetak …”", "lokalen
”Rådhuset, plan 2”" or "händelsen den 22 januari 2024 (hot)". Incidents are
named by date and kind only: their descriptions may name people.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Optional

from samosa.documents.swedish import join_sv, lower_role, sv_date
from samosa.models.words import INCIDENT_KINDS, ROUTINE_TOPICS, TRAINING_TOPICS

_STEP = re.compile(r"([A-Za-z_]+)(?:\[(\d+)\])?")


@dataclass(frozen=True)
class NamedObject:
    """One thing in the organisation file, as a letter names it.

    ``singular`` and ``plural`` are the definite nouns ("risken", "riskerna");
    ``name`` what follows ("”Hög arbetsbelastning”"). ``key`` is the file path,
    which is how two findings are seen to concern the same thing.
    """

    key: str
    collection: str
    singular: str
    plural: str
    name: str

    @property
    def text(self) -> str:
        return f"{self.singular} {self.name}"


def resolve(root: dict[str, Any], path: str) -> tuple[str, Optional[dict[str, Any]], list[dict[str, Any]]]:
    """``("risk_assessments.risks", the risk, [the assessment, the risk])`` for a path, or ``("", None, [])``."""
    if not path:
        return "", None, []
    obj: Any = root
    parts: list[str] = []
    chain: list[dict[str, Any]] = []
    index: Optional[str] = None  # the last step's [n]
    for step in path.split("."):
        m = _STEP.fullmatch(step)
        if not m or not isinstance(obj, dict):
            return "", None, []
        obj = obj.get(m[1])
        parts.append(m[1])
        index = m[2]
        if index is not None:
            if not isinstance(obj, list) or int(index) >= len(obj):
                return "", None, []
            obj = obj[int(index)]
            if isinstance(obj, dict):
                chain.append(obj)
        elif obj is None:
            return "", None, []
    if index is None or not isinstance(obj, dict):  # a field or a section, not an item of a collection
        return ".".join(parts), None, chain
    return ".".join(parts), obj, chain


def _quoted(text: Any) -> str:
    return f"”{' '.join(str(text).split())}”"


def _value(x: Any) -> str:
    return x.value if hasattr(x, "value") else str(x)


def _day(x: Any) -> str:
    if isinstance(x, dt.date):
        return sv_date(x)
    try:
        return sv_date(dt.date.fromisoformat(str(x)))
    except ValueError:
        return str(x)


def name_object(root: dict[str, Any], path: str, unit_names: dict[str, str]) -> Optional[NamedObject]:
    """The Swedish name of the item at ``path``; ``None`` for a section or field (nothing to name)."""
    collection, item, chain = resolve(root, path)
    if item is None:
        return None
    key = path
    if collection == "risk_assessments.risks":
        return NamedObject(key, collection, "risken", "riskerna", _quoted(item.get("description", "")))
    if collection == "risk_assessments":
        title = item.get("title")
        when = f"från den {_day(item.get('date'))}"
        name = f"{_quoted(title)} {when}" if title else when
        return NamedObject(key, collection, "riskbedömningen", "riskbedömningarna", name)
    if collection == "action_plan":
        return NamedObject(key, collection, "åtgärden", "åtgärderna", _quoted(item.get("measure", "")))
    if collection == "incidents":
        kind = INCIDENT_KINDS.get(_value(item.get("kind")), _value(item.get("kind")))
        unit = unit_names.get(item.get("unit") or "")
        detail = f"{kind}, {unit}" if unit else kind
        return NamedObject(key, collection, "händelsen", "händelserna", f"den {_day(item.get('date'))} ({detail})")
    if collection == "routines":
        title = item.get("title")
        if title:
            return NamedObject(key, collection, "rutinen", "rutinerna", _quoted(title))
        topic = ROUTINE_TOPICS.get(_value(item.get("topic")), "arbetsmiljön")
        return NamedObject(key, collection, "rutinen", "rutinerna", f"för {topic}")
    if collection == "delegations":
        # named by its recipient's role; the unit is said where the deficiency is ("Gäller", the line's prefix)
        to = lower_role(str(item.get("to_role") or item.get("to") or ""))
        return NamedObject(key, collection, "uppgiftsfördelningen", "uppgiftsfördelningarna", f"till {to}")
    if collection == "premises":
        return NamedObject(key, collection, "lokalen", "lokalerna", _quoted(item.get("name", "")))
    if collection == "training":
        topic = TRAINING_TOPICS.get(_value(item.get("topic")), "arbetsmiljö")
        return NamedObject(key, collection, "utbildningen", "utbildningarna", f"i {topic} den {_day(item.get('date'))}")
    if collection == "annual_followups":
        return NamedObject(
            key, collection, "den årliga uppföljningen", "de årliga uppföljningarna", str(item.get("year"))
        )
    if collection == "units":
        return NamedObject(key, collection, "enheten", "enheterna", str(item.get("name", "")))
    return None


_RULE_ID = re.compile(r"\b[A-Z]+(?:-[A-Z0-9]+)+\b")


def name_rules(text: str, titles: dict[str, str]) -> str:
    """Rule ids in a rule's own text ("prövas i VH-STOD") replaced by the rule's title in quotes.

    ``titles`` maps rule id to title (``{r.id: r.title for r in book}``); an id it
    does not know is left as it is.
    """
    return _RULE_ID.sub(lambda m: f"”{titles[m[0]]}”" if m[0] in titles else m[0], text)


def owner_path(path: str) -> str:
    """The item a field path belongs to: ``action_plan[2].deadline`` → ``action_plan[2]``; ``""`` for a section."""
    if not re.search(r"\]\.[A-Za-z_.]+$", path):
        return ""
    owner = re.sub(r"\.[A-Za-z_]+$", "", path)
    while owner and not owner.endswith("]"):
        owner = owner.rsplit(".", 1)[0]
    return owner


def describe_missing(root: dict[str, Any], path: str, unit_names: dict[str, str]) -> str:
    """What is not stated at ``path``, as a letter says it: "Åtgärden ”…”: det framgår inte när …".

    The thing it belongs to is named (never by its internal id); a section or a
    top-level field is said on its own ("Det framgår inte om det finns en arbetsmiljöpolicy").
    """
    from samosa.models.facts import unknown_phrase

    owner = owner_path(path)
    named = name_object(root, owner, unit_names) if owner else None
    question = "det framgår inte " + unknown_phrase(path)
    if named:
        return f"{named.text[:1].upper()}{named.text[1:]}: {question}"
    return question[:1].upper() + question[1:]


def join_objects(objects: list[NamedObject], more: int = 0) -> str:
    """``riskerna ”A” och ”B”`` when all are of one kind, else each with its noun.

    ``more`` counts items of the same kind left out of the evidence ("och
    ytterligare 2").
    """
    if not objects:
        return ""
    kinds = {(o.singular, o.plural) for o in objects}
    if len(kinds) == 1 and (len(objects) > 1 or more):
        sg, pl = kinds.pop()
        names = [o.name for o in objects]
        if more:
            names.append(f"ytterligare {more}")
        return f"{pl} {join_sv(names)}"
    texts = [o.text for o in objects]
    if more:
        texts.append(f"ytterligare {more}")
    return join_sv(texts)


__all__ = [
    "INCIDENT_KINDS",
    "NamedObject",
    "describe_missing",
    "join_objects",
    "name_object",
    "name_rules",
    "owner_path",
    "resolve",
]
