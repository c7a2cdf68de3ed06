"""Reporters turn an Assessment into bytes; they never evaluate anything."""

from .json import render_json
from .text import render_text

FORMATS = {"text": render_text, "json": render_json}

__all__ = ["FORMATS", "render_json", "render_text"]
