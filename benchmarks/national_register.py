"""The national synthetic register: seed 000's supervision of social services, re-enacted in a case register.

AV visited 145 of Sweden's 290 municipalities in 2015–2017 (a pilot in regions
Syd and Öst in 2015, then the whole country from April 2016; the two-step
method for eight social services offices in 2017), sent 158
inspektionsmeddelanden with 1 101 krav, 8 tillsynsmeddelanden, 27 underrättelser
and 19 förelägganden med vite (seed 000 §4.1). This script takes
``synth.py``'s 290 municipalities through a plausible version of that: half of
them supervised (the largest with a second office), each case opened from a
generated inspection record and carried along the chain by the register's own
API — the letters rendered and stored, the replies recorded from generated
reply files, the krav assessed, the escalations taken to an underrättelse and a
föreläggande med vite, follow-up visits, closing. The krav are whatever the rule
engine finds in the synthetic organisations on the day of the visit. Then it
times the national statistics.

    python benchmarks/national_register.py --db /tmp/national.sqlite            # 290 municipalities
    python benchmarks/national_register.py --db postgresql://… --municipalities 290
    samosa cases stats --db /tmp/national.sqlite --from 2015-01-01 --to 2017-12-31

Deterministic: the same arguments give the same register (and the same figures).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from synth import synthetic_org  # noqa: E402

#: AV's regions, a district office each, and the share of seed 000's 1 088 workplace visits.
REGIONS = (
    ("Region Nord", "distriktet i Umeå", "Förvaltningsrätten i Umeå", 0.14),
    ("Region Mitt", "distriktet i Falun", "Förvaltningsrätten i Falun", 0.18),
    ("Region Öst", "distriktet i Stockholm", "Förvaltningsrätten i Stockholm", 0.27),
    ("Region Väst", "distriktet i Göteborg", "Förvaltningsrätten i Göteborg", 0.12),
    ("Region Syd", "distriktet i Malmö", "Förvaltningsrätten i Malmö", 0.30),
)
PILOT_REGIONS = ("Region Öst", "Region Syd")
#: Seed 000 §4.1, the shape to re-enact: per 158 inspektionsmeddelanden.
SEED = {"municipalities": 145, "cases": 158, "krav": 1101, "tillsyn": 8, "underrattelse": 27, "forelaggande": 19}


@dataclass
class CasePlan:
    number: int
    municipality: int
    office: int  # 0 = the municipality's first socialkontor
    units: int
    region: tuple[str, str, str, float]
    method: str
    visit: dt.date  # first group interview
    escalate: int  # 0 none, 1 underrättelse (met during the comments), 2 föreläggande med vite
    replies: bool
    followup: bool


def _working(day: dt.date) -> dt.date:
    from samosa.models.workdays import roll_forward

    return roll_forward(day)


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def plan(municipalities: int = 290, seed: int = 0) -> list[CasePlan]:
    """Which municipalities are supervised, how, when, and how far each case goes."""
    rng = random.Random(f"national:{seed}:{municipalities}")
    sizes = {n: random.Random(f"size:{seed}:{n}").randint(4, 40) for n in range(municipalities)}
    region_of = {n: rng.choices(REGIONS, weights=[r[3] for r in REGIONS])[0] for n in range(municipalities)}
    visited = sorted(rng.sample(range(municipalities), municipalities // 2))
    scale = len(visited) / SEED["municipalities"]
    second = sorted(visited, key=lambda n: (-sizes[n], n))[: round((SEED["cases"] - SEED["municipalities"]) * scale)]
    offices = [(n, 0) for n in visited] + [(n, 1) for n in second]
    rng.shuffle(offices)
    total = len(offices)
    two_step = set(range(max(1, round(SEED["tillsyn"] / SEED["cases"] * total))))
    under = round(SEED["underrattelse"] / SEED["cases"] * total)
    order = round(SEED["forelaggande"] / SEED["cases"] * total)
    escalated = rng.sample(range(total), under)
    plans = []
    for i, (n, office) in enumerate(offices):
        region = region_of[n]
        if i in two_step:
            method, visit = "tvastegsmetoden", _day(rng, dt.date(2017, 9, 4), dt.date(2017, 11, 10))
        elif region[0] in PILOT_REGIONS and rng.random() < 0.25:
            method, visit = "fokusinspektion", _day(rng, dt.date(2015, 4, 13), dt.date(2015, 11, 20))
        else:
            method, visit = "fokusinspektion", _day(rng, dt.date(2016, 4, 4), dt.date(2017, 10, 27))
        level = 0
        if i in escalated:
            level = 2 if escalated.index(i) < order else 1
        plans.append(
            CasePlan(
                number=i,
                municipality=n,
                office=office,
                units=sizes[n],
                region=region,
                method=method,
                visit=_working(visit),
                escalate=level,
                replies=level > 0 or rng.random() > 0.04,
                followup=level > 0 or rng.random() < 0.45,
            )
        )
    return plans


def _record(p: CasePlan, confirmed: list[str], drop: list[str], rng: random.Random) -> str:
    """A generated inspection record for the case (YAML)."""
    year = p.visit.year if p.method == "fokusinspektion" else 2017
    region, district, court, _ = p.region
    groups = rng.randint(2, 4)
    gi = [_working(p.visit + dt.timedelta(days=k)) for k in range(groups)]
    formote = _working(p.visit - dt.timedelta(days=rng.randint(14, 35)))
    lines = [
        "# Generated by benchmarks/national_register.py (fictional).",
        "schema_version: 1",
        "case:",
        f'  diarienummer: "{year}/{100000 + p.number:06d}"',
        f"  method: {p.method}",
        f"  region: {region}, {district}",
        "inspectors:",
        f"  - {{name: Inspektör {p.number % 37}, title: Arbetsmiljöinspektör, phone: 010-730 00 {p.number % 100:02d}}}",
        "workplace:",
        f"  name: Socialkontoret {p.office + 1}, individ- och familjeomsorgen",
        f'  cfar: "{40000000 + p.municipality * 10 + p.office:08d}"',
        "dates:",
        f"  formote: {formote.isoformat()}",
        "  group_interviews:",
    ]
    lines += [f"    - {{date: {d.isoformat()}, participants: {rng.randint(6, 8)}}}" for d in gi]
    lines.append(f"  aterkoppling: {gi[-1].isoformat()}")
    if p.method == "tvastegsmetoden":
        lines += ["account:", "  gaps:", "    - rule: SAM-RISK", "      missing: >-"]
        lines.append("        Redovisningen saknar en analys av orsakerna till obalansen mellan krav och resurser.")
    if drop:
        lines.append("demands:")
        for rule in drop:
            lines.append(
                f"  - {{rule: {rule}, action: drop, reason: Kravet kan inte ges ett lagrum med paragraf; följs upp vid nästa inspektion.}}"
            )
    lines.append("confirmed_citations:")
    lines += [f'  - "{c}"' for c in confirmed]
    lines += [
        "decision:",
        f"  vite_kr: {rng.choice([40000, 50000, 75000, 100000, 150000])}",
        "  decision_maker: {name: Beslutsfattare " + str(p.number % 11) + ", title: Enhetschef}",
        f"  appeal_court: {court}",
    ]
    return "\n".join(lines) + "\n"


def _unprintable(org_text: str, day: dt.date, book, confirmed: frozenset[str]) -> list[str]:
    """Rules that fail but have no paragraph a letter may print (the inspector drops them)."""
    from samosa.documents.demands import DEMAND_STATUSES, citable
    from samosa.engine.evaluate import evaluate
    from samosa.models.loading import load_org

    assessment = evaluate(load_org("org.yaml", org_text), book, date=day)
    out = []
    for f in assessment.findings:
        rule = book.get(f.rule)
        if f.status in DEMAND_STATUSES and rule.severity == "legal" and f.rule not in out:
            printed, _ = citable(list(book.references_on(rule, day)), book, confirmed)
            if not printed:
                out.append(f.rule)
    return sorted(out)


def _reply(krav: list, not_met: set[int], received: dt.date, rng: random.Random) -> str:
    lines = [
        f"date: {received.isoformat()}",
        "signed_by: {name: Socialchef i kommunen, title: Socialchef}",
        "safety_representative_comment: Huvudskyddsombudet har tagit del av svaret.",
        "answers:",
    ]
    for k in krav:
        if k.number in not_met:
            by = _working(received + dt.timedelta(days=rng.randint(60, 150)))
            lines.append(
                f'  - {{demand: "{k.number}", status: planned, done: Åtgärder planeras., by: {by.isoformat()}}}'
            )
        else:
            lines.append(
                f'  - {{demand: "{k.number}", status: done, done: Åtgärden är genomförd., '
                f"evidence: [Protokoll {received.isoformat()}]}}"
            )
    return "\n".join(lines) + "\n"


def build(db: str, municipalities: int = 290, seed: int = 0, fmt: str = "md", progress: bool = False) -> dict:
    """Create the national register at ``db``; returns counts and timings."""
    from samosa.cases.register import Register
    from samosa.models.workdays import add_working_days
    from samosa.rulebook.pack import load_rules

    book = load_rules()
    confirmed = sorted(
        f"{para} {inst}"
        for inst, paras in book.references.paragraphs.items()
        for para, e in paras.items()
        if e.get("status") == "U"
    )
    reg = Register(db, book=book)
    plans = plan(municipalities, seed)
    started = time.perf_counter()
    letters = 0
    for i, p in enumerate(plans):
        rng = random.Random(f"case:{seed}:{p.number}")
        org_text = synthetic_org(
            p.units, seed=seed, name=f"Syntetiska kommun {p.municipality:03d}", number=p.municipality, base_date=p.visit
        )
        drop = _unprintable(org_text, p.visit, book, frozenset(confirmed))
        record_text = _record(p, confirmed, drop, rng)
        with tempfile.TemporaryDirectory() as tmp:
            org_path, rec_path = Path(tmp) / f"kommun-{p.municipality:03d}.yaml", Path(tmp) / "inspection.yaml"
            state = reg.open_case(org_path, rec_path, org_text=org_text, record_text=record_text)
            dn = state.diarienummer
            gi = max(v.visited_on for v in state.visits)
            if p.method == "tvastegsmetoden":
                tm = reg.send(
                    dn,
                    "tillsynsmeddelande",
                    on=_working(dt.date(2017, 2, 6) + dt.timedelta(days=p.number % 20)),
                    fmt=fmt,
                )
                reg.record_account(dn, tm.due - dt.timedelta(days=2))
                bk = reg.send(dn, "begaran_om_komplettering", on=add_working_days(tm.due, 5), fmt=fmt)
                reg.record_account(dn, bk.due - dt.timedelta(days=1), completion=True)
                letters += 2
            im = reg.send(dn, "inspektionsmeddelande", on=add_working_days(gi, 15), fmt=fmt)
            letters += 1
            state = reg.state(dn)
            numbers = [k.number for k in state.krav]
            not_met = set(rng.sample(numbers, min(len(numbers), rng.randint(1, 2)))) if p.escalate else set()
            reply_day = im.due - dt.timedelta(days=rng.randint(0, 10))
            assessed = add_working_days(max(reply_day, im.due), 10)
            if p.replies:
                reply_file = Path(tmp) / "svar.yaml"
                reply_file.write_text(_reply(state.krav, not_met, reply_day, rng), encoding="utf-8")
                reg.record_reply(dn, reply_file)
            states = {n: ("not_met" if n in not_met else "met") for n in numbers}
            if not p.replies and not p.escalate:
                states = {n: "met" for n in numbers}  # followed up at a visit instead
            reg.assess(dn, assessed, states, visit=p.followup and not p.escalate)
            if p.escalate:
                un = reg.send(dn, "underrattelse", on=add_working_days(assessed, 5), fmt=fmt)
                letters += 1
                if p.escalate == 1:
                    reg.assess(dn, un.due, {n: "met" for n in not_met}, visit=True)
                else:
                    reg.record_comments(
                        dn, un.due, employer="Kommunen begär längre tid.", assessment="Tiden står kvar."
                    )
                    fo = reg.send(dn, "forelaggande", on=add_working_days(un.due, 3), fmt=fmt)
                    letters += 1
                    reg.assess(dn, add_working_days(fo.due, 2), {n: "met" for n in not_met}, visit=True)
            last = max(d.letter_date for d in reg.state(dn).documents.values())
            reg.close(dn, add_working_days(max(last, assessed), 20))
        if progress and (i + 1) % 10 == 0:
            print(f"  {i + 1}/{len(plans)} cases", file=sys.stderr)
    elapsed = time.perf_counter() - started
    reg.close_connections()
    return {"cases": len(plans), "letters": letters, "seconds": elapsed}


def time_statistics(db: str, repeat: int = 7) -> dict:
    """The national statistics in-process (compute + each format) and as a cold CLI run, with a floor."""
    from samosa.cases.register import Register
    from samosa.cases.statistics import to_csv, to_html, to_text

    reg = Register(db, create=False)
    runs = {"compute": [], "text": [], "csv": [], "html": []}
    for _ in range(repeat):
        t = time.perf_counter()
        s = reg.statistics(dt.date(2015, 1, 1), dt.date(2017, 12, 31))
        runs["compute"].append(time.perf_counter() - t)
        for name, fn in (("text", to_text), ("csv", to_csv), ("html", to_html)):
            t = time.perf_counter()
            fn(s)
            runs[name].append(time.perf_counter() - t)
    cli = [sys.executable, "-m", "samosa", "cases", "stats", "--db", db, "--from", "2015-01-01", "--to", "2017-12-31"]
    floor = [
        sys.executable,
        "-c",
        "import sys, sqlite3; sqlite3.connect(sys.argv[1]).execute('select count(*) from krav').fetchall()",
        reg.url.removeprefix("sqlite:///"),
    ]
    cold: dict[str, list[float]] = {"cli": [], "floor": []}
    for _ in range(repeat):
        for name, cmd in (("cli", cli), ("floor", floor)):
            if name == "floor" and not reg.url.startswith("sqlite"):
                continue
            t = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, cwd=ROOT)
            cold[name].append(time.perf_counter() - t)
    reg.close_connections()
    return {"in_process": runs, "cold": cold, "statistics": s}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a new SQLite file or an empty PostgreSQL database URL")
    parser.add_argument("--municipalities", type=int, default=290)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--format", default="md", choices=["md", "html", "pdf"], help="format of the stored letters")
    parser.add_argument("--no-build", action="store_true", help="only time the statistics of an existing register")
    args = parser.parse_args()
    if not args.no_build:
        built = build(args.db, args.municipalities, args.seed, args.format, progress=True)
        print(
            f"built {built['cases']} cases, {built['letters']} letters in {built['seconds']:.1f} s "
            f"({built['seconds'] / built['cases'] * 1000:.0f} ms per case)"
        )
    timed = time_statistics(args.db)
    from samosa.cases.statistics import to_text

    print(to_text(timed["statistics"]))
    ms = lambda xs: f"{min(xs) * 1000:.1f} / {statistics.median(xs) * 1000:.1f}"  # noqa: E731
    for name, xs in timed["in_process"].items():
        print(f"in-process {name}: {ms(xs)} ms (min / median)")
    for name, xs in timed["cold"].items():
        if xs:
            print(f"cold {name}: {ms(xs)} ms (min / median)")
    if timed["cold"]["floor"]:
        print(f"cold cli / floor: {min(timed['cold']['cli']) / min(timed['cold']['floor']):.1f}")


if __name__ == "__main__":
    main()
