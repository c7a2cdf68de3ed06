"""docs/coverage.md, generated from the rules: which paragraphs are encoded, which are not and why.

The document is derived, never written by hand: the rules say what they cite,
``rules/references.yaml`` says why a paragraph is deliberately left out
(``not_encoded``) and how sure we are of its number (status P/S/U). A test
keeps the committed file equal to the generated one.

    python -m samosa.rulebook.coverage            # rewrite docs/coverage.md
    python -m samosa.rulebook.coverage --check    # exit 1 if docs/coverage.md is stale
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Optional

from samosa.rulebook.catalogue import citations_by_paragraph, crosswalk, load_demand_types, reference_notes
from samosa.rulebook.model import AREA_TITLES, SEVERITY_TITLES, RuleBook
from samosa.rulebook.pack import DEFAULT_RULES_DIR, load_rules

DEFAULT_OUTPUT = DEFAULT_RULES_DIR.parent / "docs" / "coverage.md"


def _para_key(para: Optional[str]) -> tuple:
    if para is None:
        return (-1,)
    nums = [int(n) for n in re.findall(r"\d+", para)]
    return tuple(nums) + ((1,) if re.search(r"\d [a-z] §", para) else (0,))


def _cite(inst: str, para: Optional[str]) -> str:
    return f"{para} {inst}" if para else f"{inst} (hela föreskriften)"


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def render_coverage(book: RuleBook, references_path: Path) -> str:
    """The Markdown text of docs/coverage.md (deterministic: same rules → same bytes)."""
    notes, _ = reference_notes(references_path)
    cited = citations_by_paragraph(book, mark_advice=True)
    instruments = list(book.references.instruments)
    entries = sorted(notes, key=lambda k: (instruments.index(k[0]) if k[0] in instruments else 99, _para_key(k[1])))

    encoded, skipped = [], []
    for inst, para in entries:
        spec = notes[(inst, para)]
        rules = sorted(set(cited.get((inst, para), [])))
        if para is None and not rules and "not_encoded" not in spec:
            continue  # judged paragraph by paragraph
        title = spec.get("title", "") if para else book.references.instruments[inst].title
        status = spec.get("status", "") if para else ""
        source = spec.get("source", "") if para else ""
        if rules:
            encoded.append((inst, para, title, status, rules, source))
        elif "not_encoded" in spec:
            skipped.append((inst, para, title, status, spec["not_encoded"]))

    legal = sum(1 for r in book if r.severity == "legal")
    advice = sum(1 for r in book if r.severity == "advice")
    lines = [
        "# Täckning: vilka bestämmelser regelkatalogen prövar",
        "",
        "<!-- Genererad av `python -m samosa.rulebook.coverage` från rules/; redigera inte för hand. -->",
        "",
        "Regelkatalogen ska hitta det en inspektör från Arbetsmiljöverket skulle hitta i en kommunal",
        "socialtjänst. Här redovisas, härlett ur reglerna och referenstabellen (`rules/references.yaml`),",
        "vilka paragrafer som prövas av vilka regler, vilka som medvetet inte prövas och varför, och hur",
        "gamla hänvisningar (t.o.m. 2024-12-31) motsvaras av nya (från 2025-01-01).",
        "",
        f"- Regler: {len(book)} ({legal} krav i föreskrift eller lag, "
        f"{advice} allmänna råd och {len(book) - legal - advice} god praxis som aldrig blir krav).",
        f"- Bestämmelser som prövas: {len(encoded)}; medvetet inte prövade: {len(skipped)}.",
        "- Status: P = primärtext läst (eller en konsoliderad återgivning), S = sekundärkälla, U = numreringen "
        "overifierad. Ingen regel citerar en hel föreskrift. Ett brev skriver ut en paragraf med status U "
        "först när inspektören har bekräftat den (`confirmed_citations` i inspektionsunderlaget), och "
        "allmänna råd aldrig som lagstöd för ett krav.",
        "",
        "## Bestämmelser som prövas",
        "",
        '"(allmänna råd)" efter en regel betyder att regeln bara citerar paragrafens allmänna råd.',
        "",
        "| Bestämmelse | Rubrik | Status | Källa | Regler |",
        "|---|---|---|---|---|",
    ]
    for inst, para, title, status, rules, source in encoded:
        lines.append(
            f"| {_cite(inst, para)} | {_cell(title)} | {status or '–'} | {_cell(source) or '–'} | {', '.join(rules)} |"
        )
    lines += [
        "",
        "## Bestämmelser som medvetet inte prövas",
        "",
        "| Bestämmelse | Rubrik | Status | Varför |",
        "|---|---|---|---|",
    ]
    for inst, para, title, status, why in skipped:
        lines.append(f"| {_cite(inst, para)} | {_cell(title)} | {status or '–'} | {_cell(why)} |")

    advice_cites: dict[str, tuple[tuple, list[str]]] = {}
    for rule in book:
        for text in rule.references:
            cite = book.citation(text)
            if cite is not None and cite.advice:
                key = (instruments.index(cite.instrument), _para_key(cite.paragraph))
                advice_cites.setdefault(text, (key, []))[1].append(rule.id)
    lines += [
        "",
        "## Allmänna råd som citeras",
        "",
        'Citeras som Arbetsmiljöverket gör ("allmänna råd till 8 § AFS 2023:1"), aldrig som lagstöd för ett krav.',
        "",
        "| Allmänna råd | Status | Regler |",
        "|---|---|---|",
    ]
    for text, (_, rule_ids) in sorted(advice_cites.items(), key=lambda kv: kv[1][0]):
        lines.append(f"| {text} | {book.status_of(text) or '–'} | {', '.join(rule_ids)} |")

    unverified = [(inst, para, rules) for inst, para, _, status, rules, _ in encoded if status == "U"]
    lines += ["", "## Citerade paragrafer med overifierad numrering", ""]
    if unverified:
        lines += [
            "Paragrafnumret är inte belagt i en läst text; kontrollera mot primärtexten och bekräfta det i "
            "inspektionsunderlaget innan ett krav skickas.",
            "",
        ]
        lines += [f"- {para} {inst}: {', '.join(rules)}" for inst, para, rules in unverified]
    else:
        lines.append("Inga.")
    uses = [
        (rule.id, check.id, text, why)
        for rule in book
        for check in rule.checks
        for text, why in sorted(check.unverified.items())
    ]
    lines += ["", "## Belagda paragrafer vars innehåll är overifierat för en kontroll", ""]
    if uses:
        lines += [
            "Paragrafnumret är belagt, men inte att kravet kontrollen prövar står i just den paragrafen. För den "
            "kontrollen räknas citatet som overifierat.",
            "",
        ]
        lines += [f"- {text} ({rid}, {cid}): {_cell(why)}" for rid, cid, text, why in uses]
    else:
        lines.append("Inga.")

    weaker = [
        (rule.id, check.id, rule.basis_of(check), check.rests_on)
        for rule in book
        if rule.severity == "legal"
        for check in rule.checks
        if rule.basis_of(check) != "legal"
    ]
    lines += [
        "",
        "## Kontroller i krav som vilar på allmänna råd eller god praxis",
        "",
        "Varje kontroll anger vad den vilar på (`rests_on`). Dessa kontroller i regler med en rättslig kärna "
        "vilar inte på paragrafens text; när bara de brister redovisas fyndet som råd eller god praxis och blir "
        "aldrig ett krav.",
        "",
        "| Regel | Kontroll | Grund | Vilar på |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {rid} | {cid} | {SEVERITY_TITLES[basis]} | {'; '.join(rests) or 'ingen paragraf (se regelns tolkning)'} |"
        for rid, cid, basis, rests in weaker
    ]

    lines += [
        "",
        "## Gamla och nya hänvisningar per regel",
        "",
        "| Regel | Område | t.o.m. 2024-12-31 | från 2025-01-01 | hela tiden |",
        "|---|---|---|---|---|",
    ]
    for row in crosswalk(book):
        area = AREA_TITLES[book.get(row["rule"]).area]
        lines.append(
            f"| {row['rule']} | {area} | {'; '.join(row['old']) or '–'} | "
            f"{'; '.join(row['new']) or '–'} | {'; '.join(row['always']) or '–'} |"
        )

    if book.profiles:
        lines += ["", "## Profiler", "", "| Profil | Beskrivning | Regler |", "|---|---|---|"]
        for name in sorted(book.profiles):
            prof = book.profiles[name]
            lines.append(f"| `{name}` | {_cell(prof.title)}: {_cell(prof.description)} | {len(book.select(name))} |")

    demand_types, _, _ = load_demand_types(references_path.parent)
    if demand_types is not None:
        lines += [
            "",
            "## Arbetsmiljöverkets vanligaste krav och hur de prövas",
            "",
            f"Kraven i {_cell(demand_types.source)} (`rules/demand_types.yaml`), vart och ett med de regler som "
            "prövar det, eller varför det inte prövas.",
            "",
            "| Krav | Källa | Regler | Inte prövat |",
            "|---|---|---|---|",
        ]
        for d in demand_types.demand_types:
            rest = d.not_encoded or d.partly or "–"
            lines.append(f"| {_cell(d.title)} | {_cell(d.source)} | {', '.join(d.rules) or '–'} | {_cell(rest)} |")

    interpretations = [(r.id, r.notes) for r in book if r.notes]
    lines += [
        "",
        "## Tolkningar i reglerna",
        "",
        'Där föreskriften säger "regelbundet" eller "aktuell" eller där ett krav följer av allmänna '
        "råd har regeln valt en tolkning. Den står i regeln och visas här:",
        "",
    ]
    lines += [f"- **{rid}**: {_cell(text)}" for rid, text in interpretations]
    return "\n".join(lines) + "\n"


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m samosa.rulebook.coverage", description=__doc__.splitlines()[0])
    parser.add_argument("--rules", type=Path, default=DEFAULT_RULES_DIR, help="rule pack directory")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="where to write the document")
    parser.add_argument("--check", action="store_true", help="exit 1 if the file differs from the generated text")
    args = parser.parse_args(argv)
    text = render_coverage(load_rules(args.rules), args.rules / "references.yaml")
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.is_file() else ""
        if current != text:
            print(f"{args.output} is stale; run `python -m samosa.rulebook.coverage` and commit it", file=sys.stderr)
            return 1
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
