"""Legal references: parse AV-style citations, decide which are in force, and load their table.

A citation is written the way AV writes it — ``8 § AFS 2001:1``,
``3 kap. 2 a § arbetsmiljölagen``, ``2 kap. 6 § AFS 2023:2`` — and always names
a paragraph (``samosa rules lint`` refuses a whole instrument, which no letter
can send). Allmänna råd are cited the way AV's own texts refer to them:
``allmänna råd till 8 § AFS 2023:1``. Such a citation is advice: it is shown
with advice findings and never printed as the legal basis of a krav.

The instrument table (``rules/references.yaml``) says when each instrument was
in force, so a rule lists both its old and new citations and the assessment
date picks (AFS 2001:1 until 2024-12-31, AFS 2023:1 from 2025-01-01). It also
says how sure we are of each paragraph number (status P, S or U, with the
source read) and, under ``advice:``, whether the paragraph has allmänna råd that
rules may cite. The table is a model validated when the pack loads: a typo in
a date or a key is a ``file:line:col`` problem, never a crash.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError

#: The prefix of a citation of allmänna råd, as AV writes it ("allmänna råd till 6 § AFS 2023:1").
ADVICE_PREFIX = "allmänna råd till "
PARA_RE = r"(?:(?P<chapter>\d+) kap\. )?(?P<para>\d+(?: [a-z])?) §"
CITE_RE = re.compile(rf"^(?P<advice>{ADVICE_PREFIX})?{PARA_RE} (?P<instrument>.+)$")
PARAGRAPH_KEY_RE = re.compile(rf"^{PARA_RE}$")

Status = Literal["P", "S", "U"]
#: What each status means, in Swedish (docs/coverage.md, ``samosa rules show``).
STATUS_TITLES = {"P": "primärtext läst", "S": "sekundärkälla", "U": "numrering overifierad"}


@dataclass(frozen=True)
class Citation:
    instrument: str
    paragraph: Optional[str]  # "3 kap. 2 a §", or None for a whole instrument
    text: str
    advice: bool = False  # "allmänna råd till …": never a legal basis

    @property
    def sort_key(self) -> tuple:
        nums = [int(n) for n in re.findall(r"\d+", self.paragraph or "")]
        return (self.instrument, nums, self.paragraph or "", self.advice)


def parse_citation(text: str, instruments: set[str] | dict[str, Any]) -> Citation | None:
    """Parse ``text``; ``None`` if it is not in AV's citation form."""
    if text in instruments:
        return Citation(text, None, text)
    m = CITE_RE.match(text)
    if not m or m["instrument"] not in instruments:
        return None
    para = f"{m['para']} §" if not m["chapter"] else f"{m['chapter']} kap. {m['para']} §"
    return Citation(m["instrument"], para, text, advice=bool(m["advice"]))


# ------------------------------------------------------------------ the table file


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AdviceSpec(_Strict):
    """The allmänna råd to a paragraph, which rules may cite as ``allmänna råd till …``."""

    status: Status = Field(description="How sure we are that the råd stand under this paragraph (P, S, U).")
    source: Optional[str] = Field(None, description="Where the råd were read.")
    note: Optional[str] = None


class ParagraphSpec(_Strict):
    title: str = Field(min_length=1)
    status: Status = Field(description="P: primary text read; S: secondary source; U: number unverified.")
    source: Optional[str] = Field(None, description="Where the paragraph was read (primary text or the page).")
    note: Optional[str] = None
    not_encoded: Optional[str] = Field(None, description="Why no rule cites the paragraph.")
    advice: Optional[AdviceSpec] = Field(None, description="The paragraph's allmänna råd, if rules cite them.")


class InstrumentSpec(_Strict):
    title: str = Field(min_length=1)
    valid_from: Optional[dt.date] = None
    valid_until: Optional[dt.date] = None
    replaced_by: Optional[str] = None
    full_cite: Optional[str] = None
    note: Optional[str] = None
    not_encoded: Optional[str] = Field(None, description="Why no rule cites the instrument's paragraphs.")


