"""Swedish as AV writes it in a letter: dates, amounts, lists and unbreakable citations.

One place for the small language rules every letter shares, so a template,
the demand builder and the PDF all write "den 14 och 15 maj 2024",
"150 000 kronor" and "12 § AFS 2001:1" the same way. Numbers ("11,2 %") and the
Swedish words for the org file's codes live one layer down, in
:mod:`samosa.models.words`, because the engine's notes need them too; they are
re-exported here for the documents and the report.
"""

from __future__ import annotations

import datetime as dt
import re

from samosa.models.words import sv_number, sv_percent

MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)

NBSP = "\u00a0"


def sv_date(day: dt.date) -> str:
    """``2024-06-05`` → ``5 juni 2024``, as AV writes dates in running text."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def sv_dates(days: list[dt.date]) -> str:
    """Several days the way a letter names them: ``14 och 15 maj 2024``, ``30 april och 2 maj 2024``.

    Days of one month share the month and year; of one year, the year.
    """
    days = sorted(set(days))
    if not days:
        return ""
    parts: list[str] = []
    for i, d in enumerate(days):
        nxt = days[i + 1] if i + 1 < len(days) else None
        if nxt is not None and (nxt.year, nxt.month) == (d.year, d.month):
            parts.append(str(d.day))
        elif nxt is not None and nxt.year == d.year:
            parts.append(f"{d.day} {MONTHS[d.month - 1]}")
        else:
            parts.append(sv_date(d))
    return join_sv(parts)


def kronor(amount: int) -> str:
    """``150000`` → ``150 000`` (the group separator never breaks)."""
    return f"{amount:,}".replace(",", NBSP)


def join_sv(items: list[str], last: str = "och") -> str:
    """``["a", "b", "c"]`` → ``a, b och c``."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def lower_role(role: str) -> str:
    """A role as it reads inside a sentence: ``Enhetschef vuxen`` → ``enhetschef vuxen``.

    Acronyms stay as they are (``HR-avdelningen``).
    """
    if len(role) > 1 and role[0].isupper() and role[1].islower():
        return role[0].lower() + role[1:]
    return role


def units_phrase(names: list[str]) -> str:
    """``enheten X`` for one unit, ``enheterna X och Y`` for several."""
    if len(names) == 1:
        return f"enheten {names[0]}"
    return f"enheterna {join_sv(names)}"


# Spaces that must not break: inside a citation and between a label and its number.
_KEEP = [
    # "3 kap. 2 a §", "8 och 10 §§": the number, its letter and the sign stay together
    (re.compile(r"(?<=\d) (?=kap\.)"), NBSP),
    (re.compile(r"(?<=kap\.) (?=\d)"), NBSP),
    (re.compile(r"(?<=\d) (?=[a-z] §)"), NBSP),
    (re.compile(r"(?<=\d[ \u00a0][a-z]) (?=§)"), NBSP),
    (re.compile(r"(?<=\d) (?=§)"), NBSP),
    # "§ AFS 2001:1": a regulation's paragraph never leaves its number
    (re.compile(r"(?<=§) (?=AFS)"), NBSP),
    (re.compile(r"(?<=AFS) (?=\d{4}:\d)"), NBSP),
    # "CFAR-nr 12345678", "org.nr 212000-0000"
    (re.compile(r"(?<=CFAR-nr) (?=\d)"), NBSP),
    (re.compile(r"(?<=org\.nr) (?=\d)"), NBSP),
]


def keep_together(text: str) -> str:
    """Replace the spaces inside citations and numbered labels with no-break spaces.

    Applied to a finished document (Markdown, HTML, and the HTML a PDF is drawn
    from), so "12 § AFS 2001:1", "3 kap. 2 a §" and "CFAR-nr 12345678" never
    break across lines in any format.
    """
    for pattern, repl in _KEEP:
        text = pattern.sub(repl, text)
    return text


__all__ = [
    "MONTHS",
    "NBSP",
    "join_sv",
    "keep_together",
    "kronor",
    "lower_role",
    "sv_date",
    "sv_dates",
    "sv_number",
    "sv_percent",
    "units_phrase",
]
