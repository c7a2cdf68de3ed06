"""JSON Schemas for the files people write, generated from the pydantic models.

Editors with the YAML language server use them to autocomplete and validate
``org.yaml`` as it is typed, with the Swedish field descriptions from the
models as hover text. The committed copies under ``schema/`` are checked by a
test to equal what the models generate now; regenerate them with::

    samosa schema --all schema/
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _schema(model: type[BaseModel], title: str, description: str) -> dict[str, Any]:
    from samosa.models.org import OrgFile, add_swedish_words

    body = model.model_json_schema(by_alias=True, mode="validation")
    if model is OrgFile:  # the org file's vocabularies accept Swedish words
        body = add_swedish_words(body)
    out: dict[str, Any] = {"$schema": DIALECT, "title": title, "description": description}
    out.update({k: v for k, v in body.items() if k not in ("title", "description")})
    return out


def org_schema() -> dict[str, Any]:
    from samosa.models.org import OrgFile

    return _schema(
        OrgFile,
        "samosa org.yaml",
        "Organisationsfilen för samosa: arbetsgivaren, enheterna och det systematiska "
        "arbetsmiljöarbetet (SAM/OSA) som Arbetsmiljöverket granskar.",
    )


def waivers_schema() -> dict[str, Any]:
    from samosa.models.waivers import WaiverFile

    return _schema(
        WaiverFile,
        "samosa waivers.yaml",
        "Undantag: planerade åtgärder och dokumenterade bedömningar att ett krav inte gäller. "
        "Varje undantag har ett slutdatum.",
    )


def inspection_schema() -> dict[str, Any] | None:
    """The inspection file's schema, or None while ``samosa.models.inspection`` does not exist."""
    try:
        module = importlib.import_module("samosa.models.inspection")
    except ModuleNotFoundError:
        return None
    model = getattr(module, "InspectionFile", None)
    if model is None:
        return None
    return _schema(
        model,
        "samosa inspection.yaml",
        "Inspektionsfilen: ärende, inspektörer, iakttagelser och valda krav vid Arbetsmiljöverkets tillsyn.",
    )


KINDS: dict[str, tuple[str, Callable[[], dict[str, Any] | None]]] = {
    "org": ("org.schema.json", org_schema),
    "waivers": ("waivers.schema.json", waivers_schema),
    "inspection": ("inspection.schema.json", inspection_schema),
}


def render(schema: dict[str, Any]) -> str:
    """Stable bytes: insertion order (the model's field order, which editors show), two-space indent."""
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def all_schemas() -> dict[str, str]:
    """File name → rendered schema, for every kind whose model exists."""
    out = {}
    for name, build in KINDS.values():
        schema = build()
        if schema is not None:
            out[name] = render(schema)
    return out
