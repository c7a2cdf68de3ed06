"""A seeded, structure-aware mutator of YAML files, for fuzzing the loader.

Structure-aware means the mutations are the ones people and attackers make to
real files: lines deleted, duplicated, moved, re-indented (tabs too); a value
replaced by a tricky scalar (``yes``, ``0x1F``, ``.inf``, ``2024-13-01``,
``!!int ''``, a lone surrogate escape), an anchor, an alias, a merge key or a
tag; flow collections opened and not closed; directives, document markers,
control characters, non-UTF-8-looking text and truncation. Deterministic:
``mutate(text, seed)`` is the same for the same seed.

    python -m tests.yaml_mutator --seconds 600                 # a long run (see docs/threat-model.md)
    python -m tests.yaml_mutator --seconds 600 --differential  # … also against the old ruamel loader
"""

from __future__ import annotations

import argparse
import random
import re
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SCALARS = [
    "yes",
    "no",
    "on",
    "off",
    "y",
    "n",
    "true",
    "False",
    "TRUE",
    "~",
    "null",
    "Null",
    "",
    "0o17",
    "017",
    "0x1F",
    "0b101",
    "1_000",
    "_",
    "-_",
    "0x_",
    "0o_",
    "1e5",
    "1E5",
    "1e",
    ".5",
    "-.inf",
    ".NaN",
    "1.5e-3",
    "+12",
    "1:30",
    "2024-02-30",
    "2024-13-01",
    "0001-01-01",
    "2024-05-15T10:00:00Z",
    "9" * 40,
    "9" * 5000,
    "0x" + "f" * 4000,
    "<<",
    "=",
    "!!int ''",
    "!!int tolv",
    "!!bool x",
    "!!bool yes",
    "!!float 1e",
    "!!set x",
    "!!omap x",
    "!!omap [{a: 1}, {a: 2}]",
    "!!pairs [{a: 1}]",
    "!!set {a, b}",
    "!!binary aGVsbG8=",
    "!!str 5",
    "!!null x",
    "!!map x",
    "!!seq x",
    "!!timestamp x",
    "!custom x",
    "!!python/object:os.system {}",
    "!<tag:yaml.org,2002:str> x",
    "! 5",
    '"\\ud800"',
    '"\\udfff x"',
    '"\\U0010FFFF"',
    '"\\x85"',
    "'quoted'",
    '"a\\tb"',
    "|\n  literal\n",
    ">-\n  folded\n",
    "[a, b]",
    "{a: 1}",
    "[a: 1]",
    "{a, b}",
    "[",
    "{",
    "]",
    "}",
    "[{a: 1}]",
    "&a 1",
    "*a",
    "*nowhere",
    "&x\n  <<: *x",
    "? a\n: b",
    "Östersund åäö",
    "x\u2028y",
    "a\x85b",
    "\t",
    "# comment",
    "- a",
    "@",
    "`",
    "%",
    "a: b: c",
    "[Rutinerna anpassade till AFS 2023:1 och AFS 2023:2, x]",
]

INSERT_LINES = [
    "%YAML 1.1",
    "%YAML 1.2",
    "%YAML 1.9",
    "%TAG ! tag:example.com,2000:",
    "---",
    "...",
    "<<: *a",
    "<<: [*a, *b]",
    "<<: 5",
    "<<: {x: 1}",
    "anchor: &a {x: 1, y: [1, 2]}",
    "b: &b {z: 3}",
    "? [a, b]\n: 1",
    "? {a: 1}\n: 2",
    "[{a: 1}]: x",
    "{a: 1}: 2",
    "- &s [*s]",
    "c: *a",
    "dup: 1",
    "dup: 2",
    "1: a",
    "true: b",
    "1.0: c",
    "'1': d",
    "!!str k: v",
    "? !!set {a}\n: 1",
    "\t\tkey: value",
    "key:\tvalue",
    "= : 1",
]


def _lines(text: str) -> list[str]:
    return text.split("\n")


