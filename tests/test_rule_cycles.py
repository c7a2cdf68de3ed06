"""Prerequisite cycles of a rule pack: the small Johnson search finds what networkx finds.

``samosa.rulebook.pack.simple_cycles`` replaced ``networkx.simple_cycles`` so
that loading rules (every ``samosa check``) does not import networkx; networkx
stays the reference here and in ``samosa plan``.
"""

from __future__ import annotations

import random
import shutil
import textwrap

import networkx as nx
import pytest

from samosa import RuleError, load_rules
from samosa.rulebook.pack import MAX_CYCLES, simple_cycles

from .conftest import RULES_DIR


def _random_graph(seed: int) -> dict[str, list[str]]:
    rng = random.Random(seed)
    nodes = [f"R-{i}" for i in range(rng.randint(1, 9))]
    density = rng.random() * 0.5
    return {a: [b for b in nodes if rng.random() < density] for a in nodes}


@pytest.mark.parametrize("seed", range(300))
def test_same_cycles_as_networkx(seed: int) -> None:
    graph = _random_graph(seed)
    reference = nx.DiGraph()
    reference.add_nodes_from(graph)
    reference.add_edges_from((a, b) for a, nexts in graph.items() for b in nexts)
    ours = sorted(sorted(c) for c in simple_cycles(graph, limit=10**9))
    assert ours == sorted(sorted(c) for c in nx.simple_cycles(reference))


def test_cycles_are_listed_in_the_order_they_close() -> None:
    cycles = simple_cycles({"A": ["B"], "B": ["C", "A"], "C": ["A"], "D": ["D"]}, limit=10**9)
    assert sorted(cycles) == [["A", "B"], ["A", "B", "C"], ["D"]]
    for cycle in cycles:  # each is a path in the graph that closes
        for a, b in zip(cycle, cycle[1:] + cycle[:1], strict=True):
            assert b in {"A": ["B"], "B": ["C", "A"], "C": ["A"], "D": ["D"]}[a]


def test_a_dense_pack_is_bounded() -> None:
    complete = {f"R{i}": [f"R{j}" for j in range(12) if j != i] for i in range(12)}  # ~10^8 cycles
    assert len(simple_cycles(complete)) == MAX_CYCLES + 1


RULE = textwrap.dedent("""\
    id: {id}
    title: Testregel {id}
    area: sam
    severity: legal
    references: [8 § AFS 2001:1]
    summary: En regel i en kedja av förutsättningar.
    requires: [{requires}]
    checks:
      - id: policy
        kind: present
        path: policy
        missing: Det finns ingen policy.
    demand: Ta fram en policy.
""")


def test_a_pack_with_a_three_rule_cycle_is_refused_at_each_rule(tmp_path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    shutil.copy(RULES_DIR / "references.yaml", rules / "references.yaml")
    for rule_id, requires in (("T-A", "T-C"), ("T-B", "T-A"), ("T-C", "T-B"), ("T-D", "T-D")):
        (rules / f"{rule_id}.yaml").write_text(RULE.format(id=rule_id, requires=requires), encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_rules(rules)
    messages = [p.message for p in info.value.problems if "cycle" in p.message]
    assert messages == ["prerequisite cycle: T-A → T-B → T-C → T-A", "prerequisite cycle: T-D → T-D"]
    first = next(p for p in info.value.problems if "T-A → T-B" in p.message)
    assert first.file.endswith("T-A.yaml") and first.path == "requires"
