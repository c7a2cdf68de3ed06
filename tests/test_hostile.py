"""Hostile and broken input: every case is refused with a positioned message, never a traceback.

The limits themselves (size, depth, values) are documented in
docs/threat-model.md. Time and memory are bounded by those limits; the
benchmarks measure them, these tests only assert behaviour.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from samosa import InputError, evaluate, load_org, load_rules
from samosa.source.loader import MAX_BYTES, MAX_DEPTH, MAX_NODES, read_text

from .conftest import ROOT, RULES_DIR, dump_yaml

SAMPLE = ROOT / "sample_orgs" / "mellanby_ifo.yaml"

MINIMAL = "organisation:\n  name: Testby kommun\n  employees: 12\n"

LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(9)
)


def _refused(tmp_path: Path, content: str | bytes, name: str = "org.yaml") -> list:
    path = tmp_path / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        load_org(path)
    problems = info.value.problems
    assert problems, "an InputError must carry at least one problem"
    for p in problems:
        assert p.file == str(path) and p.line >= 1 and p.column >= 1 and p.message
    return problems


# (name, content, expected message part, expected (line, column) or None)
HOSTILE = [
    ("billion_laughs", LAUGHS, "alias bomb", None),
    ("deep_flow_sequences", "organisation: " + "[" * 10_000 + "]" * 10_000 + "\n", f"deeper than {MAX_DEPTH}", (1, 79)),
    (
        "deep_flow_mappings",
        "organisation: " + "{a: " * 10_000 + "1" + "}" * 10_000 + "\n",
        f"deeper than {MAX_DEPTH}",
        None,
    ),
    ("deep_block_mappings", "".join("  " * i + "k:\n" for i in range(1_000)), f"deeper than {MAX_DEPTH}", (65, 129)),
    ("deep_block_sequences", "".join("  " * i + "-\n" for i in range(1_000)), f"deeper than {MAX_DEPTH}", None),
    ("binary_png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data", (3, 1)),
    ("latin1", "organisation:\n  name: Östersund\n  employees: 1\n".encode("latin-1"), "not valid UTF-8", (2, 9)),
    (
        "windows1252",
        "organisation:\n  name: \u201cKommun\u201d\n  employees: 1\n".encode("cp1252"),
        "not valid UTF-8",
        (2, 9),
    ),
    ("utf16_bom", MINIMAL.encode("utf-16"), "UTF-16", (1, 1)),
    ("utf16_no_bom", MINIMAL.encode("utf-16-le"), "UTF-16", (1, 1)),
    ("utf32", MINIMAL.encode("utf-32"), "UTF-32", (1, 1)),
    ("duplicate_top_key", MINIMAL + "organisation:\n  name: X\n  employees: 1\n", "duplicate key", (4, 1)),
    ("duplicate_nested_key", "organisation:\n  name: A\n  name: B\n  employees: 1\n", "duplicate key", (3, 3)),
    ("python_object", "organisation: !!python/object:os.system {}\n", "custom YAML tag", (1, 15)),
    ("python_apply", "organisation: !!python/object/apply:os.system ['echo pwned']\n", "custom YAML tag", (1, 15)),
    ("python_name", "organisation: !!python/name:os.system\n", "custom YAML tag", (1, 15)),
    ("local_tag", "organisation: !include /etc/passwd\n", "custom YAML tag", (1, 15)),
    ("binary_tag", "organisation: !!binary aGVsbG8=\n", "unsupported YAML value", (1, 15)),
    ("set_tag", "organisation: !!set {a, b}\n", "unsupported YAML value", (1, 15)),
    ("huge_integer", "organisation:\n  name: X\n  employees: " + "9" * 5000 + "\n", "too many digits", (3, 14)),
    ("bad_explicit_int", "organisation:\n  name: X\n  employees: !!int tolv\n", "cannot read this value", (3, 14)),
    ("control_character", 'organisation:\n  name: "a\x07b"\n  employees: 1\n', "U+0007", (2, 11)),
    ("complex_key", "? [a, b]\n: 1\n", "plain scalars", (1, 3)),
    ("undefined_alias", "organisation: *nowhere\n", "undefined alias", (1, 15)),
    ("two_documents", MINIMAL + "---\n" + MINIMAL, "one YAML document", (1, 1)),
    ("tab_indentation", "organisation:\n\tname: X\n", "syntax error", (2, 1)),
    ("top_level_list", "- organisation\n", "expected a mapping", (1, 1)),
    ("top_level_scalar", "just text\n", "expected a mapping", (1, 1)),
    # Reproducers of issue 15: each crashed the ruamel loader (exit 3) or, for the
    # surrogate, loaded and then crashed every output.
    ("set_of_a_scalar", "a: !!set x\n", "!!set needs a mapping, not a scalar", (1, 4)),
    ("omap_of_a_scalar", "a: !!omap x\n", "!!omap needs a list of one-key mappings, not a scalar", (1, 4)),
    ("omap_item_not_a_mapping", "a: !!omap [x]\n", "this item is a scalar", (1, 12)),
    ("bool_not_a_boolean", "a: !!bool x\n", "'x' is not a boolean; write true or false", (1, 4)),
    ("empty_explicit_int", "a: !!int ''\n", "cannot read this value: '' is not an integer", (1, 4)),
    ("underscore_octal", "organisation:\n  employees: 0o_\n", "'0o_' is not an integer", (2, 14)),
    ("float_without_exponent", "a: !!float 1e\n", "'1e' is not a number", (1, 4)),
    ("merge_into_itself", "b: &x\n  <<: *x\n", "alias *x is used inside the value it names", (2, 7)),
    ("sequence_containing_itself", "a: &s [*s]\n", "recursive data is not allowed", (1, 8)),
    ("yaml_version_1_9", "%YAML 1.9\n---\na: 1\n", "only %YAML 1.1 and %YAML 1.2 can be read", (1, 1)),
    ("two_yaml_directives", "%YAML 1.2\n%YAML 1.2\n---\na: 1\n", "duplicate %YAML directive", (2, 1)),
    ("mapping_as_key", "? {a: 1}\n: 2\n", "mapping keys must be plain scalars", (1, 3)),
    ("mapping_as_flow_key", "{a: 1}: 2\n", "mapping keys must be plain scalars", (1, 1)),
    ("mapping_in_a_sequence_key", "[{a: 1}]: x\n", "mapping keys must be plain scalars", (1, 1)),
    ("tagged_key", "!!str k: v\n", "mapping keys must be plain scalars", (1, 1)),
    (
        "lone_surrogate_escape",
        'organisation:\n  name: "\\ud800"\n  employees: 3\n',
        "found invalid Unicode character escape code",
        (2, 12),
    ),
    ("lone_low_surrogate_escape", 'a: "x \\udfff"\n', "invalid Unicode character escape", (1, 9)),
    ("hex_integer_too_long", "a: 0x" + "f" * 4000 + "\n", "the number has too many digits", (1, 4)),
    (
        "merge_of_a_list_of_scalars",
        "a: {<<: [1, 2]}\n",
        "a merge key << merges mappings; this item is a scalar",
        (1, 10),
    ),
    ("two_merge_keys", "a: &a {x: 1}\nb:\n  <<: *a\n  <<: *a\n", "a second merge key", (4, 3)),
    ("int_tag_on_a_mapping", "a: !!int {b: 1}\n", "!!int needs a scalar, not a mapping", (1, 4)),
    ("deep_flow_one_line_beyond_libyaml", "a: " + "[" * 1_500 + "\n", f"deeper than {MAX_DEPTH}", (1, 68)),
    (
        "merge_chain_too_deep",
        "a0: &a0 {x: 1}\n" + "".join(f"a{i}: &a{i} {{<<: *a{i - 1}, y{i}: {i}}}\n" for i in range(1, 70)),
        f"merge keys are nested deeper than {MAX_DEPTH} levels",
        (66, 6),
    ),
    ("deep_flow_over_lines", "a: [\n" + "  [\n" * 200, f"deeper than {MAX_DEPTH}", (65, 3)),
]


@pytest.mark.parametrize("name,content,needle,pos", HOSTILE, ids=[c[0] for c in HOSTILE])
def test_hostile_input_is_refused_with_position(tmp_path, name, content, needle, pos):
    problems = _refused(tmp_path, content)
    assert any(needle in p.message for p in problems), [str(p) for p in problems]
    if pos is not None:
        assert (problems[0].line, problems[0].column) == pos, str(problems[0])


def test_deep_nesting_position_is_where_the_limit_is_crossed(tmp_path):
    """ruamel would hit Python's recursion limit; we stop at the limit, with its position."""
    problems = _refused(tmp_path, "organisation: " + "[" * 10_000 + "]" * 10_000 + "\n")
    assert problems[0].line == 1 and problems[0].column > 1


