"""Property-based tests over generated rules and cases.

* Any rule hypothesis generates that the validator accepts loads and evaluates without error.
* `check` on generated (valid and nearly valid) cases either returns a report valid against the output
  JSON Schema, or raises one of the documented errors. Run many more examples with
  HYPOTHESIS_PROFILE=fuzz python -m pytest tests/test_properties.py.
"""

from __future__ import annotations

import datetime as dt
import json
import pathlib
import tempfile

import jsonschema
import yaml
from hypothesis import given, settings, strategies as st

import procedure
from procedure import ProcedureError
from procedure.ruleset import _load_rules_cached, term_units

RULES = procedure.load_rules()
EVENTS = RULES.events
SCHEMA = json.loads((pathlib.Path(procedure.__file__).parent / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
event_types = sorted(EVENTS)
TERM_UNITS = term_units(RULES)
dates = st.dates(min_value=dt.date(2012, 1, 1), max_value=dt.date(2030, 12, 31))


def term_value(draw, units=("days", "working_days", "months", "hours", "until")):
    """A term set on an event (issue 12 point 10): a bare number, or one unit the rules allow."""
    unit = draw(st.sampled_from(sorted(units)))
    if unit == "until":
        return {"until": draw(dates).isoformat()}
    return draw(st.one_of(st.integers(0, 12), st.just({unit: draw(st.integers(1, 40))})))


def attr_value(spec, draw, units=None):
    if spec.type == "term":
        return term_value(draw, units[0] if units else ("days",))
    if spec.type == "enum":
        return draw(st.sampled_from(spec.values))
    if spec.type == "bool":
        return draw(st.booleans())
    if spec.type == "int":
        return draw(st.integers(0, 12))
    if spec.type == "date":
        return draw(dates).isoformat()
    return draw(st.sampled_from(["203", "204-1", "x"]))


@st.composite
def events_list(draw, min_size=1, max_size=12):
    n = draw(st.integers(min_size, max_size))
    out = []
    for i in range(n):
        et = draw(st.sampled_from(event_types))
        ev = {"id": f"e{i}", "type": et, "date": draw(dates).isoformat(), "person": "p"}
        if draw(st.booleans()):
            ev["time"] = draw(st.sampled_from(["00:00", "09:30", "17:05", "23:59"]))
        for name, spec in sorted(EVENTS[et].attributes.items()):
            if spec.required or draw(st.booleans()):
                ev[name] = attr_value(spec, draw, TERM_UNITS.get((et, name)))
        if draw(st.integers(0, 5)) == 0:  # a term the event sets itself
            st_value = term_value(draw)
            st_value = st_value if isinstance(st_value, dict) else {"days": st_value + 1}
            ev["sets_term"] = {**st_value, "party": draw(st.sampled_from(["person", "authority", "court", "any"]))}
            if draw(st.booleans()):
                ev["sets_term"]["counting"] = draw(st.sampled_from(["lap_33", "kas_120", "working_days"]))
        if i and draw(st.booleans()):
            ev["refs"] = [f"e{draw(st.integers(0, i - 1))}"]
        out.append(ev)
    return out


@st.composite
def cases(draw):
    case = {"case_id": "gen", "persons": [{"id": "p", "birth_date": draw(st.dates(dt.date(1950, 1, 1), dt.date(2005, 12, 31))).isoformat(),
                                            "citizenship": draw(st.lists(st.sampled_from(["UA", "RU", "SY"]), max_size=2, unique=True)),
                                            "documents": [{"id": "doc", "type": "permanent_residence_permit",
                                                           "form": draw(st.sampled_from(["booklet_2012", "card"]))}]}],
            "events": draw(events_list())}
    return case


@st.composite
def nearly_valid_cases(draw):
    case = draw(cases())
    mutation = draw(st.sampled_from(["none", "bad_date", "bad_type", "drop_field", "bad_ref", "bad_time", "extra"]))
    ev = case["events"][0]
    if mutation == "bad_date":
        ev["date"] = draw(st.sampled_from(["2025-02-30", "2025-13-01", "1800-01-01", "soon", ""]))
    elif mutation == "bad_type":
        ev["type"] = draw(st.text(max_size=12))
    elif mutation == "drop_field":
        ev.pop(draw(st.sampled_from(["id", "type", "date"])))
    elif mutation == "bad_ref":
        ev["refs"] = ["nope"]
    elif mutation == "bad_time":
        ev["time"] = draw(st.sampled_from(["24:00", "3:7", "03:30"]))
        ev["date"] = "2025-03-30"
    elif mutation == "extra":
        ev[draw(st.sampled_from(["colour", "months", "outcome"]))] = draw(st.one_of(st.integers(), st.text(max_size=5), st.none()))
    return case


@given(nearly_valid_cases(), dates)
def test_check_returns_valid_report_or_documented_error(case, as_of):
    try:
        report = procedure.check(case, as_of=as_of, rules=RULES)
    except ProcedureError:
        return
    jsonschema.validate(json.loads(report.to_json("uk")), SCHEMA)
    ids = [d.id for d in report.deadlines]
    assert len(ids) == len(set(ids))


@st.composite
def rule_docs(draw):
    et = draw(st.sampled_from(event_types))
    unit = draw(st.sampled_from(["days", "working_days", "months", "years", "hours"]))
    n = draw(st.integers(0, 40))
    conv = "hours_elapsed" if unit == "hours" else draw(st.sampled_from(sorted(RULES.conventions)))
    rule = {
        "id": "gen.rule.one", "title": {"uk": "Тест", "en": "Test"}, "kind": draw(st.sampled_from(["act_by", "limit"])),
        "party": draw(st.sampled_from(["person", "authority", "court", "any"])),
        "trigger": {"events": [et]},
        "versions": [{"in_force": {"from": draw(dates).isoformat()}, "period": {unit: n}, "convention": conv}],
        "basis": [{"act": "2747-IV", "article": "120"}], "confidence": "official_text", "verified": "2026-11-27",
    }
    enums = [(k, s) for k, s in sorted(EVENTS[et].attributes.items()) if s.type == "enum"]
    if enums and draw(st.booleans()):
        k, s = draw(st.sampled_from(enums))
        rule["trigger"]["when"] = [{"attr": k, "eq": draw(st.sampled_from(s.values))}]
    if draw(st.booleans()):
        rule["closed_by"] = [{"events": [draw(st.sampled_from(event_types))], "match": draw(st.sampled_from(["refs_trigger", "same_person", "any"]))}]
    if draw(st.booleans()):
        rule["alerts"] = {"warning_days": draw(st.integers(0, 30))}
    # Nearly valid files: one random defect the loader must report as a RuleError, never crash on.
    defect = draw(st.sampled_from(["none", "none", "drop", "enum", "convention", "event", "type", "yaml_value"]))
    if defect == "drop":
        rule.pop(draw(st.sampled_from(sorted(rule))))
    elif defect == "enum":
        rule["kind"] = draw(st.text(max_size=8))
    elif defect == "convention":
        rule["versions"][0]["convention"] = draw(st.sampled_from(["", "kas120", "x" * 40]))
    elif defect == "event":
        rule["trigger"]["events"] = [draw(st.text(min_size=1, max_size=10))]
    elif defect == "type":
        rule["versions"][0]["period"] = {unit: draw(st.one_of(st.text(max_size=3), st.floats(), st.booleans(), st.integers(-5, -1)))}
    elif defect == "yaml_value":
        rule["versions"][0]["in_force"]["from"] = draw(st.sampled_from(["2025-02-30", "yesterday", "2025-13-01", 20250101]))
    return {"rules": [rule]}


# Each example loads the whole rule set from disk (~0.1 s): a quarter of the profile's examples.
@settings(max_examples=max(10, settings.default.max_examples // 4))
@given(rule_docs(), cases(), dates)
def test_generated_rules_that_validate_also_evaluate(doc, case, as_of):
    with tempfile.TemporaryDirectory() as tmp:
        pathlib.Path(tmp, "gen.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
        try:
            rs = _load_rules_cached.__wrapped__((tmp,), True)
        except procedure.RuleError:
            return
    try:
        report = procedure.check(case, as_of=as_of, rules=rs)
    except procedure.CalendarError:
        return  # a generated term that runs past 2075 is refused, not wrong
    jsonschema.validate(json.loads(report.to_json("en")), SCHEMA)
