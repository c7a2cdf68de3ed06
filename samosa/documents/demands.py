"""From findings and an inspection record to AV's numbered demands (krav).

An assessment says what the employer's documents show; an inspector also has
group interviews and what was seen on site, and decides which demands to
keep, drop or reword. This module combines the two, the one place where that
happens, so every letter (inspektionsmeddelande, underrättelse, föreläggande,
the employer's reply) numbers the same demands the same way.

Rules of combination (fail closed; docs/documents.md says the same in Swedish):

* a finding that could not be evaluated (``error``) stops every letter;
* only a finding whose status is in ``DEMAND_STATUSES`` (``fail``, ``partial``)
  is a deficiency resting on *documents*. Any other status — ``pass``,
  ``not_applicable``, and a status meaning "the file does not say" — never
  becomes a krav by itself: the letters that *ask* for information
  (``build_requests``: begäran om komplettering) are a separate path;
* an observation that shows a deficiency makes one, resting on *interviews*
  or *observation*, whatever the documents show (a routine on paper that staff
  do not know is a deficiency), except where the rule does not apply;
* an observation that shows a failing requirement to be in order is a
  contradiction the inspector must settle with an explicit demand decision;
* only legal requirements (föreskrift or lag) become demands, and only with a
  legal reference in force on the letter's date that may be printed: a
  citation of a whole instrument never is, and one whose paragraph number is
  unverified (``status: U`` in ``rules/references.yaml``) only when the
  inspection record lists it under ``confirmed_citations``;
* each failed check names its objects (the risk, the action, the premises,
  the incident by date and kind — ``objects``) and words its own "Ni ska …"
  action (``templates/krav.yaml``); findings about the same incident or the
  same delegation, and rules that demand the same investigation, are merged
  into one krav with all their bases (``merge`` in the phrasebook).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Optional

from samosa.documents.objects import NamedObject, join_objects, name_object
from samosa.documents.phrasebook import Phrasebook, fill, load_phrasebook
from samosa.documents.swedish import join_sv, units_phrase
from samosa.engine.conditions import describe_condition
from samosa.engine.findings import Assessment, Finding
from samosa.models.inspection import EVIDENCE_TITLES, EvidenceKind, LoadedInspection
from samosa.models.loading import LoadedOrg
from samosa.rulebook.model import AREA_TITLES, Rule, RuleBook
from samosa.rulebook.references import join_citations
from samosa.source.positions import PathT
from samosa.source.problems import InputError, Problem, UsageError

AREA_ORDER = list(AREA_TITLES)
EVIDENCE_ORDER = [k.value for k in EvidenceKind]

#: Statuses that make a documents-based deficiency, and so can make a krav.
DEMAND_STATUSES = frozenset({"fail", "partial"})
#: Statuses a begäran om komplettering asks about: deficiencies, and what the
#: file does not show ("not_shown", when the engine reports it).
REQUEST_STATUSES = frozenset({"fail", "partial", "not_shown"})


class DocumentError(UsageError):
    """The inputs do not support the document asked for (never rendered half-right)."""


@dataclass
class Deficiency:
    """One thing seen, the units it concerns and the kind of evidence it rests on."""

    text: str
    source: str  # an EvidenceKind value
    units: list[str] = field(default_factory=list)  # unit names; empty = the whole organisation
    rule: str = ""


@dataclass
class Krav:
    """One numbered krav: one rule, or several merged, with everything a letter prints."""

    number: int
    rule: str  # the first of ``rules``: how the reply and the decision refer to the krav
    rules: list[str]
    title: str
    area: str
    area_title: str
    actions: list[str]  # "Ni ska …" sentences
    reworded: bool
    units: list[str]
    deficiencies: list[Deficiency]
    evidence: list[str]  # EvidenceKind values, in a fixed order
    references: list[str]
    references_text: str
    withheld: list[str]  # citations left out: instrument-only, or unverified and not confirmed
    show: str  # what the reply must show
    consequences: list[str]
    reply_weeks: int
    #: per rule, the failed checks the krav answers (their rests_on is its basis); None: the whole rule
    basis_checks: dict[str, Optional[list[str]]] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return " ".join(self.actions)

    @property
    def evidence_text(self) -> str:
        return join_sv([EVIDENCE_TITLES[e] for e in self.evidence])


@dataclass
class Confirmation:
    """An observation that backs what the employer's documents say."""

    rule: str
    title: str
    text: str
    source: str
    unit: Optional[str] = None


