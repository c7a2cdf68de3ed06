"""How `samosa plan` scales: action plans of 100 … 10 000 items with dense dependencies.

Each item depends on up to ``--deps`` (default 8) random items among the 300
before it, so edges ≈ 8 × items and chains are long. The organisation is built
as a model (no YAML parsing: that is the loader's benchmark, not the plan's),
evaluated once with the bundled rules so demands and their merge are real,
then timed:

* build — merge the action plan with the demands into the graph, static checks;
* analyse — cycles (strongly connected components), levels, earliest dates in
  Swedish working days, slack, critical path, date problems.

A second run per size closes one dependency cycle near the start, so the cycle
path (find_cycle, blocked descendants) is timed too. The claim to check is
that cost per (items + edges) stays roughly flat — linear growth — and that
10 000 items analyse in well under a second. Times are best of ``--repeat``.

    python benchmarks/plan_scaling.py
    python benchmarks/plan_scaling.py --sizes 100 1000 10000 --repeat 5
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time

from samosa.engine.evaluate import evaluate
from samosa.models.loading import LoadedOrg
from samosa.models.org import OrgFile
from samosa.plan.graph import analyse, build_action_graph
from samosa.rulebook.pack import load_rules
from samosa.source.positions import SourceMap

DATE = dt.date(2024, 6, 3)
RULE_ANSWERS = ["SAM-RISK", "SAM-ATGARDER", "SAM-KUNSKAP", "SAM-UPPFOLJNING", "OSA-BELASTNING"]


def synthetic(n: int, deps: int, seed: int, cycle: bool) -> LoadedOrg:
    rng = random.Random(f"{seed}:{n}:{deps}")
    units = [
        {"id": f"u{i}", "name": f"Enhet {i}", "area": "vuxna", "employees": 12, "manager": f"Chef {i}"}
        for i in range(10)
    ]
    risks = [{"id": f"r{i}", "description": f"Risk {i}", "serious": i % 3 == 0} for i in range(50)]
    items = []
    for i in range(n):
        window = range(max(0, i - 300), i)
        chosen = sorted(rng.sample(list(window), min(deps, len(window)))) if i else []
        answers = []
        if rng.random() < 0.1:
            answers.append(rng.choice(RULE_ANSWERS))
        if rng.random() < 0.1:
            answers.append(f"r{rng.randrange(50)}")
        items.append(
            {
                "id": f"a{i:05d}",
                "measure": f"Åtgärd {i}",
                "responsible": None if rng.random() < 0.02 else "Enhetschef",
                # Deadlines mostly follow the dependency order (as in a real plan), with noise and a few overdue.
                "deadline": (
                    DATE + dt.timedelta(days=-10 if rng.random() < 0.01 else 30 + i * 900 // n + rng.randint(0, 20))
                ).isoformat(),
                "status": rng.choice(["planned"] * 6 + ["in_progress"] * 2 + ["done"]),
                "depends_on": [f"a{j:05d}" for j in chosen],
                "answers": answers,
                "unit": rng.choice([None] + [u["id"] for u in units]),
                "duration_days": rng.randint(1, 15),
                "checked": "2024-05-01",
            }
        )
    if cycle and n > 10:
        items[2]["depends_on"].append(items[9]["id"])
    data = {
        "schema_version": 1,
        "organisation": {"name": "Benchby kommun", "employees": 120, "assessment_date": DATE.isoformat()},
        "units": units,
        "risk_assessments": [
            {
                "id": "rb",
                "topic": "workload",
                "date": "2024-01-10",
                "risks": risks,
                "participants": ["manager", "skyddsombud", "employees"],
            }
        ],
        "action_plan": items,
    }
    return LoadedOrg(model=OrgFile.model_validate(data), source=SourceMap("bench.yaml"), data=data)


def best_of(repeat: int, fn):
    """Best wall-clock and best CPU time of ``repeat`` runs (CPU time is steadier on a shared machine)."""
    wall, cpu, result = float("inf"), float("inf"), None
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        result = fn()
        wall, cpu = min(wall, time.perf_counter() - w), min(cpu, time.process_time() - c)
    return wall, cpu, result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 300, 1000, 3000, 10000])
    ap.add_argument("--deps", type=int, default=8)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    book = load_rules()
    print(
        f"{'items':>6} {'edges':>7} {'cycle':>5} {'evaluate':>8} {'build':>6} {'analyse':>7} {'plan':>6} "
        f"{'plan cpu':>8} {'cpu µs/(n+e)':>12} {'ratio':>6} {'problems':>8}   (seconds)"
    )
    base = None
    for n in args.sizes:
        for cycle in (False, True):
            org = synthetic(n, args.deps, args.seed, cycle)
            t_eval, _, assessment = best_of(1, lambda org=org: evaluate(org, book, date=DATE))
            t_build, c_build, ag = best_of(
                args.repeat, lambda org=org, assessment=assessment: build_action_graph(org, assessment, book)
            )
            t_an, c_an, report = best_of(args.repeat, lambda ag=ag: analyse(ag, DATE))
            edges = ag.graph.number_of_edges()
            per = (c_build + c_an) / (n + edges) * 1e6
            base = base or per
            print(
                f"{n:>6} {edges:>7} {'yes' if cycle else 'no':>5} {t_eval:>8.3f} {t_build:>6.3f} {t_an:>7.3f} "
                f"{t_build + t_an:>6.3f} {c_build + c_an:>8.3f} {per:>12.2f} {per / base:>6.2f} "
                f"{len(report.problems):>8}"
            )


if __name__ == "__main__":
    main()
