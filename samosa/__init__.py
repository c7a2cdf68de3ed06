"""samosa — a compliance engine for Swedish systematic work-environment management.

Library API (the CLI is a thin layer over these)::

    import samosa
    org = samosa.load_org("org.yaml")            # LoadedOrg, raises InputError
    rules = samosa.load_rules()                   # RuleBook, raises RuleError
    result = samosa.evaluate(org, rules, date=datetime.date(2025, 3, 1))
    for finding in result.findings: ...
"""

from samosa._version import __version__
from samosa.engine.evaluate import evaluate
from samosa.engine.findings import Assessment, Evidence, Finding
from samosa.models.loading import LoadedOrg, load_org
from samosa.rulebook.model import Rule, RuleBook
from samosa.rulebook.pack import load_rules
from samosa.source.problems import (
    InputError,
    Problem,
    RuleError,
    SamosaError,
    UsageError,
)

__all__ = [
    "Assessment",
    "Evidence",
    "Finding",
    "InputError",
    "LoadedOrg",
    "Problem",
    "Rule",
    "RuleBook",
    "RuleError",
    "SamosaError",
    "UsageError",
    "evaluate",
    "load_org",
    "load_rules",
    "__version__",
]