@dataclass
class Dropped:
    rule: str
    title: str
    unit: Optional[str]
    reason: str


@dataclass
class DemandSet:
    demands: list[Krav] = field(default_factory=list)
    confirmations: list[Confirmation] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def by_rule(self, rule: str) -> Optional[Krav]:
        """The krav that ``rule`` is a basis of (merged krav have several)."""
        return next((d for d in self.demands if rule in d.rules), None)


# ------------------------------------------------------------------ citations


def citable(
    refs: list[str],
    book: RuleBook,
    confirmed: set[str] | frozenset[str] = frozenset(),
    unverified: set[str] | frozenset[str] = frozenset(),
) -> tuple[list[str], list[str]]:
    """Split ``refs`` into those a letter may print as the legal basis and those it must leave out.

    A citation of a whole instrument ("AFS 1999:7") never names what is
    demanded, and allmänna råd ("allmänna råd till 8 § AFS 2023:1") are not
    binding, so a letter never prints either as the basis of a krav. A
    paragraph whose number is unverified (``status: U``, or named in a rule's
    ``unverified`` — pass those as ``unverified``) is printed only if the
    inspector has checked it and listed it under ``confirmed_citations``.
    """
    printed, withheld = [], []
    for text in refs:
        cite = book.citation(text)
        if cite is None or cite.paragraph is None or cite.advice:
            withheld.append(text)
            continue
        if (book.references.status(cite) == "U" or text in unverified) and text not in confirmed:
            withheld.append(text)
            continue
        printed.append(text)
    return printed, withheld


def bases(rule: Rule, checks: Optional[list[str]], book: RuleBook, on: dt.date) -> tuple[list[str], set[str]]:
    """The citations a krav on ``rule`` rests on, in force on ``on``, and those of them that are unverified.

    ``checks`` are the failed checks the krav answers: it cites what they rest on
    (``rests_on``), so a demand for a written follow-up never cites a paragraph
    that only requires the follow-up. ``None`` (an observation or an account gap
    without a check) cites the whole rule. A citation is unverified when every
    check here that rests on it marks it so (``unverified``).
    """
    in_force = book.references_on(rule, on)
    chosen = [c for c in rule.checks if checks is None or c.id in checks]
    if checks is None or any(not c.rests_on for c in chosen):
        refs = in_force
    else:
        rested = {t for c in chosen for t in c.rests_on}
        refs = [t for t in in_force if t in rested]
    unverified = {
        t
        for t in refs
        if any(t in c.unverified for c in chosen) and not any(t in c.rests_on and t not in c.unverified for c in chosen)
    }
    return refs, unverified


def confirmed_citations(inspection: Optional[LoadedInspection]) -> frozenset[str]:
    return frozenset(inspection.model.confirmed_citations) if inspection else frozenset()


# ------------------------------------------------------------------ objects of a failed check

_COUNT = re.compile(r" \(gäller (\d+) av (\d+)\)")
_FOUND = re.compile(r" \(finns (\d+), krävs (\d+)\)")
_MISSING_VALUES = re.compile(r" \(saknas i filen: [^)]*\)")


@dataclass
class _Seed:
    """The makings of one action: a failed check, the objects it names, the unit."""

    rule: str
    check: Optional[str]
    objects: list[NamedObject]
    units: list[str]
    more: int = 0


