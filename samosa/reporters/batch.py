"""Output for ``samosa check DIR/``: one combined document over many files, written as it comes.

:func:`write_batch` consumes the stream of per-file results from
:func:`samosa.engine.batch.iter_check` and writes each one before the next is
evaluated, so memory stays flat however many files there are:

* ``text`` — one line per file (``--quiet``: only the files that are not OK) and
  the totals; 290 full reports are not something a person reads, the JSON has them;
* ``json`` — the ``BatchResult`` object (every assessment in full, keys sorted,
  files in path order), byte for byte what serialising it whole would give;
* ``sarif`` — one run with every file's results (code scanning rejects several runs
  of one tool in an upload), rule descriptors for every rule the check ran, and the
  files that could not be read as tool execution notifications;
* ``junit`` — a ``<testsuite>`` per file and area (``file=`` set), one suite with an
  ``<error>`` per unreadable file; the root's totals are the sums;
* ``github`` — the annotations of every file, an ``::error`` at each input problem,
  one summary notice.

SARIF and JUnit put totals or descriptors before the results, so the results go to
a temporary spool (memory up to a few MiB, then disk) until the end.
"""

from __future__ import annotations

import io
import json
import re
import tempfile
import textwrap
import xml.etree.ElementTree as ET
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Optional, TextIO

from samosa.engine.batch import BatchResult, BatchTotals, FileResult
from samosa.engine.findings import SCHEMA_VERSION, Finding
from samosa.engine.verdicts import count
from samosa.reporters import github, junit, sarif
from samosa.reporters.common import reported
from samosa.source.escaping import escape_controls, json_safe

OUTCOME_LABEL = {0: "OK", 1: "BRISTER", 2: "FEL I FILEN"}
SPOOL_BYTES = 4 * 1024 * 1024
FORMATS = ("text", "json", "sarif", "junit", "github")


def _spool() -> Any:
    return tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES, mode="w+", encoding="utf-8", newline="")


def _copy(spool: Any, out: TextIO) -> None:
    spool.seek(0)
    while chunk := spool.read(1 << 16):
        out.write(chunk)


def _dumps(data: Any) -> str:
    return json_safe(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True))


# ------------------------------------------------------------------ text


def _text_lines(r: FileResult) -> list[str]:
    label = f"{OUTCOME_LABEL[r.exit_code]:<12}"
    if r.assessment is None:
        return [escape_controls(f"{label} {r.file}")] + [escape_controls(f"      {p}") for p in r.problems]
    c = count(r.assessment.findings)
    return [
        escape_controls(f"{label} {r.file}  ({c.sentence()}; bedömningsdag {r.assessment.assessment_date.isoformat()})")
    ]


def _text_totals(t: BatchTotals) -> list[str]:
    return [
        "",
        f"Filer: {t.files} ({t.evaluated} bedömda, {t.input_errors} med fel i filen, "
        f"{t.failing_files} som inte klarar granskningen).",
        f"Bedömningar totalt: {t.counts.sentence()}.",
    ]


# ------------------------------------------------------------------ writers


class _Writer(ABC):
    """One format's streaming writer: ``start``, ``add`` per result in order, ``finish`` with the totals."""

    def __init__(self, out: TextIO, **options: Any):
        self.out = out
        self.options = options
        self.totals = BatchTotals()

    def start(self) -> None:  # noqa: B027  (most formats have no header)
        """Write what comes before the first result."""

    @abstractmethod
    def add(self, r: FileResult) -> None:
        """Write one file's result."""

    def finish(self) -> None:  # noqa: B027  (and some no footer)
        """Write what comes after the last result (the totals)."""


class _Text(_Writer):
    def add(self, r: FileResult) -> None:
        if self.options.get("quiet") and r.exit_code == 0:
            return
        self.out.write("\n".join(_text_lines(r)) + "\n")

    def finish(self) -> None:
        self.out.write("\n".join(_text_totals(self.totals)) + "\n")


RESULTS_MARK = "@@samosa-results@@"
NOTES_MARK = "@@samosa-notifications@@"
SUMMARY_MARK = "@@samosa-summary@@"


def json_item(r: FileResult) -> str:
    """One file's result as it stands in the JSON batch document (``iter_check``'s ``render``)."""
    return textwrap.indent(_dumps(r.model_dump(mode="json")), "    ")


#: Per format, what the workers may write ahead of the writer (see ``iter_check``'s ``render``).
RENDER_IN_WORKERS = {"json": json_item}


