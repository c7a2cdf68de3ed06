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


def _uncommented(text: str) -> str:
    """Every commented example of the starter made live (the header's prose stays a comment)."""
    import re

    body = text.split("\nschema_version:", 1)[1]
    out = []
    for line in ("schema_version:" + body).splitlines():
        m = re.match(r"^(\s*)# (\s*(?:[a-z_]+:|- ).*)$", line)
        out.append(m.group(1) + m.group(2) if m else line)
    return text.split("\nschema_version:", 1)[0] + "\n" + "\n".join(out) + "\n"


@pytest.mark.parametrize("units", [1, 3])
def test_every_commented_example_of_the_starter_loads(tmp_path, rulebook, units):
    """A municipality uncomments a section and fills it in: each example must be valid as written."""
    from samosa import evaluate, load_org
    from samosa.models.starter import starter_org

    live = _uncommented(starter_org(units=units, name="Exempelby kommun"))
    path = tmp_path / "live.yaml"
    path.write_text(live, encoding="utf-8")
    org = load_org(path)  # InputError with file:line:col if an example is wrong
    m = org.model
    assert m.policy is not None and m.routines and m.action_plan and m.incidents and m.premises
    assert m.organisation.safety_representatives == units  # one per unit of ten
    assert not any(f.status == "error" for f in evaluate(org, rulebook, date=dt.date(2025, 3, 1)).findings)


def test_the_starter_states_only_what_a_file_cannot_do_without():
    """Left out is 'not stated': the starter must not claim facts only the municipality knows."""
    from samosa.models.facts import stated_data
    from samosa.models.loading import load_org
    from samosa.models.starter import starter_org

    org = load_org("org.yaml", starter_org(units=2, name="Exempelby kommun", employees=23))
    data = load_plain_text(starter_org(units=2, name="Exempelby kommun", employees=23))
    assert set(data) == {"schema_version", "organisation", "units"}
    assert set(data["organisation"]) == {"name", "employees"}
    assert all(set(u) == {"id", "name", "area", "employees"} for u in data["units"])
    assert [u.employees for u in org.model.units] == [12, 11] and org.model.organisation.employees == 23
    assert "safety_representatives" not in stated_data(org.model)["organisation"]


@pytest.mark.parametrize("per_unit, expected", [([10, 10], 2), ([3, 3], 1), ([2, 2], 0), ([40, 4], 1)])
def test_safety_representative_suggestion_follows_the_employees(per_unit, expected):
    """6 kap. 2 § arbetsmiljölagen: where at least five regularly work, a skyddsombud is chosen."""
    from samosa.models.starter import safety_representatives

    assert safety_representatives(per_unit) == expected


def test_starter_comments_cite_what_the_rules_cite(rulebook):
    import re

    from samosa.models.starter import starter_org

    cited = set(re.findall(r"\d+ § AFS \d{4}:\d+|\d+ kap\. \d+ § AFS \d{4}:\d+", starter_org()))
    known = {c for r in rulebook for c in r.references}
    assert cited and cited <= known, cited - known


def test_init_employees_option(tmp_path):
    path = tmp_path / "org.yaml"
    assert run("init", "--units", "3", "--employees", "31", "--output", str(path)).returncode == 0
    text = path.read_text(encoding="utf-8")
    assert "employees: 31" in text and "# safety_representatives: 3" in text


def load_plain_text(text: str):
    import io

    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=True).load(io.StringIO(text))
