"""samosa — a compliance engine for Swedish systematic work-environment management.

Library API (the CLI is a thin layer over these)::

    import samosa
    org = samosa.load_org("org.yaml")            # LoadedOrg, raises InputError
    rules = samosa.load_rules()                   # RuleBook, raises RuleError
    result = samosa.evaluate(org, rules, date=datetime.date(2025, 3, 1))
    for finding in result.findings: ...
"""

from .errors import InputError, Problem, RuleError, SamosaError, UsageError
from .evaluate import evaluate
from .findings import Assessment, Evidence, Finding
from .loading import LoadedOrg, load_org
from .rules import Rule, RuleBook, load_rules

__version__ = "0.1.0"

__all__ = [
    "Assessment", "Evidence", "Finding", "InputError", "LoadedOrg", "Problem", "Rule", "RuleBook",
    "RuleError", "SamosaError", "UsageError", "evaluate", "load_org", "load_rules", "__version__",
]
