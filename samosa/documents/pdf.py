"""Draw a rendered HTML document as a PDF/A-2b file with fpdf2, laid out as AV's letters are.

fpdf2 (pure Python) lays out the subset of HTML the templates emit (headings,
paragraphs, lists, tables, bold); this module adds what HTML cannot say about
paper: AV's header on every page (sender and handläggare on the first page;
Datum, Vår beteckning and "N (M)" on every page), the recipient where the
window of an envelope shows it, the footer with AV's addresses and numbers,
and no heading left alone at the foot of a page.

Text is set in Noto Sans, embedded (subset) from the ``pymupdf-fonts`` package
on PyPI, so the PDF needs no system fonts and every name survives — Sámi,
Finnish, Romani ("Čohkkiras sámesearvi – Ŋ-enheten"). The file declares
PDF/A-2b (fpdf2's ``enforce_compliance``: XMP identification, an sRGB output
intent, only embedded fonts). The creation date is the letter's date, so the
same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional
from xml.sax.saxutils import escape as xml_escape

from samosa.documents.demands import DocumentError

FAMILY = "notosans"
# pymupdf-fonts' names for the four Noto Sans faces, by fpdf2 style.
_FACES = {"": "notos", "B": "notosbo", "I": "notosit", "BI": "notosbi"}

# Page geometry in millimetres (A4). The recipient block sits where the right-hand window
# of a C5/E65 window envelope shows it (our measurement, not a published AV template).
LEFT, RIGHT, TOP_LATER = 25.0, 20.0, 30.0
RECIPIENT_X, RECIPIENT_Y, RECIPIENT_W = 110.0, 46.0, 80.0
BODY_TOP_FIRST = 86.0
BOTTOM_FIRST, BOTTOM_LATER = 28.0, 18.0
KEEP_WITH_NEXT = 32.0  # a heading needs this much room below it, or it starts the next page


@dataclass
class Letterhead:
    """What the PDF draws itself rather than from the HTML body."""

    sender: list[str]
    contact: Optional[str]
    rows: list[tuple[str, str]]
    recipient: list[str]
    footer: list[str] = field(default_factory=list)


def _font_files(directory: Path) -> dict[str, Path]:
    try:
        import pymupdf_fonts  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - a declared dependency
        raise DocumentError(
            "PDF output needs the pymupdf-fonts package (pip install pymupdf-fonts) for its embedded "
            "Unicode font; use --format html and print to PDF from a browser instead"
        ) from None
    out = {}
    for style, name in _FACES.items():
        path = directory / f"NotoSans-{name}.ttf"
        path.write_bytes(pymupdf_fonts.myfont(name))
        out[style] = path
    return out


def _xmp(title: str, author: str, on: dt.date) -> str:
    """PDF/A-2b identification with the letter's date as both creation and modification date.

    fpdf2 would write one itself, dated now; this one makes the same input give the same bytes.
    """
    stamp = dt.datetime(on.year, on.month, on.day, tzinfo=dt.timezone.utc).isoformat(timespec="seconds")
    t, a = xml_escape(title), xml_escape(author)
    return f"""<x:xmpmeta xmlns:x="adobe:ns:meta/">
  <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
    <rdf:Description rdf:about=""
        xmlns:dc="http://purl.org/dc/elements/1.1/"
        xmlns:xmp="http://ns.adobe.com/xap/1.0/"
        xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
        xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
        xmp:CreatorTool="samosa"
        xmp:CreateDate="{stamp}"
        xmp:ModifyDate="{stamp}"
        xmp:MetadataDate="{stamp}"
        pdf:Producer="samosa (fpdf2)">
      <pdfaid:part>2</pdfaid:part>
      <pdfaid:conformance>B</pdfaid:conformance>
      <dc:format>application/pdf</dc:format>
      <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{t}</rdf:li></rdf:Alt></dc:title>
      <dc:creator><rdf:Seq><rdf:li>{a}</rdf:li></rdf:Seq></dc:creator>
      <dc:language><rdf:Bag><rdf:li>sv-SE</rdf:li></rdf:Bag></dc:language>
    </rdf:Description>
  </rdf:RDF>
