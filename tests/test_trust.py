"""Issue 12, never silently wrong (docs/trust.md): the parts that are not data cases.

Each test fails on the engine before issue 12.
"""

from __future__ import annotations

import datetime as dt
import json
import pathlib
import subprocess
import sys

import pytest

import procedure
from procedure.calendar import KYIV
from procedure.errors import CaseError, UsageError

DET = {"id": "det", "type": "detained", "date": "2025-06-11", "time": "10:00", "person": "f",
       "by": "migration_service", "ground": "identification_expulsion"}
H72 = "const.29.detention_72h@det"


def _case(**extra):
    return {"case_id": "t", "persons": [{"id": "f"}], "events": [dict(DET)], **extra}


# --- 5. as-of as an instant --------------------------------------------------------------------------

def test_case_as_of_may_be_an_instant():
    # Wed 2025-06-11 10:00 + 72 h = Sat 2025-06-14 10:00+03:00
    before = procedure.check(_case(as_of="2025-06-14T09:59+03:00"))
    after = procedure.check(_case(as_of="2025-06-14T10:01+03:00"))
    assert before.deadline(H72).status == "due_soon" and after.deadline(H72).status == "exceeded"
    assert before.as_of == dt.date(2025, 6, 14)
    assert before.to_dict()["as_of_at"] == "2025-06-14T09:59:00+03:00"


def test_check_as_of_accepts_an_aware_datetime_and_refuses_a_naive_one():
    at = dt.datetime(2025, 6, 14, 6, 59, tzinfo=dt.timezone.utc)  # 09:59 in Kyiv
    assert procedure.check(_case(), as_of=at).deadline(H72).status == "due_soon"
    with pytest.raises(UsageError, match="offset"):
        procedure.check(_case(), as_of=dt.datetime(2025, 6, 14, 9, 59))
    with pytest.raises(CaseError, match="offset"):
        procedure.check(_case(as_of="2025-06-14T09:59"))


def test_bare_as_of_date_is_the_end_of_the_day_in_kyiv():
    r = procedure.check(_case(), as_of="2025-06-14")
    assert r.as_of_at == dt.datetime(2025, 6, 14, 23, 59, 59, tzinfo=KYIV)
    assert r.deadline(H72).status == "exceeded"


def test_cli_as_of_instant(tmp_path):
    f = tmp_path / "c.json"
    f.write_text(json.dumps(_case()), encoding="utf-8")

    def run(*args):
        return subprocess.run([sys.executable, "-m", "procedure", "check", str(f), "--format", "json", *args],
                              capture_output=True, text=True)

    r = run("--as-of", "2025-06-14T09:00+03:00")
    assert r.returncode == 0, r.stderr
    d = next(x for x in json.loads(r.stdout)["deadlines"] if x["id"] == H72)
    assert d["status"] == "due_soon"
    bad = run("--as-of", "2025-06-14T09:00")
    assert bad.returncode == 2 and bad.stdout == "" and "offset" in bad.stderr and "Traceback" not in bad.stderr


def test_text_report_shows_the_hour_of_an_hour_limit():
    text = procedure.check(_case(), as_of="2025-06-12").to_text()
    assert "2025-06-14 10:00" in text


# --- 7. date values in case dicts --------------------------------------------------------------------

def test_case_dicts_may_carry_date_values_and_are_not_changed():
    case = {"case_id": "d", "as_of": dt.date(2025, 11, 20), "persons": [{"id": "f"}],
            "events": [{"id": "dec", "type": "court_decision", "date": dt.date(2025, 6, 13), "person": "f",
                        "proceeding": "kas_289", "instance": "first", "subject": "detention", "outcome": "granted",
                        "term_start": dt.date(2025, 6, 14)}]}
    before = repr(case)
    r = procedure.check(case)
    # term_start Sat 2025-06-14 + 6 m = Sun 2025-12-14, substantive: no move
    assert r.deadline("kas.289.detention_term@dec").due == dt.date(2025, 12, 14)
    assert repr(case) == before
    same = procedure.check({**case, "as_of": "2025-11-20", "events": [{**case["events"][0], "date": "2025-06-13",
                                                                      "term_start": "2025-06-14"}]})
    assert same.case.sha256 == r.case.sha256  # the same case, however its dates were written


def test_as_of_datetime_value_in_a_case_dict():
    r = procedure.check(_case(as_of=dt.datetime(2025, 6, 14, 9, 0, tzinfo=KYIV)))
    assert r.deadline(H72).status == "due_soon"


def test_report_schema_has_the_new_fields():
    import jsonschema

    from procedure.ruleset import _schema

    doc = procedure.check(_case(), as_of="2025-06-14T09:00+03:00").to_dict()
    jsonschema.validate(doc, _schema("report.schema.json"))
    served = _case(events=[dict(DET), {"id": "s", "type": "decision_served", "date": "2025-06-14", "person": "f",
                                       "proceeding": "kas_289", "instance": "first"}])
    doc = procedure.check(served, as_of="2025-06-20").to_dict()
    jsonschema.validate(doc, _schema("report.schema.json"))
    d = next(x for x in doc["deadlines"] if x["id"] == H72)
    assert [r.get("due_at") for r in d["readings"]] == ["2025-06-14T10:00:00+03:00", "2025-06-14T10:00:00+03:00"]


