"""Legal references: parse AV-style citations and decide which are in force.

A citation is written the way AV writes it — ``8 § AFS 2001:1``,
``3 kap. 2 a § arbetsmiljölagen``, ``2 kap. 6 § AFS 2023:2`` — or, where the
paragraph number is unverified, the whole instrument (``AFS 1999:7``). The
instrument table (``rules/references.yaml``) says when each instrument was in
force, so a rule lists both its old and new citations and the assessment date
picks (AFS 2001:1 until 2024-12-31, AFS 2023:1 from 2025-01-01).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

CITE_RE = re.compile(r"^(?:(?P<chapter>\d+) kap\. )?(?P<para>\d+(?: [a-z])?) § (?P<instrument>.+)$")


@dataclass(frozen=True)
class Citation:
    instrument: str
    paragraph: Optional[str]  # "3 kap. 2 a §" or None for the whole instrument
    text: str

    @property
    def sort_key(self) -> tuple:
        nums = [int(n) for n in re.findall(r"\d+", self.paragraph or "")]
        return (self.instrument, nums, self.paragraph or "")


def parse_citation(text: str, instruments: set[str]) -> Citation | None:
    """Parse ``text``; ``None`` if it is not in AV's citation form."""
    if text in instruments:
        return Citation(text, None, text)
    m = CITE_RE.match(text)
    if not m or m["instrument"] not in instruments:
        return None
    para = f"{m['para']} §" if not m["chapter"] else f"{m['chapter']} kap. {m['para']} §"
    return Citation(m["instrument"], para, text)


@dataclass
class Instrument:
    name: str
    title: str
    valid_from: Optional[dt.date] = None
    valid_until: Optional[dt.date] = None
    replaced_by: Optional[str] = None
    full_cite: Optional[str] = None

    def in_force(self, on: dt.date) -> bool:
        return (self.valid_from is None or on >= self.valid_from) and (
            self.valid_until is None or on <= self.valid_until
        )


@dataclass
class ReferenceTable:
    """Known instruments and paragraphs, loaded from ``references.yaml``."""

    instruments: dict[str, Instrument] = field(default_factory=dict)
    paragraphs: dict[str, dict[str, dict]] = field(default_factory=dict)

    def parse(self, text: str) -> Citation | None:
        return parse_citation(text, set(self.instruments))

    def known(self, cite: Citation) -> bool:
        if cite.paragraph is None:
            return cite.instrument in self.instruments
        return cite.paragraph in self.paragraphs.get(cite.instrument, {})

    def in_force(self, cite: Citation, on: dt.date) -> bool:
        return self.instruments[cite.instrument].in_force(on)

    def title(self, cite: Citation) -> str:
        if cite.paragraph is None:
            return self.instruments[cite.instrument].title
        return self.paragraphs[cite.instrument][cite.paragraph].get("title", "")


def _para_key(para: str) -> tuple:
    num, _, letter = para.partition(" ")
    return (int(num) if num.isdigit() else 0, letter)


def join_citations(cites: list[str], table: ReferenceTable) -> str:
    """Combine citations the way AV writes them in a letter: law before regulation.

    ``["8 § AFS 2001:1", "2 kap. 1 § arbetsmiljölagen", "3 kap. 2 a § arbetsmiljölagen"]`` →
    ``2 kap. 1 § och 3 kap. 2 a § arbetsmiljölagen (1977:1160) samt 8 § AFS 2001:1``.
    Paragraphs of one instrument share its name ("8 och 10 §§ AFS 2001:1"), chapters
    are joined with "och", instruments with "," and a last "samt"; an act
    (arbetsmiljölagen) comes before the regulations (AFS), which keep the order
    they are first cited in.
    """
    order: list[str] = []
    chapters: dict[str, dict[str, list[str]]] = {}
    for text in cites:
        cite = table.parse(text)
        instrument = cite.instrument if cite is not None else text
        if instrument not in chapters:
            order.append(instrument)
            chapters[instrument] = {}
        if cite is None or cite.paragraph is None:
            continue
        chapter, sep, para = cite.paragraph.rpartition(" kap. ")
        paras = chapters[instrument].setdefault(chapter if sep else "", [])
        para = para.removesuffix(" §")
        if para not in paras:
            paras.append(para)
    laws = [i for i in order if not i.startswith("AFS")]
    order = laws + [i for i in order if i not in laws]
    parts = []
    for instrument in order:
        inst = table.instruments.get(instrument)
        name = inst.full_cite if inst and inst.full_cite else instrument
        groups = chapters[instrument]
        if not groups:
            parts.append(name)
            continue
        pieces = []
        for chapter in sorted(groups, key=lambda c: int(c) if c.isdigit() else 0):
            paras = sorted(groups[chapter], key=_para_key)
            head = f"{chapter} kap. " if chapter else ""
            if len(paras) == 1:
                pieces.append(f"{head}{paras[0]} §")
            else:
                pieces.append(f"{head}{', '.join(paras[:-1])} och {paras[-1]} §§")
        parts.append(_join(pieces, "och") + " " + name)
    return _join(parts, "samt")


def _join(items: list[str], last: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def load_reference_table(path: Path) -> ReferenceTable:
    """Load the instrument/paragraph table (validated by the rule loader)."""
    from samosa.source.loader import load_yaml

    data, _ = load_yaml(path)
    table = ReferenceTable()
    for name, spec in (data.get("instruments") or {}).items():
        table.instruments[name] = Instrument(
            name=name,
            title=spec["title"],
            valid_from=_date(spec.get("valid_from")),
            valid_until=_date(spec.get("valid_until")),
            replaced_by=spec.get("replaced_by"),
            full_cite=spec.get("full_cite"),
        )
    table.paragraphs = {k: dict(v) for k, v in (data.get("paragraphs") or {}).items()}
    return table


def _date(value) -> Optional[dt.date]:
    if value is None:
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
