"""`samosa schema` (committed schemas are fresh and validate real files) and `samosa init`."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from jsonschema import Draft202012Validator

from samosa.models.schemas import KINDS, all_schemas, org_schema

from .ci_helpers import SAMPLE, run
from .conftest import FIXTURES, ROOT, load_plain

SCHEMA_DIR = ROOT / "schema"
REGENERATE = "samosa schema --all schema/"


def _json_ready(data):
    """YAML dates become the strings the YAML language server sees."""
    return json.loads(
        json.dumps(data, default=lambda v: v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else str(v))
    )


@pytest.mark.parametrize("name", sorted(all_schemas()))
def test_committed_schema_is_up_to_date(name):
    path = SCHEMA_DIR / name
    assert path.is_file(), f"{path} is missing; run `{REGENERATE}` and commit it"
    assert path.read_text(encoding="utf-8") == all_schemas()[name], (
        f"{path} is stale (the model changed); run `{REGENERATE}` and commit it"
    )


def test_every_committed_schema_has_a_model():
    known = {name for name, _ in KINDS.values()}
    assert {p.name for p in SCHEMA_DIR.glob("*.json")} <= known


def test_org_schema_validates_real_files_and_rejects_typos():
    schema = org_schema()
    Draft202012Validator.check_schema(schema)
    v = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    orgs = [p for p in sorted((ROOT / "sample_orgs").glob("*.yaml")) if "organisation" in (load_plain(p) or {})]
    assert SAMPLE in orgs
    for path in [FIXTURES / "_base.yaml", *orgs]:
        errors = list(v.iter_errors(_json_ready(load_plain(path))))
        assert not errors, f"{path}: {errors[0].message}"
    data = _json_ready(load_plain(FIXTURES / "_base.yaml"))
    data["organisation"]["employes"] = 3
    assert any("employes" in e.message for e in v.iter_errors(data))
    assert "Arbetsgivarens namn" in schema["$defs"]["Organisation"]["properties"]["name"]["description"]


def test_schema_cli_prints_the_committed_org_schema(tmp_path):
    res = run("schema")
    assert res.returncode == 0 and res.stdout == (SCHEMA_DIR / "org.schema.json").read_text(encoding="utf-8")
    out = tmp_path / "w.json"
    assert run("schema", "--kind", "waivers", "--output", str(out)).returncode == 0
    assert json.loads(out.read_text(encoding="utf-8"))["title"] == "samosa waivers.yaml"
    res = run("schema", "--all", str(tmp_path / "all"))
    assert res.returncode == 0
    assert sorted(p.name for p in (tmp_path / "all").iterdir()) == sorted(all_schemas())


def test_waiver_schema_requires_fields_per_kind():
    from samosa.models.schemas import waivers_schema

    v = Draft202012Validator(waivers_schema())
    ok = {
        "waivers": [
            {
                "id": "w",
                "rule": "SAM-RISK",
                "kind": "not_applicable",
                "reason": "r",
                "judged_by": "HR",
                "judged_on": "2024-01-01",
                "expires": "2025-01-01",
            }
        ]
    }
    assert not list(v.iter_errors(ok))
    missing = json.loads(json.dumps(ok))
    del missing["waivers"][0]["reason"]
    assert list(v.iter_errors(missing))
    mixed = json.loads(json.dumps(ok))
    mixed["waivers"][0]["owner"] = "X"
    assert list(v.iter_errors(mixed))


@pytest.mark.parametrize("units", [1, 4])
def test_init_output_loads_and_evaluates(tmp_path, rulebook, units):
    from samosa import evaluate, load_org

    path = tmp_path / "org.yaml"
    res = run("init", "--units", str(units), "--output", str(path), "--name", "Östra Göinge kommun")
    assert res.returncode == 0, res.stderr
    text = path.read_text(encoding="utf-8")
    assert text.count("\n#") > 20, "the starter is commented"
    org = load_org(path)
    assert [u.id for u in org.model.units] == [f"enhet-{n}" for n in range(1, units + 1)]
    assert org.model.organisation.name == "Östra Göinge kommun"
    assert org.model.organisation.employees == sum(u.employees for u in org.model.units)
    a = evaluate(org, rulebook, date=dt.date(2025, 3, 1))
    assert a.findings and not any(f.status == "error" for f in a.findings)
    # An empty starter states nothing about the work-environment management: nothing passes and
    # nothing is called a deficiency either — it is not shown, and that fails closed.
    assert not any(f.status == "pass" and f.severity == "legal" for f in a.findings), "must not look compliant"
    assert any(f.status == "not_shown" for f in a.findings)
    v = Draft202012Validator(org_schema())
    assert not list(v.iter_errors(_json_ready(load_plain(path))))
    check = run("check", str(path), "--date", "2025-03-01")
    assert check.returncode == 1 and "FRAMGÅR INTE" in check.stdout


def test_init_stdout_and_no_overwrite(tmp_path):
    res = run("init")
    assert res.returncode == 0 and res.stdout.startswith("# samosa — organisationsfil")
    path = tmp_path / "org.yaml"
    path.write_text("keep me", encoding="utf-8")
    res = run("init", "--output", str(path))
    assert res.returncode == 2 and "exists" in res.stderr and path.read_text(encoding="utf-8") == "keep me"
    assert run("init", "--output", str(path), "--force").returncode == 0
    assert path.read_text(encoding="utf-8").startswith("# samosa")
