"""Measure samosa: cold check vs the floor, loader, plan end to end, scaling, batch, imports, hostile input.

Prints Markdown tables (paste them into benchmarks/README.md). Figures are
ratios against a floor measured on the same machine in the same run, so they
can be compared across machines; absolute milliseconds are for context only.
The floor of a file is Python start-up plus PyYAML's libyaml loader
(``yaml.CSafeLoader``) reading that file: what any Python YAML tool pays.

    pip install -e '.[test,bench]'
    python benchmarks/run.py                          # everything (several minutes)
    python benchmarks/run.py cold loader plan imports hostile
    python benchmarks/run.py cold plan imports --before /tmp/before   # and another tree, side by side
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
# Cold runs read bytecode as an installed wheel does (pip compiles it at install time): a
# PYTHONDONTWRITEBYTECODE in the caller's environment would make every run recompile samosa's
# modules from source (≈ 55 ms of a 260 ms check on the development machine), so it is dropped
# here and each tree is compiled once before it is timed (``_compiled``).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV.update({"PYTHONPATH": str(ROOT), "NO_COLOR": "1"})
PY = sys.executable
REPEAT = int(os.environ.get("SAMOSA_BENCH_REPEAT", "11"))
SAMPLE = ROOT / "sample_orgs" / "mellanby_ifo.yaml"


def _before() -> Path | None:
    """The tree given with ``--before TREE`` (e.g. ``git archive <commit> | tar -x -C TREE``), to compare with."""
    if "--before" not in sys.argv:
        return None
    return Path(sys.argv[sys.argv.index("--before") + 1]).resolve()


_COMPILED: set[Path] = set()


def _compiled(tree: Path) -> Path:
    """``tree`` with the bytecode of its ``samosa`` package written, once per run of this script."""
    if tree not in _COMPILED:
        subprocess.run(
            [PY, "-m", "compileall", "-q", str(tree / "samosa")], check=True, env=ENV, stdout=subprocess.DEVNULL
        )
        _COMPILED.add(tree)
    return tree


def _runs(cmd: list[str], repeat: int = REPEAT, tree: Path = ROOT) -> list[float]:
    """Wall times of ``cmd`` run with ``tree``'s samosa (a fresh process each time: cold)."""
    env = {**ENV, "PYTHONPATH": str(_compiled(tree))}
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        # cwd too: ``python -m`` puts the working directory first on sys.path
        done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=tree)
        runs.append(time.perf_counter() - t)
        if done.returncode not in (0, 1):  # 1: a check with findings; anything else is not what we meant to time
            raise SystemExit(f"{' '.join(cmd)} exited {done.returncode}:\n{done.stderr.decode(errors='replace')}")
    return runs


def _floor_cmd(path: Path) -> list[str]:
    code = f"import yaml; yaml.load(open({str(path)!r}, encoding='utf-8'), Loader=yaml.CSafeLoader)"
    return [PY, "-c", code]


def _interleaved(cmds: dict[str, list[str]], repeat: int = REPEAT) -> dict[str, list[float]]:
    """Run the commands in turn, ``repeat`` rounds, so load changes on a shared machine hit them alike.

    A command named ``before`` runs with the ``--before`` tree.
    """
    out: dict[str, list[float]] = {name: [] for name in cmds}
    before = _before()
    for _ in range(repeat):
        for name, cmd in cmds.items():
            out[name] += _runs(cmd, 1, before if name == "before" and before else ROOT)
    return out


def _mm(runs: list[float]) -> str:
    return f"{min(runs) * 1000:.0f} / {statistics.median(runs) * 1000:.0f}"


def _ratio(runs: list[float], floor: list[float]) -> str:
    return f"{min(runs) / min(floor):.1f} / {statistics.median(runs) / statistics.median(floor):.1f}"