</x:xmpmeta>"""


def _chunks(body: str) -> list[str]:
    """The body cut before each heading, so a heading can be kept with what follows it."""
    parts = re.split(r"(?=<h[1-3][ >])", body)
    return [p for p in parts if p.strip()]


def html_to_pdf(html: str, *, title: str, on: dt.date, letterhead: Optional[Letterhead] = None) -> bytes:
    """Lay out the ``<body>`` of a rendered page on A4 pages with AV's header and footer."""
    try:
        from fpdf import FPDF
        from fpdf.fonts import TextStyle
    except ImportError:  # pragma: no cover - fpdf2 is a declared dependency
        raise DocumentError(
            "PDF output needs the fpdf2 package (pip install fpdf2); "
            "use --format html and print to PDF from a browser instead"
        ) from None
    match = re.search(r"<body>(.*)</body>", html, re.S)
    body = match.group(1) if match else html
    head = letterhead

    class _Letter(FPDF):
        def header(self) -> None:
            if head is None:
                return
            first = self.page_no() == 1
            if not first:  # later pages have no footer: use the paper down to the bottom margin
                self.set_auto_page_break(True, margin=BOTTOM_LATER)
            self.set_text_color(0)
            # Datum / Vår beteckning / Sid, right-aligned, on every page
            cells = list(head.rows) + [("Sid", f"{self.page_no()} ({{nb}})")]
            self.set_font(FAMILY, size=9)
            widths = [max(self.get_string_width(k), self.get_string_width(v)) + 5 for k, v in cells]
            x = self.w - RIGHT - sum(widths)
            for (label, value), w in zip(cells, widths, strict=True):
                self.set_xy(x, 12)
                self.set_font(FAMILY, size=7)
                self.cell(w, 4, label)
                self.set_xy(x, 16)
                self.set_font(FAMILY, size=9)
                self.cell(w, 5, value)
                x += w
            if first:
                self._first_page_head(head)
            # the body goes on below the header, whatever the header drew last
            self.set_xy(self.l_margin, BODY_TOP_FIRST if first else TOP_LATER)

        def _first_page_head(self, head: Letterhead) -> None:
            self.set_xy(LEFT, 12)
            self.set_font(FAMILY, "B", 11)
            self.cell(80, 5, head.sender[0])
            self.set_font(FAMILY, size=9)
            y = 17.5
            for line in head.sender[1:] + ([head.contact] if head.contact else []):
                self.set_xy(LEFT, y)
                self.multi_cell(82, 4.5, line, align="L")
                y = self.get_y()
            self.set_font(FAMILY, size=10.5)
            self.set_xy(RECIPIENT_X, RECIPIENT_Y)
            self.multi_cell(RECIPIENT_W, 5, "\n".join(head.recipient), align="L")

        def footer(self) -> None:
            if head is None or not head.footer or self.page_no() != 1:
                return
            self.set_y(-BOTTOM_FIRST + 6)
            self.set_draw_color(120)
            self.line(LEFT, self.get_y() - 1.5, self.w - RIGHT, self.get_y() - 1.5)
            self.set_font(FAMILY, size=7.5)
            self.set_x(LEFT)
            self.multi_cell(self.w - LEFT - RIGHT, 3.6, "    ".join(head.footer), align="L")

    pdf = _Letter(format="A4", enforce_compliance="PDF/A-2B")
    with tempfile.TemporaryDirectory(prefix="samosa-fonts-") as tmp:
        for style, path in _font_files(Path(tmp)).items():
            pdf.add_font(FAMILY, style, str(path))
        pdf.set_margins(LEFT, TOP_LATER if head else 20.0, RIGHT)
        pdf.set_auto_page_break(True, margin=BOTTOM_FIRST if head else BOTTOM_LATER)
        pdf.set_title(title)
        pdf.set_lang("sv-SE")
        pdf.set_creator("samosa")
        author = head.sender[0] if head else "samosa"
        pdf.set_author(author)
        pdf.set_producer("samosa (fpdf2)")
        pdf.set_creation_date(dt.datetime(on.year, on.month, on.day, tzinfo=dt.timezone.utc))
        pdf.set_xmp_metadata(_xmp(title, author, on))
        pdf.add_page()
        pdf.set_font(FAMILY, size=10.5)
        styles = {
            tag: TextStyle(font_family=FAMILY, font_style="B", color=0, font_size_pt=size, t_margin=top, b_margin=2)
            for tag, size, top in (("h1", 15, 4), ("h2", 12, 5), ("h3", 10.5, 4))
        }
        # keys and positions (the self-assessment's appendix) in the embedded face, not a core Courier
        styles["code"] = TextStyle(font_family=FAMILY, font_style="", color=0)
        for chunk in _chunks(body):
            if chunk.lstrip().startswith("<h") and pdf.get_y() > pdf.page_break_trigger - KEEP_WITH_NEXT:
                pdf.add_page()
            pdf.write_html(chunk, font_family=FAMILY, tag_styles=styles, table_line_separators=True)
        # fontTools reports the font tables it leaves out of the subset on its logger; that is
        # expected (hinting), and nothing below the CLI prints
        subset_log = logging.getLogger("fontTools.subset")
        level = subset_log.level
        subset_log.setLevel(logging.ERROR)
        try:
            return bytes(pdf.output())
        finally:
            subset_log.setLevel(level)


__all__ = ["Letterhead", "html_to_pdf"]