def _failed_objects(
    rule: Rule, check_id: str, finding: Finding, root: dict[str, Any], unit_names: dict[str, str]
) -> list[tuple[NamedObject, list[str]]]:
    """The objects a failed ``exists``/``every`` check names, each with its failed conditions.

    The evidence of a finding is one list for all its checks; an item belongs to
    this check when it is in the check's collection and its note ends with the
    check's own failed conditions (in their order).
    """
    check = next((c for c in rule.checks if c.id == check_id), None)
    collection = getattr(check, "collection", None)
    require = getattr(check, "require", None)
    if check is None or collection is None or not require:
        return []
    reasons = [describe_condition(c) for c in require]
    tails = []
    for n in range(len(reasons), 0, -1):
        for combo in itertools.combinations(reasons, n):
            tails.append((": " + "; ".join(combo), list(combo)))
    out: list[tuple[NamedObject, list[str]]] = []
    seen: set[str] = set()
    for e in finding.evidence:
        obj = name_object(root, e.path, unit_names)
        if obj is None or obj.collection != collection or obj.key in seen:
            continue
        note = _MISSING_VALUES.sub("", e.note)
        for tail, named in tails:
            if note.endswith(tail):
                out.append((obj, named))
                seen.add(obj.key)
                break
    return out


def _deficiency_text(message: str, named: list[tuple[NamedObject, list[str]]], with_reasons: bool) -> tuple[str, int]:
    """The check's sentence with its count taken out and its objects named; and how many were left out."""
    hits = None
    m = _COUNT.search(message)
    if m:
        hits = int(m.group(1))
    text = _COUNT.sub("", message)
    found = _FOUND.search(text)
    extra = ""
    if found:
        extra = f" Det finns {found.group(1)}, men det krävs minst {found.group(2)}."
        text = _FOUND.sub("", text)
    text = " ".join(text.split())
    more = max(0, (hits or 0) - len(named))
    if named:
        if with_reasons:
            parts = [f"{o.text} ({', '.join(r)})" for o, r in named] + ([f"ytterligare {more}"] if more else [])
            listed = join_sv(parts)
        else:
            listed = join_objects([o for o, _ in named], more)
        text = text.rstrip(".") + ": " + listed + "."
    return text + extra, more


# ------------------------------------------------------------------ building


def refuse_errors(assessment: Assessment) -> None:
    """Fail closed: no document is written while a rule could not be evaluated."""
    errors = [f for f in assessment.findings if f.status == "error"]
    if errors:
        names = "; ".join(f"{f.rule} [{f.scope}]: {f.explanation}" for f in errors)
        raise DocumentError(f"{len(errors)} rule(s) could not be evaluated, so no document is rendered: {names}")


def _unit_of(scope: str) -> Optional[str]:
    return scope.split(":", 1)[1] if scope.startswith("unit:") else None


def _value(x: Any) -> str:
    return x.value if hasattr(x, "value") else str(x)


def _ni_voice(text: str, units: list[str]) -> str:
    """A rule's general demand in the letters' voice: "Arbetsgivaren ska" → "Ni ska"."""
    text = " ".join(text.split())
    text = re.sub(r"^Arbetsgivaren ska\b", "Ni ska", text)
    text = re.sub(r"^Arbetsgivaren\b", "Ni", text)
    if units:
        text = re.sub(r"\b(i|för) enheten\b", lambda m: f"{m.group(1)} {units_phrase(units)}", text)
    return text


