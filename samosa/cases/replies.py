"""Reading the employer's reply to an inspektionsmeddelande from a file.

A reply file is the ``reply`` section of an inspection record
(``samosa.models.inspection.Reply``: date, signed_by, the skyddsombud's
comment and one answer per krav) — on its own at the top of the file, or as
the ``reply:`` key of a whole inspection record. An answer names its krav by
number (``demand: 4``) or by one of the krav's rules (``demand: SAM-RISK``),
as the inspection record does. Everything wrong is reported with the reply
file's ``file:line:col`` before anything is stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from pydantic import ValidationError

from samosa.models.inspection import Reply
from samosa.models.validation import date_problems, validation_problems
from samosa.source.loader import load_yaml, read_text
from samosa.source.positions import PathT, SourceMap
from samosa.source.problems import InputError, Problem


@dataclass
class LoadedReply:
    reply: Reply
    source: SourceMap
    prefix: PathT  # () for a bare reply, ("reply",) inside an inspection record
    text: str

    @property
    def file(self) -> str:
        return self.source.file


class _Prefixed(SourceMap):
    """Problems of the reply model, positioned under ``prefix`` in the file."""

    def __init__(self, base: SourceMap, prefix: PathT) -> None:
        super().__init__(base.file, base.values, base.keys)
        self.prefix = tuple(prefix)

    def problem(self, path: PathT, message: str, *, key: bool = False) -> Problem:
        return super().problem(self.prefix + tuple(path), message, key=key)


def load_reply(path: Path | str, krav_rules: dict[int, str], text: Optional[str] = None) -> LoadedReply:
    """Load a reply file; ``krav_rules`` maps each krav number of the case to the rule the record uses for it."""
    if text is None:
        text = read_text(Path(path))
    data, smap = load_yaml(path, text)
    prefix: PathT = ()
    if isinstance(data, dict) and "reply" in data and "answers" not in data:
        prefix = ("reply",)
        data = data["reply"]
    if not isinstance(data, dict):
        raise InputError(
            [smap.problem(prefix, "expected a reply: a mapping with 'date', 'signed_by' and 'answers' (one per krav)")]
        )
    problems = []
    answers = data.get("answers")
    if isinstance(answers, list):
        data = dict(data, answers=[dict(a) if isinstance(a, dict) else a for a in answers])
        for i, a in enumerate(data["answers"]):
            if not isinstance(a, dict):
                continue
            ref: Any = a.get("demand")
            if isinstance(ref, bool):
                continue
            if isinstance(ref, int) or (isinstance(ref, str) and ref.strip().isdigit()):
                number = int(ref)
                if number not in krav_rules:
                    known = ", ".join(str(n) for n in sorted(krav_rules)) or "none"
                    problems.append(
                        smap.problem(
                            prefix + ("answers", i, "demand"),
                            f"there is no krav {number} in this case (krav: {known})",
                        )
                    )
                    continue
                a["demand"] = krav_rules[number]
    shifted = _Prefixed(smap, prefix)
    try:
        reply = Reply.model_validate(data)
    except ValidationError as exc:
        raise InputError(sorted(problems + validation_problems(exc, shifted, Reply))) from None
    problems += date_problems(reply.model_dump(), shifted)
    if problems:
        raise InputError(sorted(problems))
    return LoadedReply(reply=reply, source=smap, prefix=prefix, text=text)
