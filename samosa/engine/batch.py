"""Check many organisation files at once, in parallel, with one combined result.

A county, a federation of municipalities or a CI job over a repository of
``org.yaml`` files wants one answer: which files are broken, which fail, how
much in total. Files are independent, so they are checked in worker
processes (``jobs``); the rule pack is loaded once and sent to each worker.
The combined result is ordered by file path, never by completion order, so
the same inputs give the same bytes whatever ``jobs`` is.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Literal, Optional

from pydantic import BaseModel, Field

from samosa.engine.findings import SCHEMA_VERSION, Assessment
from samosa.source.problems import InputError, Problem, UsageError

YAML_SUFFIXES = (".yaml", ".yml")
STATUSES = ("pass", "partial", "fail", "not_applicable", "error")


class FileProblem(BaseModel):
    """A positioned input problem, as data (``errors.Problem`` is a dataclass)."""

    file: str
    line: int
    column: int
    message: str
    path: str = ""

    @classmethod
    def of(cls, p: Problem) -> FileProblem:
        return cls(file=p.file, line=p.line, column=p.column, message=p.message, path=p.path)

    def __str__(self) -> str:
        return str(Problem(self.file, self.line, self.column, self.message, self.path))


class FileResult(BaseModel):
    """The outcome for one file: an assessment, or the problems that stopped it."""

    file: str
    outcome: Literal["evaluated", "input_error"]
    exit_code: int = Field(description="What `samosa check FILE` would exit with: 0, 1 or 2.")
    failing: int = Field(0, description="Findings at or above --fail-on (errors always count).")
    assessment: Optional[Assessment] = None
    problems: list[FileProblem] = Field(default_factory=list)


class BatchSummary(BaseModel):
    files: int
    evaluated: int
    input_errors: int
    failing_files: int
    by_status: dict[str, int] = Field(description="Findings per status over every evaluated file.")


class BatchResult(BaseModel):
    schema_version: str = SCHEMA_VERSION
    kind: Literal["batch"] = "batch"
    fail_on: str
    profile: Optional[str] = None
    summary: BatchSummary
    results: list[FileResult]

    @property
    def exit_code(self) -> int:
        """2 if any file could not be read, else 1 if any file fails, else 0."""
        return max((r.exit_code for r in self.results), default=0)


def collect_files(paths: Iterable[Path | str]) -> list[Path]:
    """Expand directories to the YAML files below them (sorted, hidden files skipped)."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.suffix in YAML_SUFFIXES
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                raise UsageError(f"no .yaml files in {path}")
            out.extend(found)
        else:
            out.append(path)
    return sorted(dict.fromkeys(out), key=str)


_BOOK = None


def _init_worker(book) -> None:
    global _BOOK
    _BOOK = book


def _check_one(args: tuple[str, Optional[dt.date], Optional[str], str, str]) -> FileResult:
    from samosa.engine.evaluate import evaluate
    from samosa.models.loading import load_org

    path, date, profile, fail_on, not_shown = args
    try:
        org = load_org(path)
    except InputError as exc:
        return FileResult(
            file=path, outcome="input_error", exit_code=2, problems=[FileProblem.of(p) for p in exc.problems]
        )
    assessment = evaluate(org, _BOOK, date=date, profile=profile)
    failing = len(assessment.failing_at(fail_on, not_shown))
    return FileResult(
        file=path, outcome="evaluated", exit_code=1 if failing else 0, failing=failing, assessment=assessment
    )


def check_many(
    paths: Iterable[Path | str],
    rules=None,
    jobs: int = 1,
    *,
    date: Optional[dt.date] = None,
    profile: Optional[str] = None,
    fail_on: str = "legal",
    not_shown: str = "fail",
) -> BatchResult:
    """Check every file (directories expanded) against ``rules``; ``jobs`` worker processes.

    ``rules`` is a ``RuleBook``, a rule pack directory or ``None`` for the
    bundled rules. ``jobs <= 0`` means one per CPU. A broken rule pack raises
    ``RuleError``; a broken organisation file is reported in its result.
    """
    from samosa.rulebook.model import RuleBook
    from samosa.rulebook.pack import load_rules

    book = rules if isinstance(rules, RuleBook) else load_rules(rules)
    if profile is not None and not book.select(profile):
        raise UsageError(f"no rules in profile {profile!r}")
    files = [str(p) for p in collect_files(paths)]
    if jobs <= 0:
        jobs = os.cpu_count() or 1
    jobs = min(jobs, len(files)) or 1
    tasks = [(f, date, profile, fail_on, not_shown) for f in files]
    if jobs == 1:
        _init_worker(book)
        results = [_check_one(t) for t in tasks]
    else:
        from concurrent.futures import ProcessPoolExecutor

        chunk = max(1, len(tasks) // (jobs * 8))
        with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(book,)) as pool:
            results = list(pool.map(_check_one, tasks, chunksize=chunk))
    counts = {s: 0 for s in STATUSES}
    for r in results:
        if r.assessment is not None:
            for status, n in r.assessment.summary.by_status.items():
                counts[status] = counts.get(status, 0) + n
    summary = BatchSummary(
        files=len(results),
        evaluated=sum(r.outcome == "evaluated" for r in results),
        input_errors=sum(r.outcome == "input_error" for r in results),
        failing_files=sum(r.exit_code == 1 for r in results),
        by_status=counts,
    )
    return BatchResult(fail_on=fail_on, profile=profile, summary=summary, results=results)


__all__ = ["BatchResult", "FileResult", "check_many", "collect_files"]