class ReferenceFile(_Strict):
    """``rules/references.yaml``."""

    instruments: dict[str, InstrumentSpec] = Field(min_length=1)
    paragraphs: dict[str, dict[str, ParagraphSpec]] = Field(default_factory=dict)


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
    """Known instruments and paragraphs, loaded from ``references.yaml``.

    ``paragraphs`` holds each entry as plain data (``{"title": …, "status": …}``);
    ask ``status`` rather than reading it, so advice citations get the råd's status.
    """

    instruments: dict[str, Instrument] = field(default_factory=dict)
    paragraphs: dict[str, dict[str, dict]] = field(default_factory=dict)

    def parse(self, text: str) -> Citation | None:
        return parse_citation(text, self.instruments)

    def entry(self, cite: Citation) -> dict:
        if cite.paragraph is None:
            return {}
        return self.paragraphs.get(cite.instrument, {}).get(cite.paragraph) or {}

    def known(self, cite: Citation) -> bool:
        if cite.paragraph is None:
            return cite.instrument in self.instruments
        if cite.paragraph not in self.paragraphs.get(cite.instrument, {}):
            return False
        return not cite.advice or bool(self.entry(cite).get("advice"))

    def status(self, cite: Citation) -> Optional[str]:
        """P, S or U for a paragraph (for advice: of its råd); None for a whole instrument."""
        entry = self.entry(cite)
        if cite.advice:
            return (entry.get("advice") or {}).get("status")
        return entry.get("status")

    def in_force(self, cite: Citation, on: dt.date) -> bool:
        return self.instruments[cite.instrument].in_force(on)

    def title(self, cite: Citation) -> str:
        if cite.paragraph is None:
            return self.instruments[cite.instrument].title
        title = self.entry(cite).get("title", "")
        return f"allmänna råd: {title}" if cite.advice else title


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
    they are first cited in. Citations of allmänna råd follow after a semicolon,
    joined the same way ("allmänna råd till 7 och 8 §§ AFS 2023:1"), so they are
    never read as part of the legal basis.
    """
    legal: list[str] = []
    advice: list[str] = []
    for text in cites:
        cite = table.parse(text)
        (advice if cite is not None and cite.advice else legal).append(text)
    out = _join_group(legal, table)
    if advice:
        out += ("; " if out else "") + ADVICE_PREFIX + _join_group(advice, table)
    return out


def _join_group(cites: list[str], table: ReferenceTable) -> str:
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
    """Load and validate ``references.yaml``; every problem is a positioned ``RuleError``."""
    from samosa.models.validation import validation_problems
    from samosa.source.loader import load_yaml
    from samosa.source.problems import RuleError

    data, smap = load_yaml(path)
    try:
        parsed = ReferenceFile.model_validate(data)
    except ValidationError as exc:
        raise RuleError(sorted(set(validation_problems(exc, smap, ReferenceFile)))) from None
    problems = []
    for name, spec in parsed.instruments.items():
        if spec.valid_from and spec.valid_until and spec.valid_from > spec.valid_until:
            problems.append(
                smap.problem(
                    ("instruments", name, "valid_until"), f"{name} ends before it starts (valid_from is later)"
                )
            )
        if spec.replaced_by is not None and spec.replaced_by not in parsed.instruments:
            problems.append(
                smap.problem(
                    ("instruments", name, "replaced_by"),
                    f"{name} is replaced by {spec.replaced_by!r}, which is not listed",
                )
            )
    for name, paras in parsed.paragraphs.items():
        if name not in parsed.instruments:
            problems.append(smap.problem(("paragraphs", name), f"paragraphs of {name!r}, which is not an instrument"))
        for para in paras:
            if not PARAGRAPH_KEY_RE.match(para):
                problems.append(
                    smap.problem(
                        ("paragraphs", name, para),
                        f"{para!r} is not a paragraph as AV writes it ('8 §', '3 kap. 2 a §')",
                        key=True,
                    )
                )
    if problems:
        raise RuleError(sorted(set(problems)))
    table = ReferenceTable()
    for name, spec in parsed.instruments.items():
        table.instruments[name] = Instrument(
            name=name,
            title=spec.title,
            valid_from=spec.valid_from,
            valid_until=spec.valid_until,
            replaced_by=spec.replaced_by,
            full_cite=spec.full_cite,
        )
    table.paragraphs = {
        name: {para: spec.model_dump(exclude_none=True) for para, spec in paras.items()}
        for name, paras in parsed.paragraphs.items()
    }
    return table
