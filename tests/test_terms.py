"""Terms set by a court or an authority (issue 12 point 10): what the data cases in tests/cases/terms.yaml
cannot express — bad input refused with one line naming the file, the event and the field (exit 2), and
the API's handling of structured term values."""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys

import pytest

import procedure
from procedure.errors import CaseError

ROOT = pathlib.Path(__file__).resolve().parents[1]


def _cli(case: dict, tmp_path: pathlib.Path, *args: str) -> subprocess.CompletedProcess:
    f = tmp_path / "case.json"
    f.write_text(json.dumps(case), encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "procedure", "check", str(f), "--as-of", "2025-03-01", *args],
                          capture_output=True, text=True, cwd=str(ROOT))


def _lwm(value) -> dict:
    return {"case_id": "t", "events": [{"id": "lwm", "type": "left_without_movement_served", "date": "2025-02-24",
                                        "ground": "defects", "cure_days": value}]}


@pytest.mark.parametrize("value,words", [
    (-3, "cannot be negative"),
    ({"days": -3}, "days must be a whole number"),
    ({"days": 0}, "days must be a whole number"),
    ({"days": 5, "working_days": 5}, "exactly one unit"),
    ({"days": 5, "until": "2025-03-01"}, "exactly one unit"),
    ({"weeks": 2}, "unknown unit 'weeks'"),
    ({}, "needs a unit"),
    ({"until": "2025-02-30"}, "not a real calendar date"),
    ({"until": "soon"}, "until is a date"),
    ({"days": "five"}, "days must be a whole number"),
    ({"days": True}, "days must be a whole number"),
    ({"months": 1}, "a unit the rule does not allow"),   # kas.169.cure: days, working_days, until
    ({"hours": 48}, "a unit the rule does not allow"),
    ("five", "not a term"),
])
def test_bad_court_set_term_is_one_line_naming_file_event_and_field(tmp_path, value, words):
    r = _cli(_lwm(value), tmp_path)
    assert r.returncode == 2, r.stdout
    assert r.stdout == "" and "Traceback" not in r.stderr
    lines = [x for x in r.stderr.splitlines() if x.strip()]
    assert len(lines) == 1, r.stderr
    assert words in lines[0] and "case.json" in lines[0] and "$.events[0].cure_days" in lines[0], lines[0]


def test_a_unit_the_rule_does_not_allow_names_the_rule():
    with pytest.raises(CaseError) as exc:
        procedure.check(_lwm({"months": 1}), as_of="2025-03-01")
    p = exc.value.problems[0]
    assert p.field == "cure_days" and "kas.169.cure" in (p.expected or "") and "until" in (p.expected or "")


def test_a_bare_number_keeps_the_rule_unit_and_equals_the_structured_days():
    a = procedure.check(_lwm(5), as_of="2025-02-25").deadlines
    b = procedure.check(_lwm({"days": 5}), as_of="2025-02-25").deadlines
    assert [(d.id, d.due, d.status) for d in a] == [(d.id, d.due, d.status) for d in b]
    # Mon 2025-02-24 + 5 days = Sat 03-01 -> Mon 03-03
    assert a[0].due.isoformat() == "2025-03-03"


def test_a_date_value_from_python_is_read_as_iso():
    import datetime as dt

    r = procedure.check(_lwm({"until": dt.date(2025, 3, 4)}), as_of="2025-02-25")
    assert r.deadlines[0].due == dt.date(2025, 3, 4)


def test_named_day_step_is_explained_in_both_languages():
    case = _lwm({"until": "2025-03-04"})
    uk = procedure.check(case, as_of="2025-02-25", lang="uk")
    en = procedure.check(case, as_of="2025-02-25")
    assert "Останній день названо в акті (строк для усунення недоліків, встановлений судом (від вручення; не більше 10 днів)): " \
           "4 березня 2025 р.; строк не обчислюється." in uk.explain("kas.169.cure@lwm", "uk")
    assert "The act names the last day (the term the court set to cure the defects (from service; at most 10 days)): " \
           "2025-03-04; nothing is counted." in en.explain("kas.169.cure@lwm", "en")