def test_nesting_at_the_limit_still_loads_as_yaml():
    from samosa.source.loader import load_yaml

    depth = MAX_DEPTH - 1
    data, _ = load_yaml("x.yaml", "a: " + "[" * depth + "1" + "]" * depth + "\n")
    assert isinstance(data["a"], list)


def test_alias_bomb_stops_at_the_value_limit(tmp_path):
    problems = _refused(tmp_path, LAUGHS)
    assert f"more than {MAX_NODES} values" in problems[0].message


def test_alias_bomb_is_refused_where_the_expansion_would_cross_the_limit(tmp_path):
    """Aliased values are sized before they are expanded: the refusal names the alias that would cross it."""
    problems = _refused(tmp_path, LAUGHS)
    assert (problems[0].line, problems[0].path) == (6, "f")


def test_aliases_within_the_limit_expand_with_the_anchors_positions():
    from samosa.source.loader import load_yaml

    data, smap = load_yaml("x.yaml", "a: &a {x: [1, 2]}\nb: [*a, *a]\n")
    assert data["b"] == [{"x": [1, 2]}, {"x": [1, 2]}]
    assert data["b"][0] is not data["b"][1] and data["b"][0]["x"] is not data["a"]["x"]
    assert smap.position(("b", 1, "x", 1)) == smap.position(("a", "x", 1)) == (1, 15)


