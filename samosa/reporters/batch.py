"""Output for ``samosa check DIR/``: one combined result over many files.

JSON is the whole ``BatchResult`` (every assessment in full, keys sorted,
files in path order). Text is one line per file plus totals, because 290 full
reports are not something a person reads; the JSON carries the detail.
"""

from __future__ import annotations

import json

from samosa.engine.batch import BatchResult

OUTCOME_LABEL = {0: "OK", 1: "BRISTER", 2: "FEL I FILEN"}


def render_batch_json(result: BatchResult, **_: object) -> str:
    data = result.model_dump(mode="json")
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def render_batch_text(result: BatchResult, **_: object) -> str:
    out = []
    for r in result.results:
        label = f"{OUTCOME_LABEL[r.exit_code]:<12}"
        if r.assessment is not None:
            c = r.assessment.summary.by_status
            out.append(
                f"{label} {r.file}  ({c['pass']} uppfyllda, {c['partial']} delvis, {c['fail']} brister, "
                f"{c['error']} fel; bedömningsdag {r.assessment.assessment_date.isoformat()})"
            )
        else:
            out.append(f"{label} {r.file}")
            out.extend(f"      {p}" for p in r.problems)
    s = result.summary
    c = s.by_status
    out += [
        "",
        f"Filer: {s.files} ({s.evaluated} bedömda, {s.input_errors} med fel i filen, {s.failing_files} med brister).",
        f"Bedömningar totalt: {c['pass']} uppfyllda, {c['partial']} delvis, {c['fail']} brister, {c['error']} fel, "
        f"{c['not_applicable']} ej tillämpliga.",
    ]
    return "\n".join(out) + "\n"