def mutate(text: str, seed: int) -> str:
    """One mutant of ``text``: one to four mutations chosen by ``seed``."""
    rng = random.Random(seed)
    lines = _lines(text)
    for _ in range(rng.randint(1, 4)):
        if not lines:
            lines = [""]
        op = rng.randrange(13)
        i = rng.randrange(len(lines))
        line = lines[i]
        if op == 0:  # delete a line
            del lines[i]
        elif op == 1:  # duplicate a line (duplicate keys, repeated items)
            lines.insert(i, line)
        elif op == 2:  # move a line
            j = rng.randrange(len(lines))
            lines.insert(j, lines.pop(i))
        elif op == 3:  # re-indent
            indent = rng.choice(["", " ", "  ", "   ", "    ", "\t", " \t", "      "])
            lines[i] = indent + line.lstrip()
        elif op in (4, 5, 6):  # replace a value
            m = re.match(r"^(\s*(?:- )*[^:#]*:\s)(.*)$", line) or re.match(r"^(\s*- )(.*)$", line)
            if m:
                lines[i] = m.group(1) + rng.choice(SCALARS)
            else:
                lines[i] = line + " " + rng.choice(SCALARS)
        elif op == 7:  # insert a line at the indentation of this one
            indent = re.match(r"^\s*", line).group(0)
            lines.insert(i, indent + rng.choice(INSERT_LINES).replace("\n", "\n" + indent))
        elif op == 8:  # anchor a value and alias it elsewhere
            m = re.match(r"^(\s*(?:- )*[^:#]*:\s)(.*)$", line)
            if m:
                lines[i] = m.group(1) + "&a " + m.group(2)
                j = rng.randrange(len(lines))
                m2 = re.match(r"^(\s*(?:- )*[^:#]*:\s)(.*)$", lines[j])
                if m2:
                    lines[j] = m2.group(1) + rng.choice(["*a", "{<<: *a}", "[*a, *a]"])
        elif op == 9:  # break a character inside a line
            if line:
                k = rng.randrange(len(line))
                ch = rng.choice(list("[]{},:&*!|>'\"#?%@`-\\\t\x07\x1b\x00\ufeff\u00e5") + ["\x85", "\u2028", "  "])
                lines[i] = line[:k] + ch + line[k + 1 :]
        elif op == 10:  # nest deeply
            depth = rng.choice([10, 63, 64, 65, 70, 1200])
            opener = rng.choice(["[", "{a: "])
            closer = "]" if opener == "[" else "}"
            lines.insert(i, "deep: " + opener * depth + "1" + closer * rng.choice([depth, depth - 1, 0]))
        elif op == 11:  # truncate
            cut = "\n".join(lines)
            cut = cut[: rng.randrange(len(cut) + 1)]
            lines = _lines(cut)
        else:  # swap two keys' texts (wrong types)
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


def corpus() -> list[tuple[str, str]]:
    """The project's own YAML files, the seeds of every mutation."""
    out = []
    for pattern in ("sample_orgs/**/*.yaml", "sample_inspections/*.yaml", "rules/**/*.yaml", "tests/rules/*.yaml"):
        for path in sorted(ROOT.glob(pattern)):
            out.append((str(path.relative_to(ROOT)), path.read_text(encoding="utf-8-sig")))
    return out


def mutants(count: int, seed: int = 0) -> Iterator[tuple[str, str]]:
    """``count`` mutants of the corpus, deterministic for ``seed``."""
    files = corpus()
    rng = random.Random(seed)
    for n in range(count):
        name, text = files[rng.randrange(len(files))]
        yield f"{name}#{seed}:{n}", mutate(text, rng.randrange(2**32))


def main() -> None:  # pragma: no cover - the long run
    from collections import Counter

    from samosa.source.loader import load_yaml
    from tests.ruamel_reference import load_yaml_ruamel
    from tests.test_loader_differential import NON_BREAKS, known_difference, outcome
    from tests.test_loader_fuzz import check_document

    ap = argparse.ArgumentParser(description="Fuzz samosa's YAML loader with mutated project files.")
    ap.add_argument("--seconds", type=float, default=600)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--differential", action="store_true", help="also compare with the old ruamel loader (slower)")
    args = ap.parse_args()
    end = time.monotonic() + args.seconds
    seen: Counter[str] = Counter()
    seed = args.seed
    while time.monotonic() < end:
        for name, text in mutants(200, seed):
            seen["loaded" if check_document(name, text) else "refused"] += 1
            if args.differential:
                old, new = outcome(load_yaml_ruamel, name, text), outcome(load_yaml, name, text)
                if old == new:
                    seen["same as the old loader"] += 1
                elif old[0] == new[0] == "ok" and not any(ch in text for ch in NON_BREAKS):
                    raise AssertionError(f"{name}: both loaders accept it but read it differently")
                else:
                    reason = known_difference(text, old, new)
                    if reason is None:
                        raise AssertionError(f"{name}: unexpected difference\n old: {old}\n new: {new}")
                    seen[f"known difference: {reason}"] += 1
        seed += 1
    print(f"seeds {args.seed}..{seed - 1}: no traceback, every problem positioned")
    for what, count in sorted(seen.items()):
        print(f"{count:8d}  {what}")


if __name__ == "__main__":  # pragma: no cover
    main()