class _Json(_Writer):
    """The BatchResult document, results streamed between a head and a tail cut from a skeleton."""

    def start(self) -> None:
        skeleton = {
            "fail_on": self.options["fail_on"],
            "kind": "batch",
            "profile": self.options.get("profile"),
            "results": [RESULTS_MARK],
            "schema_version": SCHEMA_VERSION,
            "summary": SUMMARY_MARK,
        }
        text = _dumps(skeleton)
        head, _, self.tail = text.partition(f'    "{RESULTS_MARK}"\n')
        self.out.write(head)
        self.first = True

    def add(self, r: FileResult) -> None:
        item = r.rendered if r.rendered is not None else json_item(r)
        self.out.write(item if self.first else ",\n" + item)
        self.first = False

    def finish(self) -> None:
        summary = _dumps(self.totals.summary().model_dump(mode="json")).replace("\n", "\n  ")
        self.out.write(("" if self.first else "\n") + self.tail.replace(f'"{SUMMARY_MARK}"', summary) + "\n")


def _splice(text: str, mark: str, spool: Any, out: TextIO, empty: bool) -> None:
    """Write ``text`` with the line holding ``mark`` replaced by the spooled (pre-indented) items."""
    if empty:
        out.write(re.sub(r"\[\s*\"" + re.escape(mark) + r"\"\s*\]", "[]", text, count=1))
        return
    line = re.search(r"^ *\"" + re.escape(mark) + '"$', text, flags=re.M)
    assert line is not None, mark
    out.write(text[: line.start()])
    _copy(spool, out)
    out.write(text[line.end() :])


class _Sarif(_Writer):
    """One run over every file; descriptors for the rules the check runs, cited as on the dates seen."""

    INDENT = " " * 8  # runs[0].results[i]

    def start(self) -> None:
        self.book = self.options["book"]
        self.rule_ids = sorted(r.id for r in self.book.for_evaluation(self.options.get("profile")))
        self.first_finding: dict[str, Finding] = {}
        self.dates: set = set()
        self.results, self.notes = _spool(), _spool()
        self.n_results = self.n_notes = 0

    def _index(self, rule_id: str) -> int:
        if rule_id not in self.rule_ids:  # a rule outside the selection cannot have run, but never crash
            self.rule_ids.append(rule_id)
        return self.rule_ids.index(rule_id)

    def add(self, r: FileResult) -> None:
        root = self.options.get("root")
        if r.assessment is None:
            for p in r.problems:
                note = {
                    "level": "error",
                    "message": {"text": f"{p.message}" + (f" (at {p.path})" if p.path else "")},
                    "locations": [
                        {
                            "physicalLocation": {
                                "artifactLocation": {"uri": sarif.artifact_uri(p.file, root)},
                                "region": {"startLine": max(p.line, 1), "startColumn": max(p.column, 1)},
                            }
                        }
                    ],
                    "descriptor": {"id": "samosa/input-error"},
                }
                self.notes.write(("" if self.n_notes == 0 else ",\n") + self._item(note, 12))
                self.n_notes += 1
            return
        a = r.assessment
        self.dates.add(a.assessment_date)
        for f in a.findings:
            self.first_finding.setdefault(f.rule, f)
        for f in reported(a):
            item = sarif.finding_result(f, self._index(f.rule), a, root)
            item["properties"]["file"] = a.organisation.file
            self.results.write(("" if self.n_results == 0 else ",\n") + self._item(item, 8))
            self.n_results += 1

    @staticmethod
    def _item(data: Any, indent: int) -> str:
        return textwrap.indent(sarif.dumps(data), " " * indent)

    def finish(self) -> None:
        dates = sorted(self.dates)
        descriptors = []
        for rule_id in self.rule_ids:
            seen = [self.first_finding[rule_id]] if rule_id in self.first_finding else []
            descriptors.append(sarif.rule_descriptor(rule_id, seen, self.book, dates))
        t = self.totals
        log = {
            "$schema": sarif.SARIF_SCHEMA,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {"driver": sarif.driver(descriptors)},
                    "invocations": [
                        {
                            "executionSuccessful": t.input_errors == 0,
                            "toolExecutionNotifications": [NOTES_MARK],
                        }
                    ],
                    "language": "sv-SE",
                    "columnKind": "unicodeCodePoints",
                    "results": [RESULTS_MARK],
                    "properties": {
                        "assessmentDates": [d.isoformat() for d in dates],
                        "failOn": self.options["fail_on"],
                        "files": t.summary().model_dump(mode="json"),
                    }
                    | ({"profile": self.options["profile"]} if self.options.get("profile") else {}),
                }
            ],
        }
        text = sarif.dumps(log) + "\n"
        buffer = io.StringIO()
        _splice(text, NOTES_MARK, self.notes, buffer, self.n_notes == 0)
        _splice(buffer.getvalue(), RESULTS_MARK, self.results, self.out, self.n_results == 0)
        self.results.close()
        self.notes.close()


