"""The words of the register: krav states, letters of the chain, visits — with their Swedish titles.

A krav is born ``open`` when the inspektionsmeddelande that sets it is
recorded as sent. The employer's reply makes it ``answered``; the inspector's
assessment makes it ``met``, ``partly_met`` or ``not_met`` (directly from
``open`` too, when no reply came); a krav not met in full is carried into an
``underrattelse`` and then a ``forelaggande``, after which the follow-up makes
it ``met`` or ``not_met`` again (``carried_into`` remembers how far it went).
``withdrawn`` is AV dropping it (with a reason). ``met`` and ``withdrawn`` are
settled; a case can be closed when every krav is.
"""

from __future__ import annotations

from enum import Enum


class KravState(str, Enum):
    open = "open"
    answered = "answered"
    met = "met"
    partly_met = "partly_met"
    not_met = "not_met"
    withdrawn = "withdrawn"
    underrattelse = "underrattelse"
    forelaggande = "forelaggande"


KRAV_STATE_TITLES = {
    "open": "öppet",
    "answered": "besvarat",
    "met": "uppfyllt",
    "partly_met": "delvis uppfyllt",
    "not_met": "inte uppfyllt",
    "withdrawn": "återkallat",
    "underrattelse": "i underrättelse",
    "forelaggande": "i föreläggande",
}

#: Settled: nothing more to do about the krav.
SETTLED = frozenset({"met", "withdrawn"})
#: Not met in full: what an underrättelse names.
NOT_MET = frozenset({"not_met", "partly_met"})
#: What the inspector may record as an assessment.
ASSESSABLE = ("met", "partly_met", "not_met", "withdrawn")

#: The chain's letters (AV's), in the order they are sent.
CHAIN = ("tillsynsmeddelande", "begaran_om_komplettering", "inspektionsmeddelande", "underrattelse", "forelaggande")

LETTER_TITLES = {
    "tillsynsmeddelande": "tillsynsmeddelande",
    "begaran_om_komplettering": "begäran om komplettering",
    "inspektionsmeddelande": "inspektionsmeddelande",
    "underrattelse": "underrättelse om föreläggande",
    "forelaggande": "föreläggande",
}

VISIT_KINDS = ("formote", "gruppsamtal", "aterkoppling", "uppfoljning")
VISIT_TITLES = {
    "formote": "förmöte",
    "gruppsamtal": "gruppsamtal",
    "aterkoppling": "återkoppling",
    "uppfoljning": "uppföljningsbesök",
}