# --- 11. a stated end of martial law -------------------------------------------------------------------

APPEAL = {"id": "dec", "type": "court_decision", "date": "2026-08-14", "proceeding": "kas_289", "instance": "first",
          "subject": "detention", "outcome": "refused"}


def test_stated_end_in_a_martial_law_file_is_a_fact(tmp_path):
    from procedure._paths import bundled_rules_dir

    text = (bundled_rules_dir() / "calendar" / "martial-law.yaml").read_text(encoding="utf-8")
    f = tmp_path / "ml.yaml"
    f.write_text(text.replace("  after_known: continues\n", "  after_known: continues\n  ended: 2026-05-04T05:30\n"), encoding="utf-8")
    r = procedure.check({"case_id": "m", "events": [APPEAL]}, as_of="2026-08-25", martial_law=str(f))
    d = r.deadline("kas.289.appeal@dec")
    # Fri 2026-08-14 + 10 d = Mon 08-24, Independence Day, a holiday once martial law has ended -> Tue 08-25
    assert (d.due, d.status) == (dt.date(2026, 8, 25), "due_soon")
    assert not any(a.code == "martial_law_unknown" for a in d.ambiguities)
    assert r.to_dict()["stamp"]["martial_law_ended"].startswith("2026-05-04T05:30:00+03:00 (stated in ")


def test_stated_end_shows_in_the_stamp_and_the_text():
    r = procedure.check({"case_id": "m", "events": [APPEAL], "calendar": {"martial_law_ended": "2026-05-04T05:30"}},
                        as_of="2026-08-25")
    doc = r.to_dict()
    assert doc["stamp"]["martial_law_ended"] == "2026-05-04T05:30:00+03:00 (stated in the case)"
    assert doc["stamp"]["martial_law_after_known"] == "ended"
    assert "Martial law ended: 2026-05-04 05:30 (stated in the case)" in r.to_text()  # Kyiv time
    plain = procedure.check({"case_id": "m", "events": [APPEAL]}, as_of="2026-08-25").to_dict()
    assert plain["stamp"]["martial_law_ended"] is None


def test_bad_stated_end_is_one_clear_problem():
    with pytest.raises(CaseError) as exc:
        procedure.check({"case_id": "m", "events": [APPEAL], "calendar": {"martial_law_ended": "soon"}})
    (p,) = exc.value.problems
    assert p.location == "$.calendar.martial_law_ended" and p.field == "martial_law_ended"


# --- 6. unknown dates: bad input is one clear line each -------------------------------------------------

@pytest.mark.parametrize("spec,msg", [
    ({"not_before": "2025-08-28", "not_after": "2025-08-20"}, "wrong way round"),
    ({"not_before": "2025-02-30"}, "not a real calendar date"),
    ("soon", "not a date bound"),
    ({"after": "2025-08-20"}, "not a date bound"),
])
def test_bad_unknown_date(spec, msg):
    case = {"case_id": "u", "events": [{"id": "app", "type": "appeal_filed", "date_unknown": spec}]}
    with pytest.raises(CaseError) as exc:
        procedure.check(case, as_of="2025-09-01")
    assert any(msg in p.message and (p.location or "").startswith("$.events[0].date_unknown") for p in exc.value.problems)


def test_unknown_date_and_date_both_refused():
    case = {"case_id": "u", "events": [{"id": "app", "type": "appeal_filed", "date": "2025-08-20", "date_unknown": True}]}
    with pytest.raises(CaseError, match="not both"):
        procedure.check(case, as_of="2025-09-01")


def test_every_problem_of_the_new_fields_at_once():
    """Bad input stays as today: every problem at once, one line each, naming the place and the field."""
    case = {"case_id": "u", "as_of": "2025-09-01T10:00", "calendar": {"martial_law_ended": "soon"},
            "events": [{"id": "a", "type": "appeal_filed", "date_unknown": {"not_before": "2025-08-28", "not_after": "2025-08-20"}}]}
    with pytest.raises(CaseError) as exc:
        procedure.check(case)
    assert sorted(p.location for p in exc.value.problems) == ["$.as_of", "$.calendar.martial_law_ended", "$.events[0].date_unknown"]


# --- near misses on a person's fields (issue 12 point 1, for rule sets that test the person) ----------
PERSON_RULE = """
rules:
  - id: local.citizens.only
    title: {uk: Тільки для громадян, en: Citizens only}
    kind: act_by
    party: person
    trigger:
      events: [appeal_filed]
      when:
        - {person: citizenship, contains: UA}
    versions:
      - in_force: {from: 2020-01-01}
        period: {days: 10}
        convention: kas_120
    basis: [{act: "2747-IV", article: "120"}]
    confidence: official_text
    verified: 2026-11-30
"""


