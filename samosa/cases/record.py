"""The inspection record the register generates for each letter, from its own state.

The letters are rendered by ``samosa.documents.render`` from an organisation
and an inspection record (``samosa.models.inspection``). The inspector writes
the record once — the case, the inspectors, the interviews and observations,
the keep/drop/reword decisions, the gaps in the written account — and the
register stores it. What the chain adds later is the register's to say, not
the inspector's to type into YAML: the date each letter was sent and the dates
it set, when the account arrived, the employer's reply, and which krav an
underrättelse or föreläggande carries, with their deadlines and vite. This
module puts those into a copy of the stored record (the model is the same, no
fork), so every letter reads exactly what the register holds.

Problems in a reply file are reported in that file: ``ReplyOverlay`` is a
source map that places every path under ``reply`` in the reply file and
everything else in the stored record, so the renderer's own checks of a reply
(every krav answered once, evidence for what is done, a date for what is
planned) come out as ``reply.yaml:line:col``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Optional

from samosa.models.inspection import (
    Decision,
    InspectionFile,
    LoadedInspection,
    Person,
    Reply,
    ReplyAnswer,
    load_inspection,
)
from samosa.models.loading import LoadedOrg, load_org
from samosa.rulebook.model import RuleBook
from samosa.source.positions import PathT, SourceMap, format_path
from samosa.source.problems import Problem


@dataclass
class Sources:
    """The stored org file and inspection record of a case (the newest version of each)."""

    org_name: str
    org_text: str
    record_name: str
    record_text: str

    def load(self, book: RuleBook) -> tuple[LoadedOrg, LoadedInspection]:
        org = load_org(self.org_name, self.org_text)
        return org, load_inspection(self.record_name, org, book, self.record_text)


@dataclass
class ChainDates:
    """What the register knows of the chain's dates (None: not sent or not received yet)."""

    tillsynsmeddelande: Optional[dt.date] = None
    account_due: Optional[dt.date] = None
    account_received: Optional[dt.date] = None
    komplettering: Optional[dt.date] = None
    komplettering_due: Optional[dt.date] = None
    inspektionsmeddelande: Optional[dt.date] = None
    reply_due: Optional[dt.date] = None


@dataclass
class StoredAnswer:
    rule: str  # the krav's first rule: how the record refers to a krav
    status: str
    done: str
    evidence: list[str] = field(default_factory=list)
    remaining: Optional[str] = None
    by: Optional[dt.date] = None


@dataclass
class StoredReply:
    received_on: dt.date
    signed_by: dict[str, Any]
    safety_representative_comment: Optional[str]
    answers: list[StoredAnswer]

    def model(self) -> Reply:
        return Reply(
            date=self.received_on,
            signed_by=Person(**self.signed_by),
            safety_representative_comment=self.safety_representative_comment,
            answers=[
                ReplyAnswer(
                    demand=a.rule,
                    status=a.status,
                    done=a.done,
                    evidence=list(a.evidence),
                    remaining=a.remaining,
                    by=a.by,
                )
                for a in self.answers
            ],
        )


def generated(
    base: LoadedInspection,
    dates: ChainDates,
    *,
    reply: Optional[Reply] = None,
    decision: Optional[Decision] = None,
    source: Optional[SourceMap] = None,
) -> LoadedInspection:
    """``base`` with the chain's dates, reply and decision taken from the register.

    A date the register does not have yet keeps the record's value, so the
    record can propose a letter's date (``samosa render`` does the same); one
    it has always wins. The reply and the decision are the register's only.
    """
    rec = base.model
    known = {k: v for k, v in dataclasses.asdict(dates).items() if v is not None}
    new_dates = rec.dates.model_copy(update=known)
    model = rec.model_copy(update={"dates": new_dates, "reply": reply, "decision": decision})
    # Validate the whole as the loader would have (a generated record is still a record).
    model = InspectionFile.model_validate(model.model_dump())
    return LoadedInspection(model=model, source=source or base.source)


class ReplyOverlay(SourceMap):
    """Positions under ``reply`` from the reply file, all others from the stored record."""

    def __init__(self, record: SourceMap, reply: SourceMap, prefix: PathT) -> None:
        super().__init__(record.file, record.values, record.keys)
        self.reply = reply
        self.prefix = tuple(prefix)

    def problem(self, path: PathT, message: str, *, key: bool = False) -> Problem:
        path = tuple(path)
        if path[:1] == ("reply",):
            inner = self.prefix + path[1:]
            line, col = self.reply.position(inner, key=key)
            return Problem(self.reply.file, line, col, message, format_path(inner))
        return super().problem(path, message, key=key)
