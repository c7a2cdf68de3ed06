"""Reporters turn an Assessment into bytes; they never evaluate anything."""

from collections.abc import Callable

from samosa.reporters.github import render_github
from samosa.reporters.json import render_json
from samosa.reporters.junit import render_junit
from samosa.reporters.sarif import render_sarif
from samosa.reporters.text import render_text

FORMATS: dict[str, Callable[..., str]] = {
    "text": render_text,
    "json": render_json,
    "sarif": render_sarif,
    "junit": render_junit,
    "github": render_github,
}

__all__ = ["FORMATS", "render_github", "render_json", "render_junit", "render_sarif", "render_text"]
