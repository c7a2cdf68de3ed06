"""Peak memory of `samosa check DIR` against the number of files (issue 15: constant memory).

For 29, 145 and 290 synthetic municipalities (``synth.py``) and ``--jobs 1`` and
``--jobs 2``, runs the real command in a fresh process with the report going to
/dev/null and prints a Markdown table of peak RSS: the main process (which reads the
results and writes the report) and the largest worker (``--jobs 2``), from
``getrusage``. Memory is measured, never asserted in tests.

    python benchmarks/batch_memory.py                    # this tree, --format json
    python benchmarks/batch_memory.py --format text --sizes 29 290
    python benchmarks/batch_memory.py --tree /tmp/before # another checkout, for a before/after
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

#: Runs the CLI in-process, then reports its own peak RSS and its workers' (KiB on Linux).
PROBE = """
import json, resource, sys
from samosa.cli import main
try:
    main()
except SystemExit as exc:
    code = exc.code
with open(OUT, "w") as fh:
    json.dump({"code": code,
               "self": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
               "children": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}, fh)
"""


def measure(tree: Path, directory: Path, jobs: int, fmt: str) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tmp:
        out = tmp.name
    code = f"OUT = {out!r}\n" + PROBE
    args = [sys.executable, "-c", code, "check", str(directory), "--jobs", str(jobs), "--format", fmt]
    env = {**os.environ, "PYTHONPATH": str(tree), "NO_COLOR": "1"}
    t = time.perf_counter()
    subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=tree, check=False)
    wall = time.perf_counter() - t
    data = json.loads(Path(out).read_text())
    os.unlink(out)
    data["wall"] = wall
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tree", type=Path, default=ROOT, help="samosa checkout to measure (default: this one)")
    parser.add_argument("--format", default="json", choices=["text", "json", "sarif", "junit", "github"])
    parser.add_argument("--sizes", type=int, nargs="+", default=[29, 145, 290])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    opts = parser.parse_args()
    from synth import write_municipalities

    print(f"### Peak RSS of `samosa check DIR --format {opts.format}` ({opts.tree})\n")
    print("| files | MB of YAML | jobs | exit | wall s | main process MiB | largest worker MiB |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for n in opts.sizes:
            directory = Path(tmp) / f"kommuner-{n}"
            paths = write_municipalities(directory, n)
            size = sum(p.stat().st_size for p in paths) / 1e6
            for jobs in opts.jobs:
                r = measure(opts.tree, directory, jobs, opts.format)
                worker = f"{r['children'] / 1024:.0f}" if jobs > 1 else "–"
                print(
                    f"| {n} | {size:.1f} | {jobs} | {r['code']} | {r['wall']:.1f} | {r['self'] / 1024:.0f} | {worker} |",
                    flush=True,
                )
    print()


if __name__ == "__main__":
    main()
