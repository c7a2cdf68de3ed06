"""The Mellanby sample carried along the whole chain in the register, on SQLite and on PostgreSQL.

tillsynsmeddelande → account → begäran om komplettering → (completion) →
inspektionsmeddelande → reply with one krav not met → underrättelse naming
exactly that krav → föreläggande med vite → follow-up → close. At each step
the register's proposal (``next_step``) and due list are checked, and every
stored letter is read back against its sha256.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest
from pypdf import PdfReader

from samosa.cases.register import Register, RegisterError

from .support import CASE, SAMPLE_ORG, SAMPLE_RECORD, reply_text

D = dt.date


def _krav_refs(md: str) -> list[int]:
    """The inspektionsmeddelande's krav a letter refers back to ("Krav 4 i inspektionsmeddelandet")."""
    return [int(n) for n in re.findall(r"Krav (\d+) i inspektionsmeddelandet", md)]


def test_mellanby_through_the_chain(db_url, tmp_path, rulebook):
    reg = Register(db_url, book=rulebook)
    state = reg.open_case(SAMPLE_ORG, SAMPLE_RECORD)
    assert state.diarienummer == CASE and state.row.method == "tvastegsmetoden"
    assert state.row.org_number and state.row.cfar == "12345678"
    assert [i.name for i in state.inspectors] == ["Karin Lund"]
    assert [v.kind for v in state.visits] == ["formote", "gruppsamtal", "gruppsamtal", "aterkoppling"]
    assert reg.next_step(CASE, D(2024, 2, 1)).letter == "tillsynsmeddelande"

    # 1. tillsynsmeddelande (the record's date), the account due 20 working days later
    tm = reg.send(CASE, "tillsynsmeddelande", fmt="md")
    assert (tm.date, tm.due) == (D(2024, 2, 6), D(2024, 3, 5))
    assert "Tillsynsmeddelande" in tm.content and "redovisning" in tm.content.lower()
    with pytest.raises(RegisterError, match="sent on 2024-02-06"):
        reg.send(CASE, "tillsynsmeddelande", fmt="md")
    due = reg.due(D(2024, 3, 6))
    assert [(i.what.split(" (")[0], i.status(D(2024, 3, 6))) for i in due] == [("the employer's account", "overdue")]
    with pytest.raises(RegisterError, match="the employer.s account has not been recorded"):
        reg.send(CASE, "begaran_om_komplettering", fmt="md")

    # 2. the account, 3. begäran om komplettering (the record notes a gap in it)
    reg.record_account(CASE, D(2024, 3, 5))
    assert reg.next_step(CASE, D(2024, 3, 6)).letter == "begaran_om_komplettering"
    bk = reg.send(CASE, "begaran_om_komplettering", fmt="html")
    assert bk.date == D(2024, 3, 19) and bk.due == D(2024, 4, 11)
    assert "bakomliggande orsakerna" in bk.content  # the inspector's note on the account
    reg.record_account(CASE, D(2024, 4, 10), completion=True)

    # 4. inspektionsmeddelande: the krav are set, numbered once and for all
    assert reg.next_step(CASE, D(2024, 6, 3)).letter == "inspektionsmeddelande"
    im = reg.send(CASE, "inspektionsmeddelande", fmt="pdf")
    assert im.date == D(2024, 6, 4) and im.due == D(2024, 8, 29) and im.krav == list(range(1, 9))
    text = "\n".join(page.extract_text() for page in PdfReader(_pdf(im)).pages)
    assert "Inspektionsmeddelande" in text and "Krav 8" in text
    state = reg.state(CASE)
    assert [(k.number, k.rules[0], k.state) for k in state.krav][3] == (4, "SAM-RISK", "open")
    assert all(k.reply_due == D(2024, 8, 29) and k.legal_basis for k in state.krav)
    with pytest.raises(RegisterError, match="no longer change"):
        reg.update_sources(CASE, on=D(2024, 6, 5), record_path=SAMPLE_RECORD)
    assert reg.next_step(CASE, D(2024, 8, 1)).action == "wait"
    assert [i.status(D(2024, 8, 30)) for i in reg.due(D(2024, 8, 30))] == ["overdue"]

    # 5. the reply: krav 4 (SAM-RISK) only planned; the inspector finds it not met, the rest met
    reply = tmp_path / "svar.yaml"
    reply.write_text(reply_text({4: "planned"}), encoding="utf-8")
    state, answered = reg.record_reply(CASE, reply)
    assert answered == list(range(1, 9)) and {k.state for k in state.krav} == {"answered"}
    assert state.reply.safety_representative_comment.startswith("Huvudskyddsombuden")
    assert state.krav_by_number()[4].employer_by == D(2024, 11, 29)
    p = reg.next_step(CASE, D(2024, 9, 2))
    assert p.action == "assess" and p.krav == list(range(1, 9))
    with pytest.raises(RegisterError, match="not assessed as not met|is assessed as not met"):
        reg.send(CASE, "underrattelse", on=D(2024, 9, 10), fmt="md")
    reg.assess(CASE, D(2024, 9, 2), {n: ("not_met" if n == 4 else "met") for n in range(1, 9)})

    # 6. underrättelse naming exactly krav 4, with the record's joint vite and deadline
    p = reg.next_step(CASE, D(2024, 9, 3))
    assert (p.letter, p.krav) == ("underrattelse", [4])
    un = reg.send(CASE, "underrattelse", fmt="md")
    assert un.date == D(2024, 9, 10) and un.krav == [4] and un.due == D(2024, 10, 1)
    assert _krav_refs(un.content) == [4]
    assert "100\u00a0000 kronor" in un.content and "31 januari 2025" in un.content
    k4 = reg.state(CASE).krav_by_number()[4]
    assert (k4.state, k4.carried_into, k4.deadline) == ("underrattelse", "underrattelse", D(2025, 1, 31))
    assert reg.next_step(CASE, D(2024, 9, 20)).action == "wait"
    with pytest.raises(Exception, match="time for comments"):
        reg.send(CASE, "forelaggande", on=D(2024, 9, 30), fmt="md")
    reg.record_comments(
        CASE, D(2024, 9, 27), employer="Kommunen anser att tidsfristen är för kort.", skyddsombud="Instämmer inte."
    )

    # 7. föreläggande med vite, from the underrättelse once the comment period has passed
    p = reg.next_step(CASE, D(2024, 10, 14))
    assert (p.letter, p.krav) == ("forelaggande", [4]) and "100 000 kr" in p.text
    fo = reg.send(CASE, "forelaggande", on=D(2024, 10, 15), fmt="md")
    assert fo.krav == [4] and fo.due == D(2025, 1, 31)
    assert _krav_refs(fo.content) == [4] and "Delgivning" in fo.content and "100\u00a0000 kronor" in fo.content
    assert "tidsfristen är för kort" in fo.content  # the employer's comments are in the decision's reasons
    assert "Förvaltningsrätten i Härnösand" in fo.content
    state = reg.state(CASE)
    assert state.sent("forelaggande").vite_total == 100000 and state.sent("forelaggande").vite_mode == "joint"
    assert [i.what for i in reg.due(D(2025, 2, 3))] == ["krav 4: the föreläggande's deadline"]

    # 8. follow-up at the deadline, then close
    with pytest.raises(RegisterError, match="krav 4 \\(forelaggande\\)"):
        reg.close(CASE, D(2025, 2, 3))
    reg.assess(CASE, D(2025, 2, 3), {4: "met"}, visit=True)
    assert reg.next_step(CASE, D(2025, 2, 3)).action == "close"
    reg.close(CASE, D(2025, 2, 4))
    with pytest.raises(RegisterError, match="closed on 2025-02-04"):
        reg.assess(CASE, D(2025, 2, 5), {4: "met"})
    assert reg.due(D(2025, 3, 1)) == []

    # Every letter is stored with its kind, date, sha256 and the assessment it came from.
    for kind, sent in [("tillsynsmeddelande", tm), ("begaran_om_komplettering", bk), ("inspektionsmeddelande", im)]:
        fmt, content, digest = reg.document(CASE, kind)
        assert digest == hashlib.sha256(content).hexdigest() == sent.sha256
    from sqlalchemy import select

    from samosa.cases import schema as t

    with reg.engine.connect() as conn:
        rows = conn.execute(select(t.documents.c.kind, t.documents.c.assessed_on)).all()
    assert len(rows) == 5
    assert {r.kind: r.assessed_on for r in rows}["inspektionsmeddelande"] == D(2024, 5, 15)  # the last day of the visit
    notice = reg.assessment(CASE, "inspektionsmeddelande")
    assert notice["assessment_date"] == "2024-05-15" and notice["organisation"]["name"] == "Mellanby kommun"
    assert {f["rule"] for f in notice["findings"]} >= set(reg.state(CASE).krav_by_number()[4].rules)
    events = reg.events(CASE)
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert reg.state(CASE).row.revision == len(events)
    reg.close_connections()


def _pdf(sent):
    import io

    assert sent.format == "pdf" and sent.content.startswith(b"%PDF")
    return io.BytesIO(sent.content)