def _set(value, etype="lap_decision") -> dict:
    return {"case_id": "t", "events": [{"id": "req", "type": etype, "date": "2025-04-28", "sets_term": value}]}


@pytest.mark.parametrize("value,field,words", [
    ({"days": -7, "party": "person"}, "sets_term", "days must be a whole number"),
    ({"days": 7, "working_days": 7, "party": "person"}, "sets_term", "exactly one unit"),
    ({"fortnights": 1, "party": "person"}, "sets_term", "unknown unit 'fortnights'"),
    ({"party": "person"}, "sets_term", "needs a unit"),
    ({"days": 7}, "sets_term", "party"),
    ({"days": 7, "party": "boss"}, "sets_term.party", "boss"),
    ({"days": 7, "party": "person", "counting": "lap33"}, "sets_term.counting", "did you mean lap_33"),
    ({"days": 7, "party": "person", "closed_by": ["term_done"]}, "sets_term.closed_by", "unknown event type"),
    ({"until": "2025-13-01", "party": "person"}, "sets_term", "not a real calendar date"),
])
def test_bad_sets_term_is_one_line_naming_the_event_and_field(tmp_path, value, field, words):
    r = _cli(_set(value), tmp_path)
    assert r.returncode == 2, r.stdout
    assert r.stdout == "" and "Traceback" not in r.stderr
    lines = [x for x in r.stderr.splitlines() if x.strip()]
    assert len(lines) == 1, r.stderr
    assert words in lines[0] and "case.json" in lines[0] and "$.events[0].sets_term" in lines[0] and field in lines[0], lines[0]


def test_set_term_hours_without_a_time_reads_the_start_of_the_day_first():
    r = procedure.check(_set({"hours": 48, "party": "authority"}, "stay_extension_refused"), as_of="2025-04-29")
    d = next(x for x in r.deadlines if x.id == "set_term@req")
    # 00:00 Mon 04-28 + 48 h = 00:00 Wed 04-30 (cautious); from the end of the day: 00:00 Thu 05-01
    assert d.due_at.isoformat() == "2025-04-30T00:00:00+03:00"
    assert any(a.code == "time_unknown" for a in d.ambiguities)


def test_set_term_label_titles_the_deadline_and_the_explanation_names_the_law():
    case = _set({"days": 7, "party": "person", "label": "Подати документи"})
    r = procedure.check(case, as_of="2025-04-29", lang="uk")
    d = next(x for x in r.deadlines if x.id == "set_term@req")
    assert d.rule.title.uk == "Подати документи" and d.party == "person"
    text = r.explain("set_term@req", "uk")
    assert "Подія «Прийнято адміністративний акт» (req) встановлює строк: 7 днів" in text
    assert "ч. 6 ст. 34 Закону України „Про адміністративну процедуру“" in text  # the body sets it where the law is silent


def test_set_terms_in_one_batch_do_not_share_a_computation():
    """Two cases in one process, one counting known, one not: the second's other reading is not lost to a
    remembered computation of the first (the engine's memo is per rule set, across cases)."""
    known = _set({"days": 7, "party": "person", "counting": "kas_120"}, "stay_extension_refused")
    unknown = _set({"days": 7, "party": "person"}, "stay_extension_refused")
    a = procedure.check(known, as_of="2025-04-29").deadlines
    b = procedure.check(unknown, as_of="2025-04-29").deadlines
    da = next(x for x in a if x.id == "set_term@req")
    db = next(x for x in b if x.id == "set_term@req")
    assert da.due == db.due  # Mon 04-28 + 7 = Mon 05-05 both
    assert not any(x.code == "counting_unknown" for x in da.ambiguities)
    assert any(x.code == "counting_unknown" and x.alternative_due.isoformat() == "2025-05-07" for x in db.ambiguities)