def _person_case(persons, person="p"):
    ev = {"id": "a", "type": "appeal_filed", "date": "2025-06-02"}
    if person is not None:
        ev["person"] = person
    return {"case_id": "t", "as_of": "2025-06-05", "persons": persons, "events": [ev]}


def _local_rules(tmp_path):
    import textwrap

    d = tmp_path / "rules"
    d.mkdir()
    (d / "local.yaml").write_text(textwrap.dedent(PERSON_RULE), encoding="utf-8")
    return procedure.load_rules([d])


def test_person_field_absent_is_a_near_miss(tmp_path):
    rules = _local_rules(tmp_path)
    r = procedure.check(_person_case([{"id": "p"}]), rules=rules)
    assert "local.citizens.only@a" not in {d.id for d in r.deadlines}
    hits = [a for a in r.alerts if a.code == "alert.incomplete_input_person"]
    assert len(hits) == 1 and hits[0].params["person"] == "p" and hits[0].params["rule"] == "local.citizens.only"
    assert "`citizenship: UA`" in hits[0].message("en") and "person p" in hits[0].message("en")


def test_event_without_person_is_a_near_miss(tmp_path):
    rules = _local_rules(tmp_path)
    r = procedure.check(_person_case([{"id": "p"}], person=None), rules=rules)
    hits = [a for a in r.alerts if a.code == "alert.incomplete_person"]
    assert len(hits) == 1 and hits[0].params["event"] == "a"
    assert "Додайте до події a поле `person` і цю особу до `persons`" in hits[0].message("uk")


def test_person_field_with_another_value_is_no_near_miss(tmp_path):
    rules = _local_rules(tmp_path)
    r = procedure.check(_person_case([{"id": "p", "citizenship": ["SY"]}]), rules=rules)
    assert not [a for a in r.alerts if a.code.startswith("alert.incomplete")]
    assert "local.citizens.only@a" not in {d.id for d in r.deadlines}
    r = procedure.check(_person_case([{"id": "p", "citizenship": ["UA"]}]), rules=rules)
    # Mon 2025-06-02 + 10 = Thu 06-12 (KAS 120)
    d = next(d for d in r.deadlines if d.id == "local.citizens.only@a")
    assert str(d.due) == "2025-06-12" and d.status == "open"


def test_a_payment_term_that_applies_because_the_ruling_states_no_regime_says_so():
    # KUpAP 307/308: the general payment term runs unless the ruling is under a special regime (300-1..300-3);
    # a ruling that does not state its regime: the term is computed (the cautious reading) and says why.
    case = {"case_id": "t", "as_of": "2025-08-20", "persons": [{"id": "k"}], "events": [
        {"id": "ruling", "type": "offence_ruling", "date": "2025-08-14", "person": "k", "issuer": "official", "penalty": "fine"},
        {"id": "served", "type": "offence_ruling_served", "date": "2025-08-15", "person": "k", "refs": ["ruling"]}]}
    r = procedure.check(case)
    pay = [d for d in r.deadlines if d.id.startswith("kupap.307") and d.trigger.event == "served"]
    assert pay, [d.id for d in r.deadlines]
    assert any(a.code == "applies_if_absent" and a.params["field"] == "regime" for d in pay for a in d.ambiguities)
    case["events"][0]["regime"] = "standard"
    r = procedure.check(case)
    pay = [d for d in r.deadlines if d.id.startswith("kupap.307") and d.trigger.event == "served"]
    assert pay and not any(a.code == "applies_if_absent" for d in pay for a in d.ambiguities)


# --- 9. chains keep their history: each period's chained term explained from its own period ------------

def test_an_earlier_period_s_extension_claim_is_counted_and_explained_from_that_period_alone():
    # Detention Fri 2025-06-13 for 6 months, extended Mon 2025-12-08 for 6 more. Period 1 ends Sat 2025-12-13
    # (6 m, no move), period 2 Sat 2026-06-13 (12 m from the decision). The claim to extend period 1 was due
    # five days before its end: Mon 2025-12-08 (art 289 p12). Its explanation names period 1's end, once,
    # and never the current period's end (before this fix it named 2026-06-13 first).
    case = {"case_id": "h", "persons": [{"id": "f"}], "events": [
        {"id": "dec", "type": "court_decision", "date": "2025-06-13", "person": "f", "proceeding": "kas_289",
         "instance": "first", "subject": "detention", "outcome": "granted", "months": 6},
        {"id": "ext1", "type": "detention_extended", "date": "2025-12-08", "person": "f", "refs": ["dec"], "months": 6}]}
    r = procedure.check(case, as_of=dt.date(2026, 5, 20))
    first, current = r.deadline("kas.289.extension_claim@dec.1"), r.deadline("kas.289.extension_claim@dec")
    assert first.due == dt.date(2025, 12, 8) and current.due == dt.date(2026, 6, 8)
    assert [s.params["date"] for s in first.steps if s.code == "anchor_deadline"] == ["2025-12-13"]
    assert [s.params["date"] for s in current.steps if s.code == "anchor_deadline"] == ["2026-06-13"]
    assert not any(a.code.startswith("chained_") for a in first.ambiguities)
