"""What is due across the register, and the next step of a case — both read from its state only.

``due_items`` lists every date someone is waiting for: the employer's account,
completion and reply, the dates the employer itself promised in the reply,
the end of the comment period on an underrättelse, the deadlines of a
föreläggande; and what waits on the inspector without a date (a reply to
assess, an underrättelse or a vite application to decide). ``next_step``
walks the chain (``samosa.cases.register``) and proposes one step, with the
command that takes it; an underrättelse it proposes names exactly the krav not
met, a föreläggande exactly the krav of the underrättelse still not met once
the comment period has passed.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Optional

from samosa.cases.register import CaseState, DocumentRow, KravRow
from samosa.cases.states import NOT_MET, SETTLED


@dataclass
class DueItem:
    diarienummer: str
    due: Optional[dt.date]  # None: waits on the inspector, no date set
    what: str
    krav: list[int] = field(default_factory=list)

    def status(self, on: dt.date) -> str:
        if self.due is None:
            return "to do"
        if self.due < on:
            return "overdue"
        return "due today" if self.due == on else "upcoming"

    def days(self, on: dt.date) -> Optional[int]:
        return None if self.due is None else (on - self.due).days


@dataclass
class Proposal:
    diarienummer: str
    action: str  # send, wait, assess, decide, close, apply_vite, record
    text: str
    command: Optional[str] = None
    letter: Optional[str] = None  # the kind a 'send' proposal would render
    krav: list[int] = field(default_factory=list)
    due: Optional[dt.date] = None


def _nums(ks: list[KravRow]) -> list[int]:
    return [k.number for k in ks]


def _list(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in numbers)


def due_items(state: CaseState) -> list[DueItem]:
    """Everything the case is waiting for (none for a closed case)."""
    if state.closed:
        return []
    dn = state.diarienummer
    out: list[DueItem] = []
    if not state.documents:
        first = (
            "tillsynsmeddelande" if state.row.method == "tvastegsmetoden" else "inspektionsmeddelande (after the visit)"
        )
        out.append(DueItem(dn, None, f"send the {first}"))
    tm = state.sent("tillsynsmeddelande")
    if tm is not None and state.row.account_received_on is None:
        out.append(
            DueItem(dn, tm.due_on, f"the employer's account (tillsynsmeddelande of {tm.letter_date.isoformat()})")
        )
    bk = state.sent("begaran_om_komplettering")
    if bk is not None and state.row.completion_received_on is None and state.sent("inspektionsmeddelande") is None:
        out.append(DueItem(dn, bk.due_on, f"the completion (begäran om komplettering of {bk.letter_date.isoformat()})"))
    im = state.sent("inspektionsmeddelande")
    if im is not None and state.reply is None:
        out.append(
            DueItem(
                dn,
                im.due_on,
                f"the reply to the inspektionsmeddelande of {im.letter_date.isoformat()}",
                _nums(state.krav),
            )
        )
    answered = [k for k in state.krav if k.state == "answered"]
    if answered:
        out.append(DueItem(dn, None, "assess the reply", _nums(answered)))
    for k in state.krav:
        if k.employer_by and k.state in ("answered", "partly_met", "open"):
            out.append(DueItem(dn, k.employer_by, f"krav {k.number}: done by the employer's own date", [k.number]))
    under = state.sent("underrattelse")
    not_met = [k for k in state.krav if k.state in NOT_MET and k.carried_into is None]
    if not_met and under is None:
        out.append(DueItem(dn, None, "decide on an underrättelse (krav not met)", _nums(not_met)))
    fo = state.sent("forelaggande")
    if under is not None and fo is None:
        carried = [k for k in state.krav if k.state == "underrattelse"]
        if carried:
            out.append(
                DueItem(dn, under.due_on, "comments on the underrättelse; then the föreläggande", _nums(carried))
            )
    for k in state.krav:
        if k.state == "forelaggande" and k.deadline:
            out.append(DueItem(dn, k.deadline, f"krav {k.number}: the föreläggande's deadline", [k.number]))
    vite = [k for k in state.krav if k.state in NOT_MET and k.carried_into == "forelaggande"]
    if vite:
        out.append(DueItem(dn, None, "apply to the förvaltningsrätt for the vite", _nums(vite)))
    if state.krav and all(k.state in SETTLED for k in state.krav):
        out.append(DueItem(dn, None, "close the case (every krav met or withdrawn)"))
    return out


def all_due(states: list[CaseState], on: dt.date, *, overdue_only: bool = False) -> list[DueItem]:
    items = [i for s in states for i in due_items(s)]
    if overdue_only:
        items = [i for i in items if i.status(on) == "overdue"]
    return sorted(items, key=lambda i: (i.due is None, i.due or dt.date.max, i.diarienummer, i.what))


def next_step(state: CaseState, on: dt.date, *, has_gaps: bool = False) -> Proposal:
    """The one step the chain proposes for the case on ``on``; ``has_gaps``: the record notes gaps in the account."""
    dn = state.diarienummer
    cmd = f"samosa cases send {dn} "
    if state.closed:
        return Proposal(dn, "none", f"case {dn} was closed on {state.row.closed_on.isoformat()}")
    tm, bk, im = (state.sent(k) for k in ("tillsynsmeddelande", "begaran_om_komplettering", "inspektionsmeddelande"))
    under, fo = state.sent("underrattelse"), state.sent("forelaggande")
    two_step = state.row.method == "tvastegsmetoden"
    if im is None:
        if two_step:
            if tm is None:
                return Proposal(
                    dn,
                    "send",
                    "send the tillsynsmeddelande (the two-step method's first letter)",
                    cmd + "tillsynsmeddelande",
                    "tillsynsmeddelande",
                )
            if state.row.account_received_on is None:
                late = tm.due() < on
                return Proposal(
                    dn,
                    "record" if not late else "wait",
                    f"the employer's account is {'overdue since' if late else 'due'} {tm.due().isoformat()}; "
                    f"record it when it arrives: samosa cases account {dn} --received DATE",
                    f"samosa cases account {dn} --received DATE",
                    due=tm.due(),
                )
            if bk is None and has_gaps:
                return Proposal(
                    dn,
                    "send",
                    "the inspection record notes gaps in the account: send a begäran om komplettering",
                    cmd + "begaran_om_komplettering",
                    "begaran_om_komplettering",
                )
        if bk is not None and state.row.completion_received_on is None and on <= bk.due():
            return Proposal(
                dn, "wait", f"the completion is due {bk.due().isoformat()}; then the inspection visit", due=bk.due()
            )
        return Proposal(
            dn,
            "send",
            "after the visit (förmöte, gruppsamtal, återkoppling in the inspection record): send the inspektionsmeddelande",
            cmd + "inspektionsmeddelande",
            "inspektionsmeddelande",
        )
    if state.reply is None and all(k.state == "open" for k in state.krav):
        if on <= im.due():
            return Proposal(dn, "wait", f"the reply is due {im.due().isoformat()}", due=im.due())
        return Proposal(
            dn,
            "assess",
            f"the reply was due {im.due().isoformat()} and has not come: remind the employer, or assess the krav "
            "(samosa cases assess … --not-met N)",
            f"samosa cases assess {dn} --date {on.isoformat()} --not-met {_list(_nums(state.krav))}",
            krav=_nums(state.krav),
            due=im.due(),
        )
    pending = [k for k in state.krav if k.state in ("open", "answered")]
    if pending and under is None:
        return Proposal(
            dn,
            "assess",
            f"assess the reply: krav {_list(_nums(pending))} (met, partly met or not met)",
            f"samosa cases assess {dn} --date {on.isoformat()} --met N,… --not-met N,…",
            krav=_nums(pending),
        )
    not_met = [k for k in state.krav if k.state in NOT_MET and k.carried_into is None]
    if not_met and under is None:
        return Proposal(
            dn,
            "send",
            f"send an underrättelse om föreläggande naming krav {_list(_nums(not_met))} (not met"
            + (
                f"; {_list([k.number for k in not_met if k.state == 'partly_met'])} only in part"
                if any(k.state == "partly_met" for k in not_met)
                else ""
            )
            + ")",
            cmd + "underrattelse",
            "underrattelse",
            krav=_nums(not_met),
        )
    if under is not None and fo is None:
        carried = [k for k in state.krav if k.state == "underrattelse"]
        if not carried:
            return Proposal(
                dn,
                "close",
                "every krav of the underrättelse has been met: close the case",
                f"samosa cases close {dn} --date {on.isoformat()}",
            )
        if on <= under.due():
            return Proposal(
                dn,
                "wait",
                f"the comment period on the underrättelse runs until {under.due().isoformat()}",
                krav=_nums(carried),
                due=under.due(),
            )
        vite = _vite_phrase(under, carried)
        return Proposal(
            dn,
            "send",
            f"the comment period ended {under.due().isoformat()}: send the föreläggande{vite} for krav {_list(_nums(carried))}",
            cmd + "forelaggande",
            "forelaggande",
            krav=_nums(carried),
            due=under.due(),
        )
    vite_due = [k for k in state.krav if k.state in NOT_MET and k.carried_into == "forelaggande"]
    if vite_due:
        return Proposal(
            dn,
            "apply_vite",
            f"krav {_list(_nums(vite_due))} not met by the föreläggande's deadline: apply to the förvaltningsrätt for "
            "the vite (utdömande av vite; samosa does not write that application)",
            krav=_nums(vite_due),
        )
    ordered = [k for k in state.krav if k.state == "forelaggande"]
    if ordered:
        first = min(k.deadline for k in ordered if k.deadline)
        if on <= first:
            return Proposal(
                dn,
                "wait",
                f"the föreläggande's first deadline is {first.isoformat()}; follow up then",
                krav=_nums(ordered),
                due=first,
            )
        return Proposal(
            dn,
            "assess",
            f"the deadline {first.isoformat()} has passed: follow up krav {_list(_nums(ordered))} (a visit) and assess them",
            f"samosa cases assess {dn} --date {on.isoformat()} --visit --met N,… --not-met N,…",
            krav=_nums(ordered),
            due=first,
        )
    if state.krav and all(k.state in SETTLED for k in state.krav):
        return Proposal(
            dn,
            "close",
            "every krav is met or withdrawn: close the case",
            f"samosa cases close {dn} --date {on.isoformat()}",
        )
    partly = [k for k in state.krav if k.state in NOT_MET]
    return Proposal(dn, "assess", f"follow up krav {_list(_nums(partly))}", krav=_nums(partly))


def _vite_phrase(under: DocumentRow, carried: list[KravRow]) -> str:
    decision = json.loads(under.record_json).get("decision") or {}
    if under.vite_mode == "joint" and decision.get("vite_kr"):
        return f" med vite ({_kr(decision['vite_kr'])} kr, joint)"
    if under.vite_mode == "per_measure":
        return " med vite (" + ", ".join(f"krav {k.number}: {_kr(k.vite_kr or 0)} kr" for k in carried) + ")"
    return " (utan vite)"


def _kr(amount: int) -> str:
    return f"{amount:,}".replace(",", " ")
