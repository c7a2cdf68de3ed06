"""The register fails closed: bad input is refused with its position, and a refused write stores nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from samosa.cases import schema as t
from samosa.cases.register import Register, RegisterError
from samosa.source.problems import InputError

from .support import CASE, SAMPLE_ORG, SAMPLE_RECORD, reply_text

D = dt.date


def _dump(reg: Register) -> dict[str, list]:
    """Every row of every table: to prove that a refused write changed nothing."""
    out = {}
    with reg.engine.connect() as conn:
        for table in t.metadata.sorted_tables:
            out[table.name] = sorted(map(repr, conn.execute(select(table)).all()))
    return out


@pytest.fixture
def at_reply(db_url, rulebook):
    """The Mellanby case with its inspektionsmeddelande sent (krav 1–8 open)."""
    reg = Register(db_url, book=rulebook)
    reg.open_case(SAMPLE_ORG, SAMPLE_RECORD)
    reg.send(CASE, "tillsynsmeddelande", fmt="md")
    reg.record_account(CASE, D(2024, 3, 5))
    reg.send(CASE, "inspektionsmeddelande", fmt="md")
    yield reg
    reg.close_connections()


BAD_REPLIES = [
    # (reply file, expected "line:col: message" fragment)
    (reply_text({}).replace("date: 2024-08-20", "date: 2024-13-40"), ":1:7: expected a date"),
    (reply_text({}).replace('demand: "3"', 'demand: "12"'), ":7:14: there is no krav 12 in this case"),
    (
        reply_text({}).replace('demand: "3"', "demand: SAM-NOPE"),
        "SAM-NOPE is not a demand of the inspektionsmeddelande",
    ),
    (reply_text({}).replace('demand: "3"', 'demand: "2"'), "is part of krav 2, which another answer already answers"),
    (
        reply_text({}).replace(", evidence: [Protokoll APT 2024-08-15]", "", 1),
        ":5:5: the answer to SAM-ATGARDER says done but names no evidence",
    ),
    (
        reply_text({4: "planned"}).replace(", by: 2024-11-29", ""),
        ":8:5: the answer to SAM-RISK is planned but says not when",
    ),
    ("\n".join(reply_text({}).splitlines()[:-1]) + "\n", "no answer to demand 8"),
    (reply_text({}).replace("status: done", "status: finished", 1), "got 'finished'; expected"),
    (reply_text({}).replace("signed_by:", "signd_by:"), "unknown key 'signd_by'; did you mean 'signed_by'?"),
    ("- just\n- a list\n", ":1:1: expected a reply"),
    ("date: [unclosed\n", "svar.yaml:"),
]


@pytest.mark.parametrize("text,expected", BAD_REPLIES, ids=range(len(BAD_REPLIES)))
def test_a_bad_reply_is_refused_with_its_position_and_nothing_is_stored(at_reply, tmp_path, text, expected):
    reply = tmp_path / "svar.yaml"
    reply.write_text(text, encoding="utf-8")
    before = _dump(at_reply)
    with pytest.raises((InputError, RegisterError)) as exc:
        at_reply.record_reply(CASE, reply)
    message = str(exc.value)
    assert expected in message, message
    if isinstance(exc.value, InputError):
        assert all(p.file == str(reply) for p in exc.value.problems), message
    assert _dump(at_reply) == before


def test_a_reply_inside_an_inspection_record_is_read_from_its_reply_section(at_reply):
    """The sample record carries the employer's reply; positions stay those of the record."""
    state, answered = at_reply.record_reply(CASE, SAMPLE_RECORD)
    assert answered == list(range(1, 9)) and state.reply.received_on == D(2024, 8, 20)
    statuses = {k.number: k.employer_status for k in state.krav}
    assert statuses[4] == "planned" and statuses[2] == "done"


