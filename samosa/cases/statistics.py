"""AV's own figures from the register: seed 000 §4.1 (visits and letters per region) and §4.2 (krav per regulation).

Seed 000 reports a national supervision in two tables and a figure:

* "Antal arbetsställebesök per region, antal och andel" — every visit to a
  workplace (förmöte, gruppsamtal, återkoppling, uppföljning) per AV region;
* "Antal inspektionsmeddelande och antal krav, tillsynsmeddelande och
  underrättelser och beslut om föreläggande" — here per region and in total,
  with förelägganden med vite (and, where there are any, utan vite);
* "De vanligaste föreskrifterna som hänvisas till i ställda krav, i procent" —
  each krav counts once for each regulation category its legal basis cites
  (``samosa.cases.regulations``), as a share of all such references.

Letters count by their date, krav by the date of the inspektionsmeddelande
that set them, visits by the day of the visit; a period is inclusive at both
ends. Everything is counted in SQL from columns that hold no personal data
(``samosa.cases.schema.PERSONAL_COLUMNS`` lists the ones never read here), so
no name, reply text or incident description can reach the figures.
Percentages are rounded by the largest-remainder method so that they add up
to 100, as in the seed's tables.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any, Optional

from sqlalchemy import Connection, case, distinct, func, select

from samosa.cases import schema as t

#: AV's five inspection regions, in the order of seed 000's table (IRN, IRM, IRÖ, IRV, IRS).
AV_REGIONS = ("Region Nord", "Region Mitt", "Region Öst", "Region Väst", "Region Syd")
LETTER_COLUMNS = (
    ("inspektionsmeddelande", "Inspektionsmeddelande"),
    ("krav", "Krav"),
    ("tillsynsmeddelande", "Tillsynsmeddelande"),
    ("underrattelse", "Underrättelse"),
    ("forelaggande_med_vite", "Föreläggande med vite"),
)


def region_label(region: str) -> str:
    """AV's region from a case's ``region`` ("Region Mitt, distriktet i Sundsvall" → "Region Mitt")."""
    return region.split(",")[0].strip() or region


def shares(counts: list[int]) -> list[int]:
    """Whole percentages of ``counts`` that add up to 100 (largest remainder; ties to the earlier row)."""
    total = sum(counts)
    if total == 0:
        return [0 for _ in counts]
    exact = [c * 100 / total for c in counts]
    out = [int(x) for x in exact]
    order = sorted(range(len(counts)), key=lambda i: (-(exact[i] - out[i]), i))
    for i in order[: 100 - sum(out)]:
        out[i] += 1
    return out


@dataclass
class RegionRow:
    region: str
    visits: int = 0
    inspektionsmeddelande: int = 0
    krav: int = 0
    tillsynsmeddelande: int = 0
    underrattelse: int = 0
    forelaggande_med_vite: int = 0
    forelaggande_utan_vite: int = 0
    visit_share: int = 0

    def add(self, other: RegionRow) -> None:
        for name in (
            "visits",
            "inspektionsmeddelande",
            "krav",
            "tillsynsmeddelande",
            "underrattelse",
            "forelaggande_med_vite",
            "forelaggande_utan_vite",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class BasisRow:
    category: str
    references: int
    share: int


@dataclass
class Statistics:
    start: Optional[dt.date]
    end: Optional[dt.date]
    regions: list[RegionRow]
    total: RegionRow
    bases: list[BasisRow]
    employers: int  # employers (municipalities) that got an inspektionsmeddelande in the period
    cases: int  # cases with any letter or visit in the period
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def period(self) -> str:
        if self.start is None and self.end is None:
            return "hela registret"
        return f"{self.start.isoformat() if self.start else '…'} – {self.end.isoformat() if self.end else '…'}"


def _within(column, start: Optional[dt.date], end: Optional[dt.date]) -> list:
    out = []
    if start is not None:
        out.append(column >= start)
    if end is not None:
        out.append(column <= end)
    return out


def compute(conn: Connection, start: Optional[dt.date] = None, end: Optional[dt.date] = None) -> Statistics:
    """The figures for letters, krav and visits dated ``start``–``end`` (either may be open)."""
    if start and end and end < start:
        from samosa.cases.database import RegisterError

        raise RegisterError(f"the period ends ({end.isoformat()}) before it starts ({start.isoformat()})")
    c, d, k, v, b = t.cases, t.documents, t.krav, t.visits, t.krav_bases
    rows: dict[str, RegionRow] = {}

    def row(region: str) -> RegionRow:
        label = region_label(region)
        return rows.setdefault(label, RegionRow(label))

    for region, n in conn.execute(
        select(c.c.region, func.count(v.c.id))
        .select_from(v.join(c, c.c.id == v.c.case_id))
        .where(*_within(v.c.visited_on, start, end))
        .group_by(c.c.region)
    ):
        row(region).visits += n
    with_vite = case((func.coalesce(d.c.vite_total, 0) > 0, 1), else_=0)
    for region, kind, vite, n in conn.execute(
        select(c.c.region, d.c.kind, with_vite, func.count(d.c.id))
        .select_from(d.join(c, c.c.id == d.c.case_id))
        .where(*_within(d.c.letter_date, start, end))
        .group_by(c.c.region, d.c.kind, with_vite)
    ):
        r = row(region)
        if kind == "forelaggande":
            name = "forelaggande_med_vite" if vite else "forelaggande_utan_vite"
        elif kind in ("inspektionsmeddelande", "tillsynsmeddelande", "underrattelse"):
            name = kind
        else:
            continue  # begäran om komplettering is not among AV's figures
        setattr(r, name, getattr(r, name) + n)
    for region, n in conn.execute(
        select(c.c.region, func.count(k.c.id))
        .select_from(k.join(c, c.c.id == k.c.case_id))
        .where(*_within(k.c.notice_date, start, end))
        .group_by(c.c.region)
    ):
        row(region).krav += n
    bases = [
        (category, n)
        for category, n in conn.execute(
            select(b.c.category, func.count(b.c.id))
            .select_from(b.join(k, k.c.id == b.c.krav_id))
            .where(*_within(k.c.notice_date, start, end))
            .group_by(b.c.category)
        )
    ]
    employer = func.coalesce(c.c.org_number, c.c.employer_name)
    employers = conn.execute(
        select(func.count(distinct(employer)))
        .select_from(d.join(c, c.c.id == d.c.case_id))
        .where(d.c.kind == "inspektionsmeddelande", *_within(d.c.letter_date, start, end))
    ).scalar_one()
    active = (
        select(d.c.case_id.label("cid"))
        .where(*_within(d.c.letter_date, start, end))
        .union(select(v.c.case_id.label("cid")).where(*_within(v.c.visited_on, start, end)))
        .subquery()
    )
    n_cases = conn.execute(select(func.count()).select_from(active)).scalar_one()
    order = {name: i for i, name in enumerate(AV_REGIONS)}
    regions = sorted(rows.values(), key=lambda r: (order.get(r.region, len(order)), r.region))
    for r, share in zip(regions, shares([r.visits for r in regions]), strict=True):
        r.visit_share = share
    total = RegionRow("Totalt")
    for r in regions:
        total.add(r)
    total.visit_share = 100 if total.visits else 0
    bases.sort(key=lambda x: (-x[1], x[0]))
    basis_rows = [BasisRow(cat, n, s) for (cat, n), s in zip(bases, shares([n for _, n in bases]), strict=True)]
    return Statistics(start, end, regions, total, basis_rows, employers, n_cases)


# ------------------------------------------------------------------ output


def _table(header: list[str], rows: list[list[Any]], numeric_from: int = 1) -> list[str]:
    cells = [header] + [[str(x) for x in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    out = []
    for n, r in enumerate(cells):
        parts = [r[i].ljust(widths[i]) if i < numeric_from else r[i].rjust(widths[i]) for i in range(len(header))]
        out.append("  ".join(parts).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return out


def to_text(s: Statistics) -> str:
    lines = [f"Arbetsmiljöverkets tillsyn i siffror ({s.period})", ""]
    lines.append(
        f"{s.cases} ärenden; {s.employers} arbetsgivare fick inspektionsmeddelande."
        if s.cases
        else "Inga ärenden under perioden."
    )
    lines += ["", "Antal arbetsställebesök per region, antal och andel"]
    lines += _table(
        ["Region", "Antal", "Andel %"],
        [[r.region, r.visits, r.visit_share] for r in s.regions] + [["Totalt", s.total.visits, s.total.visit_share]],
    )
    lines += [
        "",
        "Antal inspektionsmeddelanden och krav, tillsynsmeddelanden, underrättelser och beslut om föreläggande",
    ]
    lines += _table(
        ["Region"] + [title for _, title in LETTER_COLUMNS],
        [[r.region] + [getattr(r, name) for name, _ in LETTER_COLUMNS] for r in s.regions + [s.total]],
    )
    if s.total.forelaggande_utan_vite:
        lines.append(f"Dessutom förelägganden utan vite: {s.total.forelaggande_utan_vite}.")
    lines += ["", "De vanligaste föreskrifterna som hänvisas till i ställda krav, i procent"]
    lines += _table(["Föreskrift", "Hänvisningar", "Andel %"], [[x.category, x.references, x.share] for x in s.bases])
    total_refs = sum(x.references for x in s.bases)
    if s.total.krav:
        lines.append(
            f"{total_refs} hänvisningar i {s.total.krav} krav; ett krav räknas en gång för varje föreskrift det hänvisar till."
        )
    return "\n".join(lines) + "\n"


def to_csv(s: Statistics) -> str:
    """One row per figure (tidy data): table, row, column, value."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["tabell", "rad", "kolumn", "varde"])
    w.writerow(["period", "från", "datum", s.start.isoformat() if s.start else ""])
    w.writerow(["period", "till", "datum", s.end.isoformat() if s.end else ""])
    for r in s.regions + [s.total]:
        w.writerow(["arbetsstallebesok", r.region, "antal", r.visits])
        w.writerow(["arbetsstallebesok", r.region, "andel_procent", r.visit_share])
    for r in s.regions + [s.total]:
        for name, _ in LETTER_COLUMNS:
            w.writerow(["brev_och_krav", r.region, name, getattr(r, name)])
        w.writerow(["brev_och_krav", r.region, "forelaggande_utan_vite", r.forelaggande_utan_vite])
    for x in s.bases:
        w.writerow(["krav_per_foreskrift", x.category, "hanvisningar", x.references])
        w.writerow(["krav_per_foreskrift", x.category, "andel_procent", x.share])
    return buf.getvalue()


def to_html(s: Statistics) -> str:
    """A self-contained page in the report's style (no scripts, no external resources), with the §4.2 chart."""
    from samosa._version import __version__
    from samosa.documents.templating import environment
    from samosa.report.html import bar_chart

    chart = bar_chart(
        "krav-per-foreskrift",
        "De vanligaste föreskrifterna som hänvisas till i ställda krav, i procent",
        "%",
        [(x.category, float(x.share), None) for x in s.bases],
    )
    env = environment(html=True)
    return env.get_template("cases_statistics.html.j2").render(
        s=s, columns=LETTER_COLUMNS, chart=chart, version=__version__, total_refs=sum(x.references for x in s.bases)
    )