def cold() -> None:
    """Cold ``samosa check`` of every sample against its floor; the start-up of the libraries for scale."""
    samples = sorted((ROOT / "sample_orgs").glob("*.yaml"))
    base = _interleaved(
        {
            "python": [PY, "-c", "pass"],
            "floor": _floor_cmd(SAMPLE),
            "typer+pydantic+yaml": [PY, "-c", "import typer, pydantic, yaml; from pydantic import BaseModel"],
            "import samosa.cli.app": [PY, "-c", "import samosa.cli.app"],
        }
    )
    floor = base["floor"]
    print(f"### Cold `samosa check` per sample ({REPEAT} runs each, interleaved; ms min / median)\n")
    print("What the budget is spent on before samosa does anything (floor = mellanby_ifo.yaml):\n")
    print("| process | ms min / median | × floor (min / median) |")
    print("|---|---:|---:|")
    for name, runs in base.items():
        print(f"| `{name}` | {_mm(runs)} | {_ratio(runs, floor)} |")
    print()
    before = _before()
    head, rule = "| sample | bytes | floor ms | check ms | × floor (min / median) |", "|---|---:|---:|---:|---:|"
    if before:
        head, rule = head + " before ms | before × floor |", rule + "---:|---:|"
    print(head)
    print(rule)
    for path in samples:
        check = [PY, "-m", "samosa.cli", "check", str(path), "--format", "json"]
        cmds = {"floor": _floor_cmd(path), "check": check, **({"before": check} if before else {})}
        runs = _interleaved(cmds)
        f, c = runs["floor"], runs["check"]
        row = f"| {path.name} | {path.stat().st_size} | {_mm(f)} | {_mm(c)} | {_ratio(c, f)} |"
        if before:
            row += f" {_mm(runs['before'])} | {_ratio(runs['before'], f)} |"
        print(row)
    print()


