"""Machine-readable output: the Assessment as JSON, keys sorted, stable bytes.

Values are exact; the few characters that must not appear raw (DEL, C1 controls,
U+2028/2029, bidi controls) are written as ``\\uXXXX`` escapes, which decode to the
same string (see :func:`samosa.source.escaping.json_safe`).
"""

from __future__ import annotations

import json

from samosa.engine.findings import Assessment
from samosa.source.escaping import json_safe


def render_json(assessment: Assessment, **_: object) -> str:
    data = assessment.model_dump(mode="json")
    return json_safe(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)) + "\n"
