"""Measure samosa: cold check vs the floor, scaling with units, batch throughput, imports.

Prints Markdown tables (paste them into benchmarks/README.md). Figures are
ratios against a floor measured on the same machine in the same run, so they
can be compared across machines; absolute seconds are shown for context only.

    pip install -e '.[bench]'          # PyYAML with libyaml, for the floor
    python benchmarks/run.py           # everything (a few minutes)
    python benchmarks/run.py cold scaling batch imports
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
PY = sys.executable


def _time(cmd: list[str], repeat: int = 5) -> float:
    """Median wall time of ``cmd`` (a fresh process each time: cold)."""
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV, cwd=ROOT)
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def _floor_loader() -> str:
    try:
        import yaml  # noqa: F401

        return "yaml.CSafeLoader" if hasattr(yaml, "CSafeLoader") else "yaml.SafeLoader"
    except ImportError:
        return "ruamel.yaml(typ='safe')"


def _floor_cmd(path: Path) -> list[str]:
    loader = _floor_loader()
    if loader.startswith("yaml."):
        code = f"import yaml; yaml.load(open({str(path)!r}, encoding='utf-8'), Loader={loader})"
    else:
        code = f"from ruamel.yaml import YAML; YAML(typ='safe').load(open({str(path)!r}, encoding='utf-8'))"
    return [PY, "-c", code]


def cold() -> None:
    samples = sorted((ROOT / "sample_orgs").glob("*.yaml"))
    bare = _time([PY, "-c", "pass"])
    print(f"### Cold `samosa check` per sample (median of 5; floor = Python start-up + {_floor_loader()})\n")
    print(f"Python start-up alone: {bare * 1000:.0f} ms\n")
    print("| sample | bytes | floor ms | check ms | ratio check/floor | engine share |")
    print("|---|---:|---:|---:|---:|---:|")
    for path in samples:
        floor = _time(_floor_cmd(path))
        check = _time([PY, "-m", "samosa.cli", "check", str(path), "--format", "json"])
        print(
            f"| {path.name} | {path.stat().st_size} | {floor * 1000:.0f} | {check * 1000:.0f} | "
            f"{check / floor:.1f} | {(check - floor) / check:.0%} |"
        )
    print()


def scaling() -> None:
    from synth import synthetic_org

    import samosa.source.loader as ys
    from samosa import evaluate, load_org, load_rules

    book = load_rules()
    print("### Scaling with the number of units (in-process, one run each)\n")
    print("| units | bytes | load s | evaluate s | findings | load µs/unit | evaluate µs/unit |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    limits = (ys.MAX_BYTES, ys.MAX_NODES)
    for n in (10, 100, 1000, 10000):
        text = synthetic_org(n)
        over = len(text.encode()) > ys.MAX_BYTES
        if over:  # measure the engine beyond the safety limits; a real file this size is refused
            ys.MAX_BYTES, ys.MAX_NODES = 10**9, 10**8
        try:
            t = time.perf_counter()
            org = load_org(f"synthetic-{n}.yaml", text)
            t1 = time.perf_counter()
            result = evaluate(org, book)
            t2 = time.perf_counter()
        finally:
            ys.MAX_BYTES, ys.MAX_NODES = limits
        mark = " (over the limits)" if over else ""
        print(
            f"| {n}{mark} | {len(text.encode())} | {t1 - t:.2f} | {t2 - t1:.2f} | {len(result.findings)} | "
            f"{(t1 - t) / n * 1e6:.0f} | {(t2 - t1) / n * 1e6:.0f} |"
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
                env=ENV,
                cwd=ROOT,
            )
            wall = time.perf_counter() - t
            outputs.add(res.stdout)
            base = base or wall
            print(f"| {jobs} | {wall:.1f} | {290 / wall:.0f} | {base / wall:.2f} |")
        print(f"\nCombined JSON identical for every --jobs: {'yes' if len(outputs) == 1 else 'NO'}\n")


def imports() -> None:
    res = subprocess.run(
        [PY, "-X", "importtime", "-c", "import samosa.cli.app"], capture_output=True, text=True, env=ENV, cwd=ROOT
    )
    rows = []
    for line in res.stderr.splitlines():
        parts = line.split("|")
        if len(parts) != 3 or not parts[1].strip().isdigit():
            continue
        name = parts[2][1:]
        depth = len(name) - len(name.lstrip())
        if depth <= 2:  # top-level imports and what samosa's own modules import directly
            rows.append((int(parts[1].strip()), name.strip()))
    total = max(c for c, _ in rows)
    rows.sort(reverse=True)
    print(f"### `python -X importtime -c 'import samosa.cli.app'` — {total / 1000:.0f} ms in all; heaviest imports\n")
    print("| module | cumulative ms |")
    print("|---|---:|")
    for cum, name in rows[:14]:
        print(f"| {name} | {cum / 1000:.0f} |")
    print()


def main() -> None:
    parts = sys.argv[1:] or ["cold", "scaling", "batch", "imports"]
    for part in parts:
        globals()[part]()


if __name__ == "__main__":
    main()
