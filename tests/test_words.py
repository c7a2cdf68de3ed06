"""Swedish for the org model's codes and numbers in Swedish form (samosa/models/words.py)."""

from __future__ import annotations

import re
import typing
from enum import Enum

import pytest

from samosa.models import org as m
from samosa.models.words import FIELD_VOCABULARIES, VOCABULARIES, code_word, sv_number, sv_percent


def _enums_of_model() -> set[type[Enum]]:
    found: set[type[Enum]] = set()
    for name in dir(m):
        obj = getattr(m, name)
        # (the Vocabulary base class has no codes of its own)
        if isinstance(obj, type) and issubclass(obj, Enum) and obj.__module__ == m.__name__ and len(obj):
            found.add(obj)
    return found


def test_every_vocabulary_of_the_org_model_has_words():
    enums = _enums_of_model()
    assert enums <= set(VOCABULARIES), f"give these vocabularies Swedish words: {enums - set(VOCABULARIES)}"
    for vocab, words in VOCABULARIES.items():
        codes = [e.value for e in vocab] if not isinstance(vocab, str) else list(m.STOCKHOLM_CONDITIONS)
        assert sorted(words) == sorted(codes), vocab
        assert all(w and w == w.strip() for w in words.values())


def test_every_field_with_a_closed_list_knows_its_vocabulary():
    """Walk the model: a field typed by a vocabulary (or a list of one) is in FIELD_VOCABULARIES."""
    from pydantic import BaseModel

    expected: set[str] = set()

    def walk(model: type[BaseModel], prefix: str) -> None:
        for name, info in model.model_fields.items():
            path = prefix + (info.alias or name)
            text = repr(info.annotation)
            if any(re.search(rf"\b{e.__name__}\b", text) for e in _enums_of_model()) or "Literal[" in text:
                expected.add(path)
            for arg in typing.get_args(info.annotation) + (info.annotation,):
                for sub in typing.get_args(arg) + (arg,):
                    if isinstance(sub, type) and issubclass(sub, BaseModel):
                        walk(sub, path + ".")

    walk(m.OrgFile, "")
    assert expected == set(FIELD_VOCABULARIES)


@pytest.mark.parametrize(
    "code, field, word",
    [
        ("ill_health", "incidents.kind", "ohälsa"),
        ("in_progress", "action_plan.status", "pågår"),
        ("barn_och_familj", "units.area", "Barn och familj"),
        ("sam", "introduction.covers", "arbetsmiljöarbetet"),  # the field's own vocabulary …
        ("sam", "training.topic", "systematiskt arbetsmiljöarbete"),  # … not the first that has the code
        ("units[2].area", None, "units[2].area"),  # not a code: returned as it is
    ],
)
def test_code_words(code, field, word):
    assert code_word(code, field) == word


@pytest.mark.parametrize(
    "value, text",
    [(11.2, "11,2"), (29.0, "29"), (9.55, "9,6"), (0.04, "0"), (12500, "12\u00a0500"), (1234.5, "1\u00a0234,5")],
)
def test_swedish_numbers(value, text):
    assert sv_number(value) == text


def test_swedish_percent():
    assert sv_percent(11.2) == "11,2 %" and sv_percent(9.95, 2) == "9,95 %"
