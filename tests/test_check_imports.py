"""``samosa check`` imports only what a check needs (issue 15: start-up is most of a cold check).

networkx is for ``samosa plan``, jinja2 and fpdf2 for documents, holidays for
working-day deadlines, ruamel.yaml only for the tests' reference loader; none
of them may be imported by loading rules, loading an organisation, evaluating
or printing the result. Measured in a fresh interpreter, as a user runs it.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import ROOT

HEAVY = ("networkx", "jinja2", "fpdf", "holidays", "ruamel")

PROGRAM = """
import json, sys
from samosa.cli import main
sys.argv = ["samosa", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules})), file=sys.stderr)
"""


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "github"])
def test_check_imports_no_heavy_library(fmt: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROGRAM, "check", str(ROOT / "sample_orgs" / "mellanby_ifo.yaml"), "--format", fmt],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    modules = set(json.loads(result.stderr.strip().splitlines()[-1]))
    assert "samosa" in modules and "yaml" in modules
    assert not modules & set(HEAVY), sorted(modules & set(HEAVY))
