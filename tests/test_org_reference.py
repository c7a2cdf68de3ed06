"""docs/org-format.md's Swedish field reference is the model's own words, and stays current."""

from __future__ import annotations

import subprocess
import sys

from pydantic import BaseModel

from samosa.models.org import NOT_STATED_KEY, OrgFile
from samosa.models.reference import BEGIN, END, field_reference, updated

from .conftest import ROOT

DOC = ROOT / "docs" / "org-format.md"


def test_the_committed_reference_is_the_generated_one():
    text = DOC.read_text(encoding="utf-8")
    assert BEGIN in text and END in text
    assert updated(text) == text, "docs/org-format.md is stale; run `python -m samosa.models.reference` and commit it"


def _fields(model: type[BaseModel]):
    import typing

    for name, info in model.model_fields.items():
        yield info.alias or name, info
        for arg in (info.annotation, *typing.get_args(info.annotation)):
            for sub in (arg, *typing.get_args(arg)):
                if isinstance(sub, type) and issubclass(sub, BaseModel):
                    yield from _fields(sub)


def test_every_field_its_description_and_its_not_stated_words_are_in_the_reference():
    ref = field_reference()
    for key, info in _fields(OrgFile):
        assert f"| `{key}` |" in ref or f"| [`{key}`](#" in ref, key
        if info.description:
            assert " ".join(info.description.split()).replace("|", "\\|") in ref, key
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        if NOT_STATED_KEY in extra:
            assert f"framgår inte: {extra[NOT_STATED_KEY]}" in ref, key
    # closed lists show their codes with the Swedish words
    assert "`ill_health` ohälsa" in ref and "`in_progress` pågår" in ref


def test_check_mode_reports_a_stale_reference(tmp_path):
    doc = tmp_path / "org-format.md"
    doc.write_text(f"# x\n\n{BEGIN}\nold\n{END}\n", encoding="utf-8")
    cmd = [sys.executable, "-m", "samosa.models.reference", "--doc", str(doc)]
    assert subprocess.run([*cmd, "--check"], cwd=ROOT).returncode == 1
    assert subprocess.run(cmd, cwd=ROOT).returncode == 0
    assert subprocess.run([*cmd, "--check"], cwd=ROOT).returncode == 0
    assert "| `employees` |" in doc.read_text(encoding="utf-8")
