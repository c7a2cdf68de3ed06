"""How a letter words its krav: ``templates/krav.yaml``, loaded and validated once.

A rule's ``demand`` states the whole obligation ("upprätta en skriftlig
handlingsplan"); a letter must demand what is actually wrong ("ange vem som
ansvarar för åtgärden ”X”"). The phrasebook holds one "Ni ska …" sentence per
check, what the reply must show per rule, which findings merge into one krav,
and what a tillsynsmeddelande asks for. It is Swedish text for letters, so it
lives beside the templates, not in the rule pack.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from samosa.source.loader import load_yaml
from samosa.source.problems import InputError
from samosa.source.resources import require_resource_dir

#: The krav phrasebook's name in the bundled templates (found through source/resources.py).
PHRASEBOOK_NAME = "krav.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CheckPhrase(_Strict):
    do: str = Field(description="The action, 'Ni ska …', with {objects}, {in_units} and [sg|pl].")
    none: Optional[str] = Field(None, description="The action when the deficiency names no object.")
    covered_by: list[str] = Field(default_factory=list, description="RULE.check actions that already demand this.")


class RulePhrases(_Strict):
    show: str = Field(description="What the reply must show, after 'I ert svar ska ni redovisa'.")
    consequence: Optional[str] = Field(None, description="Stated with the deficiency (e.g. the penal consequence).")
    checks: dict[str, Union[str, CheckPhrase]] = Field(default_factory=dict)

    def phrase(self, check: str) -> Optional[CheckPhrase]:
        p = self.checks.get(check)
        if p is None:
            return None
        return CheckPhrase(do=" ".join(p.split())) if isinstance(p, str) else p


class MergeSpec(_Strict):
    title: str
    objects: Optional[Literal["incidents", "delegations", "risk_assessments", "premises", "routines"]] = None
    rules: list[str] = Field(default_factory=list)


class TillsynItem(_Strict):
    area: Literal["sam", "osa", "violence", "crisis", "premises", "general"]
    title: str
    rules: list[str] = Field(min_length=1)
    text: str
    references: list[str] = Field(min_length=1)
    attach: list[str] = Field(default_factory=list)


class Phrasebook(_Strict):
    rules: dict[str, RulePhrases]
    merge: list[MergeSpec] = Field(default_factory=list)
    tillsyn: list[TillsynItem] = Field(default_factory=list)

    def for_rule(self, rule: str) -> Optional[RulePhrases]:
        return self.rules.get(rule)


@functools.lru_cache(maxsize=4)
def load_phrasebook(path: Optional[Path] = None) -> Phrasebook:
    """Load and validate the phrasebook (the bundled one by default); problems carry ``file:line:col``."""
    if path is None:
        path = require_resource_dir("templates") / PHRASEBOOK_NAME
    data, smap = load_yaml(path)
    try:
        return Phrasebook.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(p for p in err["loc"] if not isinstance(p, str) or not p.startswith("function-"))
            problems.append(smap.problem(loc, f"{err['msg']} (in the krav phrasebook)"))
        raise InputError(problems) from None


_AGREE = re.compile(r"\[([^|\]]*)\|([^\]]*)\]")


def fill(template: str, *, objects: str = "", in_units: str = "", plural: bool = False) -> str:
    """Fill a phrase: ``{objects}``, ``{in_units}`` and ``[singular|plural]``."""
    text = " ".join(template.split())
    text = _AGREE.sub(lambda m: m.group(2) if plural else m.group(1), text)
    text = text.replace("{objects}", objects).replace("{in_units}", in_units)
    text = re.sub(r" +([,.])", r"\1", re.sub(r"  +", " ", text))
    return text.strip()


__all__ = ["CheckPhrase", "Phrasebook", "RulePhrases", "TillsynItem", "fill", "load_phrasebook"]
