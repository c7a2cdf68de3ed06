"""Machine-readable output: the Assessment as JSON, keys sorted, stable bytes."""

from __future__ import annotations

import json

from samosa.engine.findings import Assessment


def render_json(assessment: Assessment, **_: object) -> str:
    data = assessment.model_dump(mode="json")
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