class _Junit(_Writer):
    def start(self) -> None:
        self.suites = _spool()
        self.sums = {k: 0 for k in junit.TOTALS}
        self.n = 0

    def _write(self, suite: ET.Element) -> None:
        for key in junit.TOTALS:
            self.sums[key] += int(suite.get(key, "0"))
        self.suites.write("\n" + junit.suite_xml(suite))
        self.n += 1

    def add(self, r: FileResult) -> None:
        if r.assessment is not None:
            for suite in junit.area_suites(r.assessment, prefix=f"{r.file}: ", file=r.file):
                self._write(suite)
            return
        suite = ET.Element(
            "testsuite",
            {"name": f"{r.file}: Fel i filen", "tests": "1", "failures": "0", "errors": "1", "skipped": "0"},
        )
        suite.set("file", r.file)
        case = ET.SubElement(suite, "testcase", {"classname": "samosa.input", "name": r.file})
        n = len(r.problems)
        error = ET.SubElement(
            case, "error", {"message": f"{n} problem{'s' if n != 1 else ''} i filen", "type": "input_error"}
        )
        error.text = "".join(f"{p}\n" for p in r.problems)
        self._write(junit._safe(suite))

    def finish(self) -> None:
        self.out.write(junit.xml_head(f"samosa ({self.totals.files} filer)", self.sums))
        _copy(self.suites, self.out)
        self.out.write(("\n" if self.n else "") + "</testsuites>\n")
        self.suites.close()


class _Github(_Writer):
    def add(self, r: FileResult) -> None:
        root = self.options.get("root")
        if r.assessment is not None:
            lines = github.finding_annotations(r.assessment, root)
        else:
            lines = [
                github.command(
                    "error",
                    p.message + (f" (at {p.path})" if p.path else ""),
                    file=github.annotation_path(p.file, root),
                    line=p.line,
                    col=p.column,
                    title="Fel i filen",
                )
                for p in r.problems
            ]
        if lines:
            self.out.write("\n".join(lines) + "\n")

    def finish(self) -> None:
        t = self.totals
        summary = (
            f"samosa: {t.files} filer ({t.evaluated} bedömda, {t.input_errors} med fel i filen, "
            f"{t.failing_files} som inte klarar granskningen); bedömningar: {t.counts.sentence()}"
        )
        self.out.write(github.command("notice", summary, title="samosa") + "\n")


WRITERS: dict[str, Callable[..., _Writer]] = {
    "text": _Text,
    "json": _Json,
    "sarif": _Sarif,
    "junit": _Junit,
    "github": _Github,
}


def write_batch(
    results: Iterable[FileResult],
    out: TextIO,
    fmt: str,
    *,
    fail_on: str,
    profile: Optional[str] = None,
    book=None,
    root: Optional[Path] = None,
    quiet: bool = False,
) -> BatchTotals:
    """Write ``results`` to ``out`` in ``fmt`` as they arrive; return the totals (exit code included).

    ``book`` (the RuleBook the check ran) is needed for SARIF's rule descriptors;
    ``root`` is the top of the repository for SARIF and GitHub paths.
    """
    writer = WRITERS[fmt](out, fail_on=fail_on, profile=profile, book=book, root=root, quiet=quiet)
    writer.start()
    for r in results:
        writer.totals.add(r)
        writer.add(r)
        out.flush()
    writer.finish()
    out.flush()
    return writer.totals


def render_batch(result: BatchResult, fmt: str = "json", **options: Any) -> str:
    """A whole :class:`BatchResult` in ``fmt`` as one string (tests, small batches)."""
    buffer = io.StringIO()
    write_batch(result.results, buffer, fmt, fail_on=result.fail_on, profile=result.profile, **options)
    return buffer.getvalue()


def render_batch_json(result: BatchResult, **_: object) -> str:
    return render_batch(result, "json")


def render_batch_text(result: BatchResult, **_: object) -> str:
    return render_batch(result, "text")


__all__ = [
    "FORMATS",
    "RENDER_IN_WORKERS",
    "json_item",
    "render_batch",
    "render_batch_json",
    "render_batch_text",
    "write_batch",
]