def build_demands(
    assessment: Assessment,
    book: RuleBook,
    org: LoadedOrg,
    inspection: Optional[LoadedInspection],
    on: dt.date,
    *,
    include_account_gaps: bool = False,
    include_observations: bool = True,
    apply_decisions: bool = True,
    statuses: frozenset[str] = DEMAND_STATUSES,
    phrasebook: Optional[Phrasebook] = None,
) -> DemandSet:
    """The numbered demands of a letter dated ``on``.

    ``include_account_gaps`` adds the inspector's notes on the written account
    (begäran om komplettering); ``include_observations`` adds what the visit
    showed; ``apply_decisions`` applies keep/drop/reword. Only the areas the
    record's ``case.areas`` names are supervised (all when empty). ``statuses``
    are the finding statuses whose failed checks count as deficiencies.
    """
    refuse_errors(assessment)
    phrases = phrasebook or load_phrasebook()
    unit_names = {u.id: u.name for u in org.model.units}
    unit_order = {u.name: i for i, u in enumerate(org.model.units)}
    root = org.model.model_dump(mode="python")
    rec = inspection.model if inspection else None
    place = _placer(inspection)
    confirmed = confirmed_citations(inspection)
    problems: list[Problem] = []
    warnings: list[Problem] = []
    observations = list(enumerate(rec.observations)) if (rec and include_observations) else []
    areas = set(rec.case.areas) if rec and rec.case.areas else set(AREA_ORDER)
    gaps = list(enumerate(rec.account.gaps)) if (rec and include_account_gaps) else []
    decisions = {(d.rule, d.unit): (i, d) for i, d in enumerate(rec.demands)} if (rec and apply_decisions) else {}

    def concerns(item_unit: Optional[str], finding: Finding) -> bool:
        unit = _unit_of(finding.scope)
        return item_unit is None or unit is None or item_unit == unit

    # (rule, unit id or None) -> deficiencies and the actions they call for
    scoped: dict[tuple[str, Optional[str]], list[tuple[Deficiency, Optional[_Seed]]]] = {}
    confirmations: list[Confirmation] = []
    for f in assessment.findings:
        if f.area not in areas:
            continue
        rule = book.get(f.rule)
        unit = _unit_of(f.scope)
        unit_name = unit_names.get(unit) if unit else None
        here = [unit_name] if unit_name else []
        found: list[tuple[Deficiency, Optional[_Seed]]] = []
        if f.status in statuses:
            for c in f.checks:
                if c.outcome != "fail" or c.basis != "legal":
                    continue  # a check resting on allmänna råd or good practice is never a krav
                named = _failed_objects(rule, c.id, f, root, unit_names)
                check = next((k for k in rule.checks if k.id == c.id), None)
                # an `exists` check names the candidates that fall short, so say how;
                # an `every` check's sentence already says it, unless it has several conditions
                with_reasons = getattr(check, "kind", "") == "exists" or len(getattr(check, "require", None) or []) > 1
                text, more = _deficiency_text(c.message, named, with_reasons)
                seed = _Seed(f.rule, c.id, [o for o, _ in named], list(here), more)
                found.append((Deficiency(text, EvidenceKind.documents.value, list(here), f.rule), seed))
        for i, obs in observations:
            if obs.rule != f.rule or not concerns(obs.unit, f):
                continue
            obs_units = [unit_names[obs.unit]] if obs.unit else list(here)
            if _value(obs.shows) == "deficiency":
                if f.status == "not_applicable":
                    problems.append(
                        place(
                            ("observations", i, "rule"),
                            f"observation {obs.id!r} shows a deficiency against {f.rule}, "
                            f"which does not apply here: {f.explanation}",
                        )
                    )
                    continue
                obs_seed = _Seed(f.rule, obs.check, [], list(obs_units)) if obs.check else None
                found.append((Deficiency(" ".join(obs.text.split()), _value(obs.source), obs_units, f.rule), obs_seed))
            else:
                if f.status in statuses and (f.rule, None) not in decisions and (f.rule, unit) not in decisions:
                    problems.append(
                        place(
                            ("observations", i),
                            f"observation {obs.id!r} shows {f.rule} in order, but the documents "
                            f"show a deficiency ({f.scope}); settle it under 'demands' "
                            f"with action keep, drop or reword",
                        )
                    )
                confirmations.append(
                    Confirmation(f.rule, rule.title, obs.text, _value(obs.source), obs_units[0] if obs_units else None)
                )
        for _i, gap in gaps:
            if gap.rule == f.rule and concerns(gap.unit, f):
                gap_units = [unit_names[gap.unit]] if gap.unit else list(here)
                found.append(
                    (Deficiency(" ".join(gap.missing.split()), EvidenceKind.documents.value, gap_units, f.rule), None)
                )
        if found and rule.severity == "legal":
            scoped.setdefault((f.rule, unit), []).extend(found)

    dropped: list[Dropped] = []
    rewords: dict[str, tuple[int, str]] = {}
    for key, (i, d) in sorted(decisions.items(), key=lambda kv: kv[1][0]):
        rule_id, unit = key
        targets = [k for k in scoped if k[0] == rule_id and (unit is None or k[1] == unit)]
        if not targets:
            problems.append(
                place(
                    ("demands", i),
                    f"there is no deficiency for {rule_id}"
                    f"{' in unit ' + unit if unit else ''} to {_value(d.action)}; "
                    "remove this decision or add the observation that supports it",
                )
            )
            continue
        action = _value(d.action)
        if action == "drop":
            for k in targets:
                del scoped[k]
            dropped.append(
                Dropped(rule_id, book.get(rule_id).title, unit_names.get(unit) if unit else None, d.reason or "")
            )
        elif action == "reword":
            rewords[rule_id] = (i, " ".join((d.text or "").split()))
    if problems:
        raise InputError(sorted(problems))

    def order(rule_id: str) -> tuple:
        return (AREA_ORDER.index(book.get(rule_id).area), rule_id)

    rules_present = sorted({k[0] for k in scoped}, key=order)
    groups, titles = _merge_groups(rules_present, scoped, phrases)

    demands: list[Krav] = []
    for members in groups:
        entries = [
            e
            for r in members
            for k in sorted((k for k in scoped if k[0] == r), key=lambda k: (k[1] is not None, k[1] or ""))
            for e in scoped[k]
        ]
        deficiencies = _merge_deficiencies([d for d, _ in entries], unit_order)
        units = sorted({u for d, _ in entries for u in d.units}, key=lambda u: unit_order.get(u, 0))
        group_rewords = [(r, rewords[r]) for r in members if r in rewords]
        if len(group_rewords) > 1:
            raise InputError(
                [
                    place(("demands", i), f"{r} is reworded, but it is one krav with {group_rewords[0][0]}")
                    for r, (i, _) in group_rewords[1:]
                ]
            )
        if group_rewords:
            actions = [group_rewords[0][1][1]]
        else:
            actions = _actions(members, [s for _, s in entries if s is not None], book, phrases, warnings, place)
        refs_all: list[str] = []
        unverified: set[str] = set()
        verified: set[str] = set()
        basis_checks: dict[str, Optional[list[str]]] = {}
        for r in members:
            seeds_r = [s for d, s in entries if d.rule == r]
            # an observation or a gap without a check, or the inspector's own wording: the whole rule
            whole = any(s is None or s.check is None for s in seeds_r) or not seeds_r or r in rewords
            basis_checks[r] = None if whole else sorted({s.check for s in seeds_r if s and s.check})
            refs, unv = bases(book.get(r), basis_checks[r], book, on)
            unverified |= unv
            verified |= set(refs) - unv
            for ref in refs:
                if ref not in refs_all:
                    refs_all.append(ref)
        printed, withheld = citable(refs_all, book, confirmed, unverified - verified)
        withheld_notes = [w for w in withheld if not getattr(book.citation(w), "advice", None)]
        if not printed and statuses is REQUEST_STATUSES:
            warnings.append(
                place(
                    (),
                    f"{join_sv(members)} is not asked about: no reference that a letter may print is in force on "
                    f"{on.isoformat()} ({', '.join(refs_all) or 'none'}); confirm an unverified paragraph under "
                    "'confirmed_citations' to include it",
                )
            )
            continue
        if not printed:
            reason = (
                f"{join_sv(members)} has no legal reference in force on {on.isoformat()}"
                if not refs_all
                else f"{join_sv(members)} cites only {', '.join(withheld)} on {on.isoformat()}, which a letter "
                "cannot print (a whole instrument, or a paragraph marked unverified: status U); confirm the "
                "paragraph under 'confirmed_citations' or drop the demand under 'demands'"
            )
            raise DocumentError(f"{reason}; a demand needs a legal basis on the letter's date")
        for note in withheld_notes:
            cite = book.citation(note)
            why = (
                "it names no paragraph"
                if cite is None or cite.paragraph is None
                else "its paragraph number is unverified (status U in rules/references.yaml); "
                "list it under 'confirmed_citations' once you have checked it"
            )
            warnings.append(place((), f"{note} (cited by {join_sv(members)}) is left out of the letter: {why}"))
        shows, consequences = [], []
        for r in members:
            p = phrases.for_rule(r)
            if p and " ".join(p.show.split()) not in shows:
                shows.append(" ".join(p.show.split()))
            if p and p.consequence:
                consequences.append(" ".join(p.consequence.split()))
        first = book.get(members[0])
        kinds = {d.source for d in deficiencies}
        demands.append(
            Krav(
                number=len(demands) + 1,
                rule=members[0],
                rules=list(members),
                title=titles.get(members[0], first.title) if len(members) > 1 else first.title,
                area=first.area,
                area_title=AREA_TITLES[first.area],
                actions=actions,
                reworded=bool(group_rewords),
                units=units,
                deficiencies=deficiencies,
                evidence=[e for e in EVIDENCE_ORDER if e in kinds],
                references=printed,
                references_text=join_citations(printed, book.references),
                withheld=withheld_notes,
                basis_checks=basis_checks,
                show=join_sv(shows) if shows else "hur kravet har uppfyllts",
                consequences=consequences,
                reply_weeks=max(book.get(r).reply_weeks for r in members),
            )
        )
    return DemandSet(demands=demands, confirmations=confirmations, dropped=dropped, warnings=warnings)


