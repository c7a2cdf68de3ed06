"""Loading a rule pack: one rule per YAML file under ``rules/<area>/``, validated as a whole.

A malformed pack is reported like bad user input — ``file:line:col`` and what
was expected: pydantic errors, paths the model does not have, citations
``references.yaml`` does not know, unknown profiles, unknown prerequisites
and prerequisite cycles.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Optional

from pydantic import ValidationError

from samosa.models.validation import validation_problems
from samosa.rulebook.model import SEVERITY_RANK, Profile, ProfileFile, Rule, RuleBook
from samosa.rulebook.paths import check_paths
from samosa.rulebook.references import load_reference_table
from samosa.source.loader import load_yaml
from samosa.source.positions import SourceMap
from samosa.source.problems import Problem, RuleError
from samosa.source.resources import missing_message, resource_dir

#: The bundled pack: ``rules/`` in a checkout, ``samosa/_data/rules`` when installed.
DEFAULT_RULES_DIR = resource_dir("rules")


def load_profiles(path: Path) -> tuple[dict[str, Profile], list[Problem], Optional[SourceMap]]:
    """Load ``profiles.yaml``: profile name → Profile, plus any problems with file positions."""
    try:
        data, smap = load_yaml(path)
    except Exception as exc:  # InputError from the YAML layer
        return {}, getattr(exc, "problems", [Problem(str(path), 1, 1, str(exc))]), None
    try:
        parsed = ProfileFile.model_validate(data)
    except ValidationError as exc:
        return {}, validation_problems(exc, smap, ProfileFile), smap
    problems = [
        smap.problem(("profiles", name), f"profile name {name!r} must be lower-case letters, digits and '-'")
        for name in parsed.profiles
        if not re.fullmatch(r"[a-z][a-z0-9-]*", name)
    ]
    return parsed.profiles, problems, smap


def _profile_problems(rule: Rule, profiles: dict[str, Profile], smap: SourceMap) -> list[Problem]:
    out = []
    for i, name in enumerate(rule.profiles):
        if name not in profiles:
            known = ", ".join(sorted(profiles))
            out.append(smap.problem(("profiles", i), f"unknown profile {name!r} (profiles.yaml defines: {known})"))
        elif rule.severity not in profiles[name].severities:
            out.append(
                smap.problem(
                    ("profiles", i),
                    f"profile {name!r} admits only severities "
                    f"{', '.join(profiles[name].severities)}; this rule is {rule.severity}",
                )
            )
    return out


#: Files of a pack that are not rules: the citable paragraphs, the profiles, the demand types AV raises.
PACK_FILES = ("references.yaml", "profiles.yaml", "demand_types.yaml")


def _basis_problems(rule: Rule, smap: SourceMap) -> list[Problem]:
    """Each check's basis and what it rests on, against the rule: a check is never more binding than
    its rule, the rule's severity is that of its strongest check, and ``rests_on`` names the rule's own
    citations; ``unverified`` names them too."""
    out = []
    for c, check in enumerate(rule.checks):
        basis = rule.basis_of(check)
        if SEVERITY_RANK[basis] > SEVERITY_RANK[rule.severity]:
            out.append(
                smap.problem(
                    ("checks", c, "basis"),
                    f"check {check.id!r} is {basis} but the rule is {rule.severity}; a check is never more "
                    "binding than its rule",
                )
            )
        for i, text in enumerate(check.rests_on):
            if text not in rule.references:
                out.append(
                    smap.problem(
                        ("checks", c, "rests_on", i),
                        f"check {check.id!r} rests on {text!r}, which the rule does not cite (add it to references)",
                    )
                )
        for text in check.unverified:
            if text not in check.rests_on:
                out.append(
                    smap.problem(
                        ("checks", c, "unverified", text),
                        f"{text!r} is marked unverified for check {check.id!r}, which does not rest on it",
                    )
                )
        if check.immediate is not None:
            if basis != "legal":
                out.append(
                    smap.problem(
                        ("checks", c, "immediate"),
                        f"check {check.id!r} is {basis}: only what the law requires can be work to do at once",
                    )
                )
            if " ".join(check.immediate.when.split()) not in " ".join(rule.summary.split()):
                out.append(
                    smap.problem(
                        ("checks", c, "immediate", "when"),
                        f"{check.immediate.when!r} is not in the rule's summary; 'when' quotes the words of the "
                        "summary that say the work cannot wait",
                    )
                )
    strongest = max((rule.basis_of(ch) for ch in rule.checks), key=SEVERITY_RANK.__getitem__)
    if strongest != rule.severity:
        out.append(
            smap.problem(
                ("severity",),
                f"the rule is {rule.severity} but its strongest check is {strongest}; "
                "a rule's severity is that of its most binding check",
            )
        )
    return out


#: A pack whose prerequisites form more cycles than this is reported with the first ones only.
MAX_CYCLES = 100


def _strongly_connected(graph: dict[str, list[str]], nodes: set[str]) -> list[set[str]]:
    """Tarjan's strongly connected components of ``graph`` restricted to ``nodes``, iteratively."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[set[str]] = []
    counter = 0
    for root in sorted(nodes):
        if root in index:
            continue
        work = [(root, iter([n for n in graph[root] if n in nodes]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            for nxt in successors:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter([n for n in graph[nxt] if n in nodes])))
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    out.append(component)
    return out


def simple_cycles(graph: dict[str, list[str]], limit: int = MAX_CYCLES + 1) -> list[list[str]]:
    """Every elementary cycle of a directed graph (node → successors), at most ``limit`` of them.

    Johnson's algorithm (as networkx's ``simple_cycles``, which this replaces
    so that checking never imports networkx): each strongly connected
    component is searched from one start node with blocking, then the start
    node is removed and the rest searched again. Self-loops are cycles of one.
    Deterministic: nodes are visited in sorted order.
    """
    cycles: list[list[str]] = []
    for node in sorted(graph):
        if node in graph[node]:
            cycles.append([node])
    succ = {node: sorted(n for n in nexts if n != node) for node, nexts in graph.items()}
    pending = [c for c in _strongly_connected(succ, set(succ)) if len(c) > 1]
    while pending and len(cycles) < limit:
        component = pending.pop()
        start = min(component)
        path = [start]
        blocked = {start}
        closed: set[str] = set()
        blockers: dict[str, set[str]] = {n: set() for n in component}
        work = [(start, [n for n in succ[start] if n in component])]
        while work and len(cycles) < limit:
            node, successors = work[-1]
            if successors:
                nxt = successors.pop()
                if nxt == start:
                    cycles.append(path[:])
                    closed.update(path)
                elif nxt not in blocked:
                    path.append(nxt)
                    work.append((nxt, [n for n in succ[nxt] if n in component]))
                    closed.discard(nxt)
                    blocked.add(nxt)
                    continue
            if not successors:
                if node in closed:
                    unblock = {node}
                    while unblock:
                        member = unblock.pop()
                        if member in blocked:
                            blocked.discard(member)
                            unblock.update(blockers[member])
                            blockers[member].clear()
                else:
                    for n in succ[node]:
                        if n in component:
                            blockers[n].add(node)
                work.pop()
                path.pop()
        rest = component - {start}
        pending.extend(c for c in _strongly_connected(succ, rest) if len(c) > 1)
    return cycles


def load_rules(directory: Path | str | None = None) -> RuleBook:
    """Load every ``*.yaml`` rule under ``directory`` and validate the pack as a whole."""
    directory = Path(directory) if directory is not None else DEFAULT_RULES_DIR
    if not directory.is_dir():
        # Say what is missing: the whole pack, not the first file looked for in it.
        if directory == DEFAULT_RULES_DIR:
            raise RuleError([Problem(str(directory), 1, 1, missing_message("rules", directory))])
        what = "is a file, not a rule pack directory" if directory.exists() else "rule pack directory does not exist"
        raise RuleError([Problem(str(directory), 1, 1, what)])
    ref_path = directory / "references.yaml"
    problems: list[Problem] = []
    if not ref_path.is_file():
        raise RuleError(
            [Problem(str(ref_path), 1, 1, "rule pack has no references.yaml (the table of citable paragraphs)")]
        )
    try:
        table = load_reference_table(ref_path)
    except RuleError:
        raise
    except Exception as exc:  # InputError from the YAML layer
        raise RuleError(getattr(exc, "problems", [Problem(str(ref_path), 1, 1, str(exc))])) from None
    profiles: dict[str, Profile] = {}
    profile_path = directory / "profiles.yaml"
    if profile_path.is_file():
        profiles, profile_problems, _ = load_profiles(profile_path)
        problems += profile_problems
    rules: dict[str, Rule] = {}
    sources: dict[str, SourceMap] = {}
    files = sorted(p for p in directory.rglob("*.yaml") if p.name not in PACK_FILES)
    if not files:
        raise RuleError([Problem(str(directory), 1, 1, "no rule files found")])
    for path in files:
        try:
            data, smap = load_yaml(path)
        except Exception as exc:  # InputError from the YAML layer
            problems += getattr(exc, "problems", [Problem(str(path), 1, 1, str(exc))])
            continue
        try:
            rule = Rule.model_validate(data)
        except ValidationError as exc:
            problems += validation_problems(exc, smap, Rule)
            continue
        for rpath, msg in check_paths(rule):
            problems.append(smap.problem(rpath, msg))
        problems += _basis_problems(rule, smap)
        if profile_path.is_file():
            problems += _profile_problems(rule, profiles, smap)
        for i, text in enumerate(rule.references):
            cite = table.parse(text)
            if cite is None:
                problems.append(
                    smap.problem(
                        ("references", i),
                        f"{text!r} is not a citation in AV's form "
                        "(e.g. '8 § AFS 2001:1', '3 kap. 2 a § arbetsmiljölagen', 'allmänna råd till 8 § AFS 2023:1')",
                    )
                )
            elif not table.known(cite):
                what = (
                    "allmänna råd that references.yaml does not list (give the paragraph an 'advice:' entry)"
                    if cite.advice
                    else "a paragraph that references.yaml does not know"
                )
                problems.append(smap.problem(("references", i), f"{text!r} cites {what}"))
        if rule.id in rules:
            first = sources[rule.id].file
            problems.append(smap.problem(("id",), f"duplicate rule id {rule.id!r} (also in {first})"))
            continue
        rules[rule.id] = rule
        sources[rule.id] = smap
    graph: dict[str, list[str]] = {rule_id: [] for rule_id in rules}
    for rule in rules.values():
        for i, req in enumerate(rule.requires):
            if req not in rules:
                problems.append(sources[rule.id].problem(("requires", i), f"requires unknown rule {req!r}"))
            elif rule.id not in graph[req]:
                graph[req].append(rule.id)
    cycles = simple_cycles(graph)
    for cycle in sorted(sorted(c) for c in cycles[:MAX_CYCLES]):
        first = cycle[0]
        problems.append(sources[first].problem(("requires",), "prerequisite cycle: " + " → ".join(cycle + [first])))
    if len(cycles) > MAX_CYCLES:
        first = min(cycles[MAX_CYCLES])
        problems.append(
            sources[first].problem(
                ("requires",), f"more than {MAX_CYCLES} prerequisite cycles; only the first are listed"
            )
        )
    if problems:
        raise RuleError(sorted(set(problems)))
    return RuleBook(rules=rules, references=table, sources=sources, profiles=profiles)