def test_large_file_under_the_limit_is_read(tmp_path):
    """A 9 MB file passes the size gate and is read in full (here it then fails on its last byte)."""
    path = tmp_path / "big.yaml"
    body = ("# " + "x" * 98 + "\n") * (9 * 1024 * 1024 // 101)
    path.write_bytes(body.encode() + b"\x00")
    assert path.stat().st_size > 9 * 1024 * 1024 - 200
    with pytest.raises(InputError) as info:
        read_text(path)
    assert "NUL" in info.value.problems[0].message
    assert info.value.problems[0].line == body.count("\n") + 1


def test_file_over_the_limit_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as fh:
        fh.truncate(MAX_BYTES + 1)  # sparse: no need to write 10 MB
    with pytest.raises(InputError) as info:
        load_org(path)
    p = info.value.problems[0]
    assert (p.line, p.column) == (1, 1) and f"limit is {MAX_BYTES} bytes" in p.message


def test_merge_keys_load_with_positions_in_the_anchor():
    text = textwrap.dedent("""\
        organisation:
          name: Mergeby kommun
          employees: 30
        units:
          - &standard
            id: a
            name: Enhet A
            area: vuxna
            employees: 10
          - <<: *standard
            id: b
            name: Enhet B
    """)
    org = load_org("merge.yaml", text)
    assert [u.id for u in org.model.units] == ["a", "b"]
    assert org.model.units[1].area == "vuxna"
    # the merged value is written in the first unit: line 8, column 11
    assert org.source.position(("units", 1, "area")) == (8, 11)
    assert org.source.position(("units", 1, "id")) == (11, 9)
    evaluate(org, load_rules(RULES_DIR))


def test_merge_of_a_scalar_is_refused(tmp_path):
    problems = _refused(tmp_path, "x: &s 5\norganisation:\n  <<: *s\n")
    assert problems[0].line >= 1


# ------------------------------------------------------------------- CLI


def _cli(args: list[str]):
    from samosa.cli.app import app

    return CliRunner().invoke(app, args)


@pytest.mark.parametrize("name,content,needle,pos", HOSTILE, ids=[c[0] for c in HOSTILE])
def test_cli_exit_2_and_no_traceback(tmp_path, name, content, needle, pos):
    path = tmp_path / "org.yaml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    result = _cli(["check", str(path)])
    assert result.exit_code == 2, result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert f"{path}:" in result.output and needle in result.output
    assert "nothing was evaluated" in result.output


def test_cli_never_modifies_the_org_file(tmp_path):
    path = tmp_path / "org.yaml"
    original = b"\xef\xbb\xbf" + SAMPLE.read_bytes().replace(b"\n", b"\r\n")
    path.write_bytes(original)
    before = path.stat().st_mtime_ns
    for fmt in ("text", "json"):
        result = _cli(["check", str(path), "--format", fmt, "--output", str(tmp_path / f"out.{fmt}")])
        assert result.exit_code == 1, result.output
    assert path.read_bytes() == original and path.stat().st_mtime_ns == before


def test_cli_refuses_output_over_the_input(tmp_path):
    path = tmp_path / "org.yaml"
    shutil.copy(SAMPLE, path)
    original = path.read_bytes()
    for target in (path, tmp_path / "." / "org.yaml"):
        result = _cli(["check", str(path), "--format", "json", "--output", str(target)])
        assert result.exit_code == 2, result.output
        assert "refusing to write output over the input file" in result.output
    assert path.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["org.yaml"], "no temporary file may be left behind"


def test_cli_refuses_output_over_the_input_through_a_symlink(tmp_path):
    path = tmp_path / "org.yaml"
    shutil.copy(SAMPLE, path)
    link = tmp_path / "link.yaml"
    link.symlink_to(path)
    original = path.read_bytes()
    result = _cli(["check", str(path), "--output", str(link)])
    assert result.exit_code == 2 and path.read_bytes() == original


# ------------------------------------------------- rules are trusted less


BROKEN_RULE = textwrap.dedent("""\
    id: TEST-TRASIG
    title: Medvetet trasig regel
    area: sam
    severity: legal
    references: [8 § AFS 2001:1, 11 § AFS 2023:1]
    summary: En regel som läser ett textfält som ett tal och därför inte kan utvärderas.
    checks:
      - id: name-is-number
        kind: record
        path: organisation
        require:
          - {field: name, at_least: 3}
        missing: Kan inte utvärderas.
    demand: Inget.
    profiles: [test]
""")


@pytest.fixture
def broken_rule_dir(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    shutil.copy(RULES_DIR / "references.yaml", rules / "references.yaml")
    (rules / "TEST-TRASIG.yaml").write_text(BROKEN_RULE, encoding="utf-8")
    return rules


def test_rule_that_cannot_be_evaluated_is_error_never_pass(broken_rule_dir):
    book = load_rules(broken_rule_dir)
    result = evaluate(load_org(SAMPLE), book)
    (finding,) = result.findings
    assert finding.status == "error"
    assert "kunde inte utvärderas" in finding.explanation
    assert result.failing_at("never") == [finding]


@pytest.mark.parametrize("fail_on", ["legal", "good_practice", "never"])
def test_rule_error_fails_the_check_at_every_threshold(broken_rule_dir, fail_on):
    result = _cli(["check", str(SAMPLE), "--rules", str(broken_rule_dir), "--fail-on", fail_on])
    assert result.exit_code == 1, result.output
    assert "FEL" in result.output and "TEST-TRASIG" in result.output


# ------------------------------------------------------- personal data

SECRET = "Anna Andersson"
HEALTH = "sjukskriven för utmattning"


def test_incident_descriptions_never_reach_any_output(tmp_path, base_org_data):
    """Descriptions may name victims and health conditions; no reporter may print them."""
    from samosa.reporters import FORMATS

    data = dict(base_org_data)
    data["incidents"] = [
        {
            "id": "inc-1",
            "date": "2024-03-01",
            "kind": "threat",
            "unit": "bof",
            "serious": True,
            "description": f"Klient hotade {SECRET} i väntrummet",
            "reported": True,
            "investigated": False,
        },
        {
            "id": "inc-2",
            "date": "2024-04-01",
            "kind": "ill_health",
            "unit": "bof",
            "description": f"{SECRET} {HEALTH}",
            "reported": False,
        },
    ]
    path = tmp_path / "org.yaml"
    path.write_text(dump_yaml(data), encoding="utf-8")
    book = load_rules(RULES_DIR)
    assessment = evaluate(load_org(path), book)
    incident_findings = [f for f in assessment.findings if any("inc-" in e.note for e in f.evidence)]
    assert incident_findings, "the incidents should be cited (by id) in some finding"
    for name, render in FORMATS.items():
        out = render(assessment, colour=False, verbose=True, rules=book)
        assert SECRET not in out and HEALTH not in out, f"{name} reporter leaks an incident description"
    for fmt in ("text", "json"):
        result = _cli(["check", str(path), "--format", fmt, "--verbose"])
        assert result.exit_code in (0, 1), result.output
        assert SECRET not in result.output and HEALTH not in result.output