def test_a_rule_reading_a_stated_term_from_an_int_attribute_is_refused(tmp_path):
    """A rule file's stated_term must name a `term` attribute of its trigger: validated with the place."""
    d = tmp_path / "rules"
    d.mkdir()
    (d / "x.yaml").write_text("""
act: "2073-IX"
rules:
  - id: x.stated
    title: {uk: Тест, en: Test}
    kind: act_by
    party: person
    trigger: {events: [left_without_movement_served]}
    versions:
      - in_force: {from: 2024-01-01}
        period: {days: 10}
        convention: kas_120
    basis: [{act: "2747-IV", article: "169"}]
    confidence: official_text
    verified: 2026-11-30
    ambiguities:
      - code: stated_term_differs
        note: {uk: Тест, en: Test}
        alternative: {stated_term: {attr: ground}}
""", encoding="utf-8")
    from procedure.ruleset import validate_paths

    problems = validate_paths([d])
    assert any(p.field == "ambiguities[0].alternative.stated_term.attr" and "wrong type" in p.message for p in problems), problems


def test_extends_without_a_term_to_extend_is_refused(tmp_path):
    case = {"case_id": "t", "events": [
        {"id": "a", "type": "lap_decision", "date": "2025-04-28"},
        {"id": "b", "type": "lap_decision", "date": "2025-04-30", "refs": ["a"],
         "sets_term": {"days": 5, "party": "person", "extends": True}}]}
    r = _cli(case, tmp_path)
    assert r.returncode == 2 and r.stdout == "" and "Traceback" not in r.stderr
    assert "$.events[1].sets_term.extends" in r.stderr and "none of the events it refers to sets one" in r.stderr


def test_the_new_words_read_in_ukrainian():
    """Every output of a case using each new form carries no English word in uk (the check of
    tests/test_language.py; the case's own label is Ukrainian)."""
    from test_language import _english_words, _html_text, _ics_text, _svg_text

    case = {"case_id": "t", "as_of": "2025-05-06", "persons": [{"id": "p"}], "events": [
        {"id": "req", "type": "stay_extension_refused", "date": "2025-04-28", "person": "p",
         "sets_term": {"days": 7, "party": "person", "label": "Подати документи"}},
        {"id": "req2", "type": "lap_decision", "date": "2025-04-28", "person": "p", "sets_term": {"until": "2025-05-04", "party": "authority"}},
        {"id": "req3", "type": "lap_decision", "date": "2025-04-29", "person": "p", "refs": ["req2"],
         "sets_term": {"days": 15, "party": "authority", "extends": True}},
        {"id": "req4", "type": "stay_extension_refused", "date": "2025-04-18", "person": "p", "sets_term": {"days": 15, "party": "person"}},
        {"id": "act", "type": "lap_act_received", "date": "2025-04-28", "person": "p", "stated_term": {"days": 15}},
        {"id": "act2", "type": "lap_act_received", "date": "2025-04-28", "person": "p", "stated_term": {"days": 45}},
        {"id": "lwm", "type": "left_without_movement_served", "date": "2025-04-28", "person": "p", "ground": "defects",
         "cure_days": {"until": "2025-05-20"}},
        {"id": "lwm2", "type": "left_without_movement_served", "date": "2025-05-05", "person": "p", "ground": "defects",
         "cure_days": {"until": "2025-05-03"}}]}
    report = procedure.check(case, lang="uk")
    outputs = {"text": report.to_text("uk"), "html": _html_text(report.to_html("uk")), "svg": _svg_text(report.to_svg("uk")),
               "ics": _ics_text(report.to_ics("uk"))}
    for d in report.deadlines:
        outputs["explain " + d.id] = report.explain(d.id, "uk")
    codes = {a.code for d in report.deadlines for a in d.ambiguities} | {s.code for d in report.deadlines for s in d.steps}
    assert {"counting_unknown", "named_day_not_working", "named_day_before_event", "stated_term_differs", "set_term_extends",
            "counting_unknown_no_effect", "stated_term_earlier", "stated_term_later", "term_named_day", "term_limited"} <= codes
    assert "alert.counting_unknown" in {a.code for a in report.alerts}
    found = {where: words for where, text in outputs.items() if (words := _english_words(text, report))}
    assert not found, found
