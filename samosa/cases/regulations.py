"""Which regulation a krav cites, in the categories of AV's own figure (seed 000 §4.2).

AV counted the regulations its krav referred to: the AFS by title
("Systematiskt arbetsmiljöarbete", "Organisatorisk och social arbetsmiljö",
"Våld och hot i arbetsmiljön", "Första hjälpen och krisstöd", "Arbetsplatsens
utformning") and the Work Environment Act by chapter ("Arbetsmiljöns
beskaffenhet" = 2 kap., "Allmänna skyldigheter" = 3 kap., "Tillsyn" = 7 kap.).
Those titles are the instruments' own in ``rules/references.yaml``. From 2025
the same duties sit in AFS 2023:1 and in chapters of AFS 2023:2, so a krav
cited under the new regulations is counted under the category of the instrument
that chapter replaced, and a register spanning 2024 and 2025 stays comparable.
"""

from __future__ import annotations

from samosa.rulebook.references import ReferenceTable

#: The Work Environment Act's chapter headings (arbetsmiljölagen 1977:1160).
AML_CHAPTERS = {
    "1": "Lagens ändamål och tillämpningsområde",
    "2": "Arbetsmiljöns beskaffenhet",
    "3": "Allmänna skyldigheter",
    "4": "Bemyndiganden",
    "5": "Minderåriga",
    "6": "Samverkan mellan arbetsgivare och arbetstagare",
    "7": "Tillsyn",
    "8": "Påföljder",
    "9": "Överklagande",
}

#: AFS 2023:x (from 2025-01-01) → the pre-2025 instrument whose duties it took over, per chapter.
SUCCESSORS = {
    ("AFS 2023:1", None): "AFS 2001:1",
    ("AFS 2023:12", None): "AFS 2020:1",
    ("AFS 2023:2", "2"): "AFS 2015:4",
    ("AFS 2023:2", "4"): "AFS 1999:7",
    ("AFS 2023:2", "5"): "AFS 1993:2",
    ("AFS 2023:2", "6"): "AFS 1982:3",
    ("AFS 2023:2", "9"): "AFS 1982:17",
}


def category(citation: str, table: ReferenceTable) -> str:
    """The §4.2 category of one printed citation, e.g. "8 § AFS 2001:1" → "Systematiskt arbetsmiljöarbete"."""
    cite = table.parse(citation)
    if cite is None:
        return "Övrigt"
    chapter = cite.paragraph.split(" kap.")[0] if cite.paragraph and " kap." in cite.paragraph else None
    if cite.instrument == "arbetsmiljölagen":
        return AML_CHAPTERS.get(chapter or "", "Arbetsmiljölagen")
    instrument = (
        SUCCESSORS.get((cite.instrument, chapter)) or SUCCESSORS.get((cite.instrument, None)) or cite.instrument
    )
    found = table.instruments.get(instrument)
    return found.title if found else instrument


def categories(citations: list[str], table: ReferenceTable) -> list[str]:
    """The distinct categories a krav's legal basis falls in (a krav counts once per category)."""
    out: list[str] = []
    for c in citations:
        cat = category(c, table)
        if cat not in out:
            out.append(cat)
    return out