def build_requests(
    assessment: Assessment,
    book: RuleBook,
    org: LoadedOrg,
    inspection: Optional[LoadedInspection],
    on: dt.date,
) -> DemandSet:
    """What a begäran om komplettering asks for: never a krav.

    The written account's gaps as the inspector noted them, plus what the
    documents leave failing or unshown (``REQUEST_STATUSES``); numbered and
    merged like the demands, but each item says what the completion must show.
    """
    return build_demands(
        assessment,
        book,
        org,
        inspection,
        on,
        include_account_gaps=True,
        include_observations=False,
        apply_decisions=False,
        statuses=REQUEST_STATUSES,
    )


#: Makes a problem or a warning at a path in the inspection record (``SourceMap.problem``).
Place = Callable[[PathT, str], Problem]


def _unplaced(path: PathT, message: str) -> Problem:
    return Problem("", 0, 0, message)


def _placer(inspection: Optional[LoadedInspection]) -> Place:
    """Where the problems and warnings of ``build_demands`` point: into the inspection record, or
    nowhere without one (observations, gaps and decisions only come from a record, so only a
    warning about the catalogue or the phrasebook is ever unplaced)."""
    return inspection.source.problem if inspection is not None else _unplaced


def _merge_groups(
    rules_present: list[str],
    scoped: dict[tuple[str, Optional[str]], list[tuple[Deficiency, Optional[_Seed]]]],
    phrases: Phrasebook,
) -> tuple[list[list[str]], dict[str, str]]:
    """Group rules into krav (union-find over the phrasebook's merge entries); the heading of each group."""
    parent = {r: r for r in rules_present}
    cause: dict[str, str] = {}

    def find(r: str) -> str:
        while parent[r] != r:
            parent[r] = parent[parent[r]]
            r = parent[r]
        return r

    def union(a: str, b: str, title: str) -> None:
        ra, rb = find(a), find(b)
        if ra == rb:
            return
        first, second = sorted((ra, rb), key=rules_present.index)
        parent[second] = first
        cause.setdefault(first, title)
        if second in cause:
            cause.setdefault(first, cause[second])

    for spec in phrases.merge:
        if spec.rules:
            present = [r for r in spec.rules if r in parent]
            for a, b in itertools.pairwise(present):
                union(a, b, spec.title)
        if spec.objects:
            holders: dict[str, list[str]] = {}
            for (rule, _unit), entries in scoped.items():
                for _d, seed in entries:
                    for o in seed.objects if seed else []:
                        if o.collection == spec.objects and rule not in holders.setdefault(o.key, []):
                            holders[o.key].append(rule)
            for rules in holders.values():
                for a, b in itertools.pairwise(rules):
                    union(a, b, spec.title)
    groups: dict[str, list[str]] = {}
    for r in rules_present:
        groups.setdefault(find(r), []).append(r)
    titles = {root: cause[root] for root in groups if root in cause}
    return list(groups.values()), titles