def test_a_write_that_fails_half_way_leaves_nothing(db_url, rulebook, monkeypatch):
    """Every write is one transaction: an error after some rows were written rolls all of them back."""
    reg = Register(db_url, book=rulebook)
    reg.open_case(SAMPLE_ORG, SAMPLE_RECORD)
    reg.send(CASE, "tillsynsmeddelande", fmt="md")
    reg.record_account(CASE, D(2024, 3, 5))
    before = _dump(reg)
    import samosa.cases.register as register

    calls = []

    def failing(bases, table):
        calls.append(bases)
        if len(calls) == 5:  # krav 1–4 are already inserted, with their bases
            raise RuntimeError("the disk is full")
        return register_categories(bases, table)

    register_categories = register.categories
    monkeypatch.setattr(register, "categories", failing)
    with pytest.raises(RuntimeError, match="disk is full"):
        reg.send(CASE, "inspektionsmeddelande", fmt="md")
    assert len(calls) == 5
    assert _dump(reg) == before
    monkeypatch.setattr(register, "categories", register_categories)
    assert reg.send(CASE, "inspektionsmeddelande", fmt="md").krav == list(range(1, 9))
    reg.close_connections()


def test_a_register_changed_outside_samosa_is_refused_with_a_message(at_reply):
    """A letter's due date and the stored files are always written; a database without them says so."""
    assert at_reply.next_step(CASE, D(2024, 8, 1)).due == D(2024, 8, 29)  # the reply date it set
    with at_reply.engine.begin() as conn:
        conn.execute(t.documents.update().where(t.documents.c.kind == "inspektionsmeddelande").values(due_on=None))
    with pytest.raises(RegisterError, match=r"holds the inspektionsmeddelande of 2024-\S+ without the date it set"):
        at_reply.next_step(CASE, D(2024, 8, 1))
    with at_reply.engine.begin() as conn:
        conn.execute(t.sources.delete().where(t.sources.c.kind == "inspection"))
    with pytest.raises(RegisterError, match="case 2024/004711 has no stored inspection record in the register"):
        at_reply.state(CASE)


def test_the_chain_is_kept_in_order(db_url, rulebook):
    reg = Register(db_url, book=rulebook)
    reg.open_case(SAMPLE_ORG, SAMPLE_RECORD)
    with pytest.raises(RegisterError, match="is already in the register"):
        reg.open_case(SAMPLE_ORG, SAMPLE_RECORD)
    with pytest.raises(RegisterError, match="follows a tillsynsmeddelande, which has not been sent"):
        reg.send(CASE, "begaran_om_komplettering", on=D(2024, 3, 19), fmt="md")
    with pytest.raises(RegisterError, match="no tillsynsmeddelande has been sent"):
        reg.record_account(CASE, D(2024, 3, 5))
    with pytest.raises(RegisterError, match="inspektionsmeddelande of case 2024/004711 follows a tillsynsmeddelande"):
        reg.send(CASE, "inspektionsmeddelande", fmt="md")
    with pytest.raises(RegisterError, match="not a working day"):
        reg.send(CASE, "tillsynsmeddelande", on=D(2024, 2, 10), fmt="md")
    reg.send(CASE, "tillsynsmeddelande", fmt="md")
    with pytest.raises(
        RegisterError, match="follows the two-step method: the employer.s account has not been recorded"
    ):
        reg.send(CASE, "inspektionsmeddelande", fmt="md")
    with pytest.raises(RegisterError, match="before the tillsynsmeddelande"):
        reg.record_account(CASE, D(2024, 2, 1))
    reg.record_account(CASE, D(2024, 3, 5))
    with pytest.raises(RegisterError, match="before what the register already holds"):
        reg.send(CASE, "inspektionsmeddelande", on=D(2024, 3, 4), fmt="md")
    with pytest.raises(RegisterError, match="no krav yet"):
        reg.assess(CASE, D(2024, 3, 6), {1: "met"})
    with pytest.raises(RegisterError, match="no case 2024/004712 .*did you mean 2024/004711"):
        reg.state("2024/004712")
    with pytest.raises(RegisterError, match="the register sends AV's letters"):
        reg.send(CASE, "reply")
    reg.send(CASE, "inspektionsmeddelande", fmt="md")
    with pytest.raises(RegisterError, match="until 2024-08-29 to reply"):
        reg.send(CASE, "underrattelse", on=D(2024, 8, 1), fmt="md")
    with pytest.raises(RegisterError, match="there is no krav 9"):
        reg.assess(CASE, D(2024, 9, 2), {9: "met"})
    with pytest.raises(RegisterError, match="needs the reason"):
        reg.assess(CASE, D(2024, 9, 2), {1: "withdrawn"})
    # No reply by the date: the inspector finds krav 1 not met; the underrättelse says no reply came.
    reg.assess(CASE, D(2024, 9, 2), {1: "not_met"} | {n: "met" for n in range(2, 9)})
    with pytest.raises(RegisterError, match="a vite is given for krav 3, which the underrättelse does not carry"):
        reg.send(CASE, "underrattelse", on=D(2024, 9, 10), fmt="md", vite_per_krav={3: 50000})
    un = reg.send(CASE, "underrattelse", on=D(2024, 9, 10), fmt="md", vite_per_krav={1: 60000})
    assert "Vi har inte fått något svar" in un.content and "punkt 1: 60\u00a0000 kronor" in un.content
    with pytest.raises(RegisterError, match="carries the deadlines and vite its underrättelse announced"):
        reg.send(CASE, "forelaggande", on=D(2024, 10, 15), fmt="md", vite=200000)
    with pytest.raises(RegisterError, match="already carried into the underrättelse"):
        reg.assess(CASE, D(2024, 9, 20), {1: "not_met"})
    # Put right during the comment period: nothing is left to order.
    reg.assess(CASE, D(2024, 9, 20), {1: "met"})
    with pytest.raises(RegisterError, match="nothing to order"):
        reg.send(CASE, "forelaggande", on=D(2024, 10, 15), fmt="md")
    assert reg.next_step(CASE, D(2024, 10, 15)).action == "close"
    reg.close(CASE, D(2024, 10, 15))
    reg.close_connections()


