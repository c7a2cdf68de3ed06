"""The one Jinja2 environment every Swedish document and the report are rendered in.

Sandboxed (templates cannot reach Python objects' internals), ``StrictUndefined``
(a missing value is an error, never an empty string in a letter) and
autoescaping for HTML, because organisation files are user input that ends up in
the page. The Swedish filters (dates, kronor, lists) come with it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from samosa.documents.swedish import join_sv, kronor, lower_role, sv_date, sv_dates
from samosa.source.resources import require_resource_dir


def environment(*, html: bool, templates: Optional[Path] = None, **filters) -> SandboxedEnvironment:
    """A sandboxed environment over the bundled templates (or ``templates``); ``filters`` add to Swedish ones."""
    env = SandboxedEnvironment(
        loader=FileSystemLoader(str(templates or require_resource_dir("templates"))),
        undefined=StrictUndefined,
        autoescape=html,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        iso=lambda d: d.isoformat(),
        sv_date=sv_date,
        sv_dates=sv_dates,
        kr=kronor,
        join_sv=join_sv,
        role=lower_role,
    )
    env.filters.update(filters)
    return env