def _merge_deficiencies(items: list[Deficiency], unit_order: dict[str, int]) -> list[Deficiency]:
    """One line per distinct deficiency; the same sentence for several units lists the units once."""
    out: list[Deficiency] = []
    index: dict[tuple[str, str], Deficiency] = {}
    for d in items:
        key = (d.text, d.source)
        if key in index:
            merged = index[key]
            merged.units = sorted(set(merged.units) | set(d.units), key=lambda u: unit_order.get(u, 0))
            continue
        copy = Deficiency(d.text, d.source, list(d.units), d.rule)
        index[key] = copy
        out.append(copy)
    return out


def _actions(
    members: list[str],
    seeds: list[_Seed],
    book: RuleBook,
    phrases: Phrasebook,
    warnings: list[Problem],
    place: Place,
) -> list[str]:
    """The "Ni ska …" sentences of one krav: one per failed check, covered ones folded in."""
    merged: dict[tuple[str, Optional[str]], _Seed] = {}
    for s in seeds:
        key = (s.rule, s.check)
        if key not in merged:
            merged[key] = _Seed(s.rule, s.check, [], [], 0)
        m = merged[key]
        for o in s.objects:
            if o.key not in {x.key for x in m.objects}:
                m.objects.append(o)
        m.units += [u for u in s.units if u not in m.units]
        m.more += s.more
    for key, s in list(merged.items()):
        rp = phrases.for_rule(s.rule)
        phrase = rp.phrase(s.check) if rp and s.check else None
        for cover in phrase.covered_by if phrase else []:
            rule, _, check = cover.partition(".")
            other = merged.get((rule, check))
            if other is not None and {o.key for o in s.objects} <= {o.key for o in other.objects}:
                other.units += [u for u in s.units if u not in other.units]
                del merged[key]
                break
    out: list[str] = []
    covered_rules = {s.rule for s in merged.values()}
    for s in merged.values():
        text = _action_text(s, book, phrases, warnings, place)
        if text not in out:
            out.append(text)
    for r in members:  # a basis with no failed check of its own (an observation, an account gap)
        if r not in covered_rules and not any(s.rule == r for s in seeds):
            text = _ni_voice(book.get(r).demand, [])
            if text not in out:
                out.append(text)
    return out


def _action_text(s: _Seed, book: RuleBook, phrases: Phrasebook, warnings: list[Problem], place: Place) -> str:
    rule = book.get(s.rule)
    rp = phrases.for_rule(s.rule)
    phrase = rp.phrase(s.check) if rp and s.check else None
    in_units = ("i " + units_phrase(s.units)) if s.units else ""
    if phrase is None:
        warnings.append(
            place(
                (),
                f"no krav wording for {s.rule} check {s.check!r} in templates/krav.yaml; "
                "the rule's general demand is printed instead",
            )
        )
        return _ni_voice(rule.demand, s.units)
    template = phrase.do
    if "{objects}" in template and not s.objects:
        if phrase.none is None:
            return _ni_voice(rule.demand, s.units)
        template = phrase.none
    count = len(s.objects) + s.more
    return fill(template, objects=join_objects(s.objects, s.more), in_units=in_units, plural=count > 1)


__all__ = [
    "DEMAND_STATUSES",
    "REQUEST_STATUSES",
    "Deficiency",
    "Krav",
    "DemandSet",
    "DocumentError",
    "build_demands",
    "bases",
    "build_requests",
    "citable",
    "refuse_errors",
]
