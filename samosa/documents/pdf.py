"""Draw a rendered HTML document as PDF with fpdf2 (pure Python, no system packages).

fpdf2 lays out a subset of HTML (headings, paragraphs, lists, tables, bold),
which is what the templates emit, so the PDF is the same document as the
HTML. Its built-in fonts cover Latin-1, which holds every Swedish letter and
§; the few typographic characters outside it (dashes, quotes) are replaced by
their nearest Latin-1 form, and anything else by ``?`` — never silently
dropped. The creation date is the letter's date, so the bytes are the same
for the same input.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from samosa.documents.demands import DocumentError

_REPLACEMENTS = {
    "\u2013": "-",
    "\u2014": "-",
    "\u2212": "-",
    "\u2010": "-",
    "\u2011": "-",
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u2026": "...",
    "\u2022": "*",
    "\u2248": "~",
    "\u2192": "->",
    "\u2009": " ",
    "\u202f": " ",
}


def to_latin1(text: str) -> str:
    """Map ``text`` onto Latin-1: typographic look-alikes, then decomposition, then ``?``."""
    out = []
    for ch in text:
        if ord(ch) < 256:
            out.append(ch)
        elif ch in _REPLACEMENTS:
            out.append(_REPLACEMENTS[ch])
        else:
            base = unicodedata.normalize("NFKD", ch)[:1]
            out.append(base if base and ord(base) < 256 else "?")
    return "".join(out)


def html_to_pdf(html: str, *, title: str, on: dt.date) -> bytes:
    """Lay out the ``<body>`` of a rendered page on A4 pages, numbered "Sid N (M)"."""
    try:
        from fpdf import FPDF
    except ImportError:  # pragma: no cover - fpdf2 is a declared dependency
        raise DocumentError(
            "PDF output needs the fpdf2 package (pip install fpdf2); "
            "use --format html and print to PDF from a browser instead"
        ) from None
    match = re.search(r"<body>(.*)</body>", html, re.S)
    body = match.group(1) if match else html
    body = to_latin1(body)

    class _Doc(FPDF):
        def footer(self) -> None:  # AV letters number their pages "Sid 1 (3)"
            self.set_y(-15)
            self.set_font("helvetica", size=8)
            self.cell(0, 10, f"Sid {self.page_no()} ({{nb}})", align="R")

    pdf = _Doc(format="A4")
    pdf.set_margins(25, 20, 20)
    pdf.set_auto_page_break(True, margin=22)
    pdf.set_title(to_latin1(title))
    pdf.set_creator("samosa")
    pdf.set_creation_date(dt.datetime(on.year, on.month, on.day, tzinfo=dt.timezone.utc))
    pdf.add_page()
    pdf.set_font("times", size=11)
    try:
        from fpdf.fonts import TextStyle

        styles = {
            tag: TextStyle(
                font_family="helvetica", font_style="B", color=0, font_size_pt=size, t_margin=top, b_margin=2
            )
            for tag, size, top in (("h1", 15, 6), ("h2", 12.5, 5), ("h3", 11, 4))
        }
    except ImportError:  # pragma: no cover - older fpdf2: default heading styles
        styles = None
    kwargs = {"tag_styles": styles} if styles else {}
    pdf.write_html(body, table_line_separators=True, **kwargs)
    return bytes(pdf.output())


__all__ = ["html_to_pdf", "to_latin1"]