def loader() -> None:
    """In-process parse time of the loader against libyaml's own loader and the ruamel loader it replaced."""
    import gc

    import yaml

    import samosa.source.loader as ys

    try:
        sys.path.insert(0, str(ROOT))
        from tests.ruamel_reference import load_yaml_ruamel
    except ImportError:  # pragma: no cover - ruamel.yaml not installed
        load_yaml_ruamel = None
    from plan_scaling import plan_yaml
    from synth import synthetic_org

    texts = [(p.name, p.read_text(encoding="utf-8")) for p in (SAMPLE, ROOT / "rules" / "references.yaml")]
    texts += [("synthetic 100 units", synthetic_org(100)), ("synthetic 1 000 units", synthetic_org(1000))]
    texts += [("plan of 10 000 items", plan_yaml(10_000))]

    def best(fn, repeat: int) -> float:
        times = []
        for _ in range(repeat):
            gc.collect()
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
        return min(times)

    print("### The loader in-process (best of 3–7; ms)\n")
    print("samosa = libyaml events + this loader (data and source map); CSafeLoader = PyYAML's C loader (data only)")
    print("= the floor's parse; ruamel = the round-trip loader samosa used before (pure Python).\n")
    print("| input | bytes | samosa ms | CSafeLoader ms | samosa / CSafeLoader | ruamel ms | ruamel / samosa |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    limits = ys.MAX_NODES
    ys.MAX_NODES = 10**8
    try:
        for name, text in texts:
            size = len(text.encode())
            repeat = 7 if size < 100_000 else 3
            ours = best(lambda text=text: ys.load_yaml("bench.yaml", text), repeat)
            floor = best(lambda text=text: yaml.load(text, Loader=yaml.CSafeLoader), repeat)
            old = best(lambda text=text: load_yaml_ruamel("bench.yaml", text), 1) if load_yaml_ruamel else float("nan")
            print(
                f"| {name} | {size} | {ours * 1000:.1f} | {floor * 1000:.1f} | {ours / floor:.2f} | "
                f"{old * 1000:.0f} | {old / ours:.0f} |"
            )
    finally:
        ys.MAX_NODES = limits
    print()


def plan() -> None:
    """``samosa plan`` on a 10 000-item action plan, end to end, against the floor for that file."""
    from plan_scaling import plan_yaml

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "plan-10000.yaml"
        path.write_text(plan_yaml(10_000), encoding="utf-8")
        repeat = max(3, REPEAT // 2)
        plan_cmd = [PY, "-m", "samosa.cli", "plan", str(path)]
        cmds = {"floor": _floor_cmd(path), "plan": plan_cmd, **({"before": plan_cmd} if _before() else {})}
        runs = _interleaved(cmds, repeat=repeat)
        size = path.stat().st_size
        print(f"### `samosa plan` on a 10 000-item plan ({size} bytes), {repeat} runs each, interleaved\n")
        print("| run | ms min / median | × floor (min / median) |")
        print("|---|---:|---:|")
        for name, r in runs.items():
            print(f"| {name} | {_mm(r)} | {_ratio(r, runs['floor'])} |")
        print()


def scaling() -> None:
    """Load and evaluation per unit in-process, under three settings of Python's cyclic collector.

    ``default`` is what a library user gets; ``cli`` is ``samosa.cli.app.tune_collector`` (what
    every ``samosa`` command sets); ``off`` is samosa's own work with no collector at all. Each
    setting loads and evaluates the organisation afresh and is undone afterwards.
    """
    import gc

    from synth import synthetic_org

    import samosa.source.loader as ys
    from samosa import evaluate, load_org, load_rules
    from samosa.cli.app import tune_collector

    def default() -> None:
        pass

    settings = {"default": default, "cli": tune_collector, "off": gc.disable}
    book = load_rules()
    print("### Scaling with the number of units (in-process; µs per unit, best of 5 up to 1 000 units)\n")
    print("| units | bytes | findings | " + " | ".join(f"load {k} | evaluate {k}" for k in settings) + " |")
    print("|---:|---:|---:|" + "---:|---:|" * len(settings))
    limits = (ys.MAX_BYTES, ys.MAX_NODES)
    threshold = gc.get_threshold()
    per_unit: dict[str, dict[int, float]] = {k: {} for k in settings}
    for n in (100, 1000, 10000):
        text = synthetic_org(n)
        size = len(text.encode())
        cells, findings = [], 0
        for name, setting in settings.items():
            loads, evals = [], []
            for _ in range(5 if n <= 1000 else 1):  # best of five where one run is short enough to be noisy
                ys.MAX_BYTES, ys.MAX_NODES = 10**9, 10**8  # 10 000 units are over the limits a real file has
                gc.collect()
                setting()
                try:
                    t = time.perf_counter()
                    org = load_org(f"synthetic-{n}.yaml", text)
                    t1 = time.perf_counter()
                    result = evaluate(org, book)
                    t2 = time.perf_counter()
                finally:
                    ys.MAX_BYTES, ys.MAX_NODES = limits
                    gc.enable()
                    gc.unfreeze()
                    gc.set_threshold(*threshold)
                findings = len(result.findings)
                loads.append(t1 - t)
                evals.append(t2 - t1)
                del org, result
            per_unit[name][n] = min(evals) / n * 1e6
            cells += [f"{min(loads) / n * 1e6:.0f}", f"{per_unit[name][n]:.0f}"]
        print(f"| {n} | {size} | {findings} | " + " | ".join(cells) + " |")
    print()
    print(
        "Evaluation per unit at 10 000 units against 100: "
        + ", ".join(f"{k} {v[10000] / v[100]:.2f}×" for k, v in per_unit.items())
        + "\n"
    )


#: ``samosa check`` with the loader's size limits raised, for the 10 000-unit organisation (13.8 MB,
#: over the 10 MiB a real file may have): the same CLI and code path, in a fresh process.
_UNLIMITED = (
    "import sys, samosa.source.loader as l; l.MAX_BYTES, l.MAX_NODES = 10**9, 10**8; "
    "from samosa.cli import main; sys.argv[0] = 'samosa'; main()"
)


def units() -> None:
    """Cold ``samosa check`` of the synthetic 1 000- and 10 000-unit organisations against their floors."""
    from synth import synthetic_org

    print("### Cold `samosa check` of large organisations (interleaved; ms min / median)\n")
    print("| units | bytes | runs | floor ms | text ms | × floor | json ms | × floor |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for n, repeat in ((1000, max(3, REPEAT // 2)), (10_000, 3)):
            path = Path(tmp) / f"org-{n}.yaml"
            path.write_text(synthetic_org(n), encoding="utf-8")
            head = [PY, "-m", "samosa.cli"] if n <= 1000 else [PY, "-c", _UNLIMITED]
            cmds = {
                "floor": _floor_cmd(path),
                "text": [*head, "check", str(path)],
                "json": [*head, "check", str(path), "--format", "json"],
            }
            r = _interleaved(cmds, repeat=repeat)
            f = r["floor"]
            print(
                f"| {n} | {path.stat().st_size} | {repeat} | {_mm(f)} | {_mm(r['text'])} | {_ratio(r['text'], f)} | "
                f"{_mm(r['json'])} | {_ratio(r['json'], f)} |"
            )
    print()


def batch() -> None:
    from synth import write_municipalities

    with tempfile.TemporaryDirectory() as tmp:
        paths = write_municipalities(Path(tmp) / "kommuner", 290)
        size = sum(p.stat().st_size for p in paths)
        print(f"### Batch: 290 synthetic municipalities ({size / 1e6:.1f} MB), `samosa check DIR --jobs N`\n")
        print(f"CPUs: {os.cpu_count()}\n")
        print("| jobs | wall s | files/s | speed-up |")
        print("|---:|---:|---:|---:|")
        base = None
        outputs = set()
        for jobs in (1, 2):
            t = time.perf_counter()
            res = subprocess.run(
                [PY, "-m", "samosa.cli", "check", str(Path(tmp) / "kommuner"), "--jobs", str(jobs), "--format", "json"],
                capture_output=True,
                env={**ENV, "PYTHONPATH": str(_compiled(ROOT))},
                cwd=ROOT,
            )
            wall = time.perf_counter() - t
            outputs.add(res.stdout)
            base = base or wall
            print(f"| {jobs} | {wall:.1f} | {290 / wall:.0f} | {base / wall:.2f} |")
        print(f"\nCombined JSON identical for every --jobs: {'yes' if len(outputs) == 1 else 'NO'}\n")


_TOP = ("samosa", "pydantic", "typer", "yaml", "ruamel", "networkx", "jinja2", "holidays", "fpdf", "dateutil", "rich")


def _import_times(tree: Path) -> tuple[dict[str, float], float]:
    """Cumulative import ms per top-level package of a cold ``samosa check``, best of five, and the total."""
    best: dict[str, float] = {}
    total = float("inf")
    env = {**ENV, "PYTHONPATH": str(_compiled(tree))}
    for _ in range(5):
        res = subprocess.run(
            [PY, "-X", "importtime", "-m", "samosa.cli", "check", str(SAMPLE)],
            capture_output=True,
            text=True,
            env=env,
            cwd=tree,
        )
        seen: dict[str, tuple[int, float]] = {}  # package -> (indent, cumulative ms) of its outermost import
        run_total = 0.0
        for line in res.stderr.splitlines():
            m = re.match(r"import time:\s+\d+ \|\s+(\d+) \| ( *)(\S+)", line)
            if not m:
                continue
            cum, indent, name = int(m.group(1)) / 1000, len(m.group(2)), m.group(3)
            top = name.split(".")[0]
            if indent == 0:
                run_total += cum
            # the package's own line (ruamel is a namespace: its line is ruamel.yaml)
            if top in _TOP and name in (top, top + ".yaml") and (top not in seen or indent < seen[top][0]):
                seen[top] = (indent, cum)
        total = min(total, run_total)
        for top, (_, cum) in seen.items():
            best[top] = min(best.get(top, float("inf")), cum)
    return best, total


def imports() -> None:
    """What a cold ``samosa check`` imports (``python -X importtime -m samosa.cli check``), optionally vs another tree."""
    before_tree = _before()
    after, after_total = _import_times(ROOT)
    before, before_total = _import_times(before_tree) if before_tree else ({}, 0.0)
    print(f"### Imports of `samosa check {SAMPLE.name}` (`-X importtime`, cumulative ms, best of 5)\n")
    if before_tree:
        print("| package | before | after |")
        print("|---|---:|---:|")
        for top in _TOP:
            if top in before or top in after:
                print(f"| {top} | {before.get(top, 0):.0f} | {after.get(top, 0):.0f} |")
        print(f"| **all imports** | {before_total:.0f} | {after_total:.0f} |\n")
    else:
        print("| package | ms |")
        print("|---|---:|")
        for top in _TOP:
            if top in after:
                print(f"| {top} | {after[top]:.0f} |")
        print(f"| **all imports** | {after_total:.0f} |\n")
    print("(A package's time counts where it is first imported: pydantic inside samosa is listed under samosa")
    print("when samosa is imported first.)\n")


def hostile() -> None:
    """Time to refuse hostile input (in-process), with the position of the refusal."""
    from samosa.source.loader import MAX_BYTES, load_yaml
    from samosa.source.problems import InputError

    laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(9)
    )
    cases = [
        ("10 000 nested `[` on one line", "a: " + "[" * 10_000 + "]" * 10_000 + "\n"),
        ("10 000 nested `[`, one per line", "a: [\n" + "  [\n" * 10_000),
        ("1 000 nested block mappings", "".join("  " * i + "k:\n" for i in range(1_000))),
        ("billion laughs", laughs),
        ("2 MB comment line", "# " + "x" * 2_000_000 + "\na: 1\n"),
        ("10 MB flat list (≈ 1.7 M values)", "a: [" + "1, " * (MAX_BYTES // 3 - 10) + "1]\n"),
        ("lone surrogate escape", 'a: "\\ud800"\n'),
        ("`a: !!set x`", "a: !!set x\n"),
    ]
    print("### Hostile input: time to a positioned refusal (in-process)\n")
    print("| input | ms | outcome |")
    print("|---|---:|---|")
    for name, text in cases:
        t = time.perf_counter()
        try:
            load_yaml("hostile.yaml", text)
            outcome = "loaded"
        except InputError as exc:
            p = exc.problems[0]
            outcome = f"{p.line}:{p.column}: {p.message[:70]}"
        print(f"| {name} | {(time.perf_counter() - t) * 1000:.0f} | {outcome} |")
    print()


def main() -> None:
    args = sys.argv[1:]
    if "--before" in args:
        del args[args.index("--before") : args.index("--before") + 2]
    parts = [a for a in args if not a.startswith("-")]
    for part in parts or ["cold", "loader", "plan", "units", "scaling", "batch", "imports", "hostile"]:
        globals()[part]()


if __name__ == "__main__":
    main()
