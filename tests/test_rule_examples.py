"""``samosa rules show`` prints each rule's fixture cases as its examples (issue 14)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from samosa.cli import app
from samosa.rulebook.catalogue import rule_detail
from samosa.rulebook.examples import describe_patch, grouped, load_examples

from .conftest import FIXTURES, RULES_DIR, load_plain

RULE_IDS = sorted(p.stem for p in FIXTURES.glob("*.yaml") if not p.name.startswith("_"))


def test_a_patch_reads_as_what_it_changes():
    patch = {"policy": {"written": False, "communicated": None}, "incidents": "<null>", "units": []}
    assert describe_patch(patch) == [
        "policy.written: false",
        "`policy.communicated` utelämnad",
        "incidents: null",
        "units: []",
    ]


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_every_case_is_an_example_under_its_outcome(rulebook, rule_id):
    cases = load_plain(FIXTURES / f"{rule_id}.yaml")["cases"]
    examples = load_examples(rule_id)
    assert [e.name for e in examples] == list(cases)
    headings = {h for h, _ in grouped(examples)}
    assert "Uppfylls av" in headings  # the meta-test of the fixtures requires pass, fail and not stated
    assert headings & {"Uppfylls inte av", "Uppfylls delvis av"}
    assert "Framgår inte av" in headings
    assert rule_detail(rulebook, rule_id)["examples"] == [e.to_json() for e in examples]


def test_rules_show_prints_them_and_json_carries_them():
    runner = CliRunner()
    text = runner.invoke(app, ["rules", "show", "SAM-POLICY"]).output
    block = text[text.index("Exempel (testfall") :]
    assert block.index("  Uppfylls av:") < block.index("  Uppfylls inte av:") < block.index("  Framgår inte av:")
    assert "    no_policy_fails: policy: null\n" in block
    assert "    policy_not_described_is_not_shown: `policy` utelämnad\n" in block
    assert "cites_new_rules_from_2025: grundexemplet, bedömningsdag 2025-01-01" in block
    data = json.loads(runner.invoke(app, ["rules", "show", "SAM-POLICY", "--format", "json"]).output)
    assert {"name": "no_policy_fails", "outcomes": {"*": "fail"}, "changes": ["policy: null"]}.items() <= {
        k: v for e in data["examples"] if e["name"] == "no_policy_fails" for k, v in e.items()
    }.items()


def test_a_custom_pack_shows_no_bundled_examples():
    runner = CliRunner()
    res = runner.invoke(app, ["rules", "show", "SAM-POLICY", "--rules", str(RULES_DIR)])
    assert res.exit_code == 0 and "Exempel" not in res.output
