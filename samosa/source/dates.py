"""The one date parser and the one plausible range every input shares.

Dates outside 1900–2199 are typos (``0024-05-15``), and date arithmetic on them
(twelve months before year 1) would fail deep inside the evaluator; files and
command-line options are held to the same range.
"""

from __future__ import annotations

import datetime as dt

from samosa.source.problems import UsageError

MIN_DATE, MAX_DATE = dt.date(1900, 1, 1), dt.date(2199, 12, 31)


def in_range(day: dt.date) -> bool:
    return MIN_DATE <= day <= MAX_DATE


def parse_date(text: str, what: str = "--date") -> dt.date:
    """``YYYY-MM-DD`` within the range; a ``UsageError`` naming ``what`` otherwise."""
    try:
        day = dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        raise UsageError(f"{what} expects YYYY-MM-DD, got {text!r}") from None
    if not in_range(day):
        raise UsageError(f"{what} must be between {MIN_DATE.isoformat()} and {MAX_DATE.isoformat()}, got {text!r}")
    return day