def test_files_can_be_updated_until_the_krav_are_set(db_url, rulebook, tmp_path):
    reg = Register(db_url, book=rulebook)
    reg.open_case(SAMPLE_ORG, SAMPLE_RECORD)
    other = tmp_path / "inspection.yaml"
    other.write_text(SAMPLE_RECORD.read_text(encoding="utf-8").replace("2024/004711", "2024/004799"), encoding="utf-8")
    with pytest.raises(RegisterError, match="the record of case 2024/004799, not 2024/004711"):
        reg.update_sources(CASE, on=D(2024, 2, 7), record_path=other)
    changed = SAMPLE_RECORD.read_text(encoding="utf-8").replace("- name: Karin Lund", "- name: Karin Lund-Berg")
    other.write_text(changed, encoding="utf-8")
    state = reg.update_sources(CASE, on=D(2024, 2, 7), record_path=other)
    assert [i.name for i in state.inspectors] == ["Karin Lund-Berg"]
    with reg.engine.connect() as conn:
        versions = conn.execute(select(func.count()).select_from(t.sources)).scalar_one()
    assert versions == 4  # org and record, twice
    bad = tmp_path / "bad.yaml"
    bad.write_text(changed.replace("method: tvastegsmetoden", "method: telepati"), encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.yaml:\d+:\d+: got 'telepati'"):
        reg.update_sources(CASE, on=D(2024, 2, 7), record_path=bad)
    reg.close_connections()


def test_a_read_only_command_does_not_create_a_register(tmp_path):
    with pytest.raises(RegisterError, match="there is no case register at"):
        Register(str(tmp_path / "none.sqlite"), create=False)
    assert not (tmp_path / "none.sqlite").exists()


def test_urls(tmp_path, monkeypatch):
    from samosa.cases.database import display_url, resolve_url

    assert resolve_url(str(tmp_path / "r.sqlite")) == f"sqlite:///{tmp_path / 'r.sqlite'}"
    assert resolve_url("postgresql://u:secret@h:5/db") == "postgresql+psycopg://u:secret@h:5/db"
    assert "secret" not in display_url(resolve_url("postgresql://u:secret@h:5/db"))
    monkeypatch.setenv("SAMOSA_CASES_DB", str(tmp_path / "env.sqlite"))
    assert resolve_url(None).endswith("env.sqlite")
    monkeypatch.delenv("SAMOSA_CASES_DB")
    monkeypatch.chdir(tmp_path)
    assert resolve_url(None) == f"sqlite:///{tmp_path / 'samosa-cases.sqlite'}"
    with pytest.raises(RegisterError, match="not 'mysql'"):
        resolve_url("mysql://h/db")
    with pytest.raises(RegisterError, match="cannot open the register"):
        Register("postgresql://nobody@127.0.0.1:1/none")
