"""Loader errors: every problem names file, line, column and document path."""

from __future__ import annotations

import pytest

from samosa import InputError, load_org

MINIMAL = "organisation:\n  name: Kommunen\n  employees: 12\n"


def problems(text: str | bytes, tmp_path, name="org.yaml"):
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8", newline="")
    else:
        path.write_bytes(text)
    with pytest.raises(InputError) as info:
        load_org(path)
    return [(p.line, p.column, p.message, p.path) for p in info.value.problems], str(path)


def test_minimal_org_loads(tmp_path):
    path = tmp_path / "org.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    org = load_org(path)
    assert org.model.organisation.employees == 12
    assert org.source.position(("organisation", "employees")) == (3, 14)


def test_bom_and_crlf_load(tmp_path):
    path = tmp_path / "org.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.replace("\n", "\r\n").encode())
    org = load_org(path)
    assert org.model.organisation.name == "Kommunen"
    assert org.source.position(("organisation", "employees")) == (3, 14)


def test_yaml_syntax_error_is_positioned(tmp_path):
    probs, _ = problems("organisation:\n  name: [Kommunen\n  employees: 12\n", tmp_path)
    assert len(probs) == 1
    line, col, msg, _ = probs[0]
    assert "YAML syntax error" in msg and line == 3


def test_wrong_type(tmp_path):
    probs, _ = problems("organisation:\n  name: K\n  employees: tolv\n", tmp_path)
    assert probs == [(3, 14, probs[0][2], "organisation.employees")]
    assert "integer" in probs[0][2] and "'tolv'" in probs[0][2]


def test_bad_date(tmp_path):
    probs, _ = problems(MINIMAL + "policy:\n  written: true\n  adopted: 2024-02-30\n", tmp_path)
    assert probs[0][:2] == (6, 12)
    assert "expected a date YYYY-MM-DD" in probs[0][2] and probs[0][3] == "policy.adopted"


def test_unknown_key_suggests(tmp_path):
    probs, _ = problems(MINIMAL + "policy:\n  written: true\n  last_reviewd: 2024-01-01\n", tmp_path)
    assert probs == [(6, 3, "unknown key 'last_reviewd'; did you mean 'last_reviewed'?", "policy.last_reviewd")]


def test_unknown_key_without_close_match_lists_choices(tmp_path):
    probs, _ = problems(MINIMAL + "banan: 1\n", tmp_path)
    assert probs[0][:2] == (4, 1)
    assert "expected one of: schema_version, organisation, units" in probs[0][2]


def test_missing_required_key(tmp_path):
    probs, _ = problems("organisation:\n  name: K\n", tmp_path)
    assert probs == [(2, 3, "missing required key 'employees'", "organisation")]


def test_duplicate_key(tmp_path):
    probs, _ = problems("organisation:\n  name: K\n  name: L\n  employees: 1\n", tmp_path)
    assert probs[0][:2] == (3, 3) and "duplicate key" in probs[0][2]


def test_duplicate_ids_and_dangling_references(tmp_path):
    text = MINIMAL + (
        "units:\n"
        "  - {id: bof, name: A, area: barn_och_familj, employees: 5}\n"
        "  - {id: bof, name: B, area: vuxna, employees: 7}\n"
        "routines:\n"
        "  - {id: r1, topic: sam, written: true, units: [bfo]}\n"
        "action_plan:\n"
        "  - {id: a1, measure: X, depends_on: [a2]}\n"
    )
    probs, _ = problems(text, tmp_path)
    msgs = {(p[0], p[3]): p[2] for p in probs}
    assert msgs[(6, "units[1].id")].startswith("duplicate id 'bof' (first defined at line 5")
    assert msgs[(8, "routines[0].units[0]")] == "unknown unit 'bfo'; did you mean 'bof'?"
    assert msgs[(10, "action_plan[0].depends_on[0]")] == "depends_on names unknown action 'a2'"


def test_all_problems_reported_at_once(tmp_path):
    probs, _ = problems("organisation:\n  name: K\n  employees: -1\n  org_number: 123\n", tmp_path)
    assert [p[3] for p in probs] == ["organisation.employees", "organisation.org_number"]


@pytest.mark.parametrize(
    "raw,needle",
    [
        ("organisation:\n  name: Malmö\n  employees: 1\n".encode("latin-1"), "not valid UTF-8"),
        ("organisation: {}\n".encode("utf-16"), "UTF-16"),
        (b"\x00\x01\x02binary", "binary"),
    ],
)
def test_other_encodings_are_refused_clearly(tmp_path, raw, needle):
    probs, _ = problems(raw, tmp_path)
    assert needle in probs[0][2]


def test_latin1_error_points_at_the_byte(tmp_path):
    probs, _ = problems("organisation:\n  name: Malmö\n  employees: 1\n".encode("latin-1"), tmp_path)
    assert probs[0][:2] == (2, 13)


def test_top_level_must_be_mapping(tmp_path):
    probs, _ = problems("- a\n- b\n", tmp_path)
    assert "expected a mapping" in probs[0][2]


def test_object_constructing_tags_are_refused(tmp_path):
    probs, _ = problems("organisation: !!python/object:os.system {}\n", tmp_path)
    assert probs[0][:2] == (1, 15) and "tag" in probs[0][2]


def test_file_not_found(tmp_path):
    with pytest.raises(InputError) as info:
        load_org(tmp_path / "nope.yaml")
    assert "file not found" in str(info.value)


def test_input_is_never_modified(tmp_path):
    path = tmp_path / "org.yaml"
    data = b"\xef\xbb\xbf" + MINIMAL.replace("\n", "\r\n").encode()
    path.write_bytes(data)
    load_org(path)
    assert path.read_bytes() == data
