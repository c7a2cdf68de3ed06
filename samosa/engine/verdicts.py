"""The one vocabulary every output uses for verdicts: words, counts, the auditor's scale, what to supply.

Text, JSON, SARIF, JUnit, GitHub annotations, batch summaries, the report,
the self-assessment and the letters all count and name findings through this
module, so the same file on the same day gives the same numbers everywhere:

* **brister** — legal findings that fail or are partial (one per rule and scope);
* **råd** — advice and good-practice findings that fail or are partial (never a krav);
* **framgår inte** — findings whose verdict needs a fact the file does not state;
* **fel** — rules that could not be evaluated (never counted as compliant).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import astuple, dataclass, field

from samosa.engine.findings import Assessment, Finding

#: Swedish words for a finding's status, in running text.
STATUS_WORDS = {
    "pass": "uppfyllt",
    "partial": "delvis uppfyllt",
    "fail": "brist",
    "not_shown": "framgår inte",
    "not_applicable": "ej tillämpligt",
    "error": "kunde inte utvärderas",
}
#: The same, as a label at the start of a line or in a table cell.
STATUS_LABELS = {
    "pass": "Uppfyllt",
    "partial": "Delvis",
    "fail": "Brist",
    "not_shown": "Framgår inte",
    "not_applicable": "Ej tillämpligt",
    "error": "Kunde inte bedömas",
}
SEVERITY_WORDS = {"legal": "föreskrift eller lag", "advice": "allmänna råd", "good_practice": "god praxis"}
SEVERITY_SHORT = {"legal": "föreskrift/lag", "advice": "allmänna råd", "good_practice": "god praxis"}


def is_deficiency(f: Finding) -> bool:
    """A *brist*: a legal requirement the file shows is not (fully) met."""
    return f.status in ("fail", "partial") and f.severity == "legal"


def is_advice(f: Finding) -> bool:
    """Advice or good practice the file shows is not followed: worth considering, never a krav."""
    return f.status in ("fail", "partial") and f.severity != "legal"


@dataclass(frozen=True)
class Counts:
    """The counts every output shows, with one definition."""

    total: int
    passed: int
    deficiencies: int
    partial_deficiencies: int
    advice: int
    not_shown: int
    not_shown_legal: int
    errors: int
    not_applicable: int

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(a + b for a, b in zip(astuple(self), astuple(other), strict=True)))

    def sentence(self) -> str:
        """Swedish summary line: "45 uppfyllda, 12 brister (varav 6 delvis), 4 råd, 3 uppgifter framgår inte, …"."""
        parts = [f"{self.passed} uppfyllda", _n(self.deficiencies, "brist", "brister")]
        if self.partial_deficiencies:
            parts[-1] += f" (varav {self.partial_deficiencies} delvis)"
        if self.advice:
            parts.append(_n(self.advice, "råd att överväga", "råd att överväga"))
        parts.append(
            f"{self.not_shown} " + ("uppgift framgår inte" if self.not_shown == 1 else "uppgifter framgår inte")
        )
        parts.append(_n(self.errors, "fel", "fel"))
        parts.append(f"{self.not_applicable} ej tillämpliga")
        return ", ".join(parts) + f" (av {self.total})"


def _n(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def count(findings: Iterable[Finding]) -> Counts:
    items = list(findings)
    return Counts(
        total=len(items),
        passed=sum(f.status == "pass" for f in items),
        deficiencies=sum(is_deficiency(f) for f in items),
        partial_deficiencies=sum(is_deficiency(f) and f.status == "partial" for f in items),
        advice=sum(is_advice(f) for f in items),
        not_shown=sum(f.status == "not_shown" for f in items),
        not_shown_legal=sum(f.status == "not_shown" and f.severity == "legal" for f in items),
        errors=sum(f.status == "error" for f in items),
        not_applicable=sum(f.status == "not_applicable" for f in items),
    )


def count_assessment(a: Assessment) -> Counts:
    return count(a.findings)


# ------------------------------------------------------------ the auditor's scale

#: The answers of the municipal audit (seed 001), plus what the file cannot answer.
SCALE_LABELS = {
    "ja": "Ja",
    "i_huvudsak": "I huvudsak",
    "delvis": "Delvis",
    "nej": "Nej",
    "framgar_inte": "Framgår inte",
    "ofullstandig": "Framgår inte fullt ut",
    "error": "Kan inte bedömas",
    "none": "Ej tillämpligt",
}
#: Thresholds of the scale over the shown verdicts, as fractions (a pass weighs 1, a partial ½):
#: "I huvudsak" from 4/5, "Nej" below 3/10.
MOSTLY_FROM, NO_BELOW = (4, 5), (3, 10)


def scale(passed: int, partial: int, failed: int, not_shown: int = 0, errors: int = 0) -> str:
    """Ja / I huvudsak / Delvis / Nej over what the file shows — the one definition.

    ``error`` anywhere → "error" (fail closed); nothing applicable → "none";
    nothing shown → "framgar_inte". The score weighs pass 1 and partial ½ over
    the shown verdicts (pass, partial, fail): all pass → "ja", at least 0.8 →
    "i_huvudsak", below 0.3 → "nej", in between → "delvis". If something is
    not shown, "ja" becomes "ofullstandig": what is shown is in place, but the
    file does not show everything, so the answer is never a plain yes.
    """
    if errors:
        return "error"
    shown = passed + partial + failed
    if shown == 0:
        return "framgar_inte" if not_shown else "none"
    if passed == shown:
        return "ofullstandig" if not_shown else "ja"
    score2 = 2 * passed + partial  # twice the score, to stay in integers
    if score2 * MOSTLY_FROM[1] >= 2 * MOSTLY_FROM[0] * shown:
        return "i_huvudsak"
    if score2 * NO_BELOW[1] < 2 * NO_BELOW[0] * shown:
        return "nej"
    return "delvis"


def scale_of_findings(findings: Iterable[Finding]) -> str:
    """The scale over a group of findings (an area, a unit × area cell)."""
    items = [f for f in findings if f.status != "not_applicable"]
    by = {s: sum(f.status == s for f in items) for s in ("pass", "partial", "fail", "not_shown", "error")}
    return scale(by["pass"], by["partial"], by["fail"], by["not_shown"], by["error"])


def scale_of_finding(f: Finding) -> str:
    """The scale for one finding: its status, and for a partial one the share of its checks that pass."""
    if f.status == "partial":
        passed = sum(c.outcome == "pass" for c in f.checks)
        failed = sum(c.outcome == "fail" for c in f.checks)
        not_shown = sum(c.outcome == "not_shown" for c in f.checks)
        verdict = scale(passed, 0, failed, not_shown)
        return verdict if verdict in ("i_huvudsak", "delvis") else "delvis"
    return {
        "pass": "ja",
        "fail": "nej",
        "not_shown": "framgar_inte",
        "not_applicable": "none",
        "error": "error",
    }[f.status]


# ------------------------------------------------------------ what to supply


@dataclass
class MissingFact:
    """A fact the file does not state that some verdict needs: where to write it and what it is."""

    path: str
    file: str
    line: int
    column: int
    note: str
    rules: list[str] = field(default_factory=list)
    legal: bool = False

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


def missing_facts(findings: Iterable[Finding]) -> list[MissingFact]:
    """Every not-stated fact a verdict waits for, once per key path, in document order.

    From findings that are not shown, and from failing ones (what they cannot
    yet say besides the deficiency); a rule that does not apply on what the
    file states waits for nothing.
    """
    out: dict[str, MissingFact] = {}
    for f in findings:
        if f.status not in ("not_shown", "fail", "partial"):
            continue
        for e in f.evidence:
            if e.fact != "not_stated":
                continue
            m = out.get(e.path)
            if m is None:
                m = out[e.path] = MissingFact(path=e.path, file=e.file, line=e.line, column=e.column, note=e.note)
            if f.rule not in m.rules:
                m.rules.append(f.rule)
            m.legal |= f.severity == "legal"
    for m in out.values():
        m.rules.sort()
    return sorted(out.values(), key=lambda m: (m.line, m.column, m.path))
