"""Bad case input: every problem reported at once, each naming the place, never a silently wrong date."""

import copy
import json
import pathlib

import pytest

import procedure
from procedure import CaseError

ROOT = pathlib.Path(__file__).resolve().parents[1]
SEED = json.loads((ROOT / "examples" / "borisov.json").read_text(encoding="utf-8"))


def problems(case):
    with pytest.raises(CaseError) as exc:
        procedure.check(case)
    return exc.value.problems


def seed(**changes):
    c = copy.deepcopy(SEED)
    c.update(changes)
    return c


def test_impossible_date():
    c = seed()
    c["events"][0]["date"] = "2025-02-30"
    p = problems(c)
    assert p[0].location == "$.events[0].date" and p[0].message == "not a real calendar date"


def test_wrong_types_and_missing_fields_all_at_once():
    c = seed()
    c["events"][1]["date"] = 20250606
    del c["events"][2]["type"]
    c["events"][3]["person"] = 7
    locs = {p.location for p in problems(c)}
    assert {"$.events[1].date", "$.events[2]", "$.events[3].person"} <= locs


def test_unknown_event_type_suggests():
    c = seed()
    c["events"][0]["type"] = "court_decison"
    p = problems(c)[0]
    assert p.message == "unknown event type" and "court_decision" in p.expected


def test_duplicate_and_unknown_ids():
    c = seed()
    c["events"][1]["id"] = c["events"][0]["id"]
    c["events"][7]["refs"] = ["no-such-event"]
    c["events"][2]["person"] = "nobody"
    msgs = {p.message for p in problems(c)}
    assert {"duplicate event id", "reference to an unknown event or document", "unknown person"} <= msgs


def test_attribute_checks():
    c = seed()
    c["events"][7]["instance"] = "supreme"
    c["events"][7]["colour"] = "red"
    del c["events"][6]["proceeding"]
    msgs = {(p.message, p.field) for p in problems(c)}
    assert ("value not allowed", "instance") in msgs
    assert ("attribute not declared for this event type", "colour") in msgs
    assert ("missing required attribute", "proceeding") in msgs


def test_empty_events_are_a_valid_case():
    """Issue 12 point 7: persons and documents alone make a case (their deadlines are computed)."""
    import procedure

    case = {"case_id": "docs", "as_of": "2025-06-20", "events": [],
            "persons": [{"id": "p", "birth_date": "1979-09-03",
                         "documents": [{"id": "prp", "type": "permanent_residence_permit", "form": "booklet_2012",
                                        "issued": "2018-04-10"}]}]}
    r = procedure.check(case)
    # born 1979-09-03: 45 reached Tue 2024-09-03; the booklet must be exchanged within a month (the example
    # borisov.json gives 2024-10-03 for the same person): the deadline exists without any event.
    assert any(d.trigger.document == "prp" for d in r.deadlines)


@pytest.mark.parametrize("time,msg", [
    ("03:30", "does not exist"),      # 2025-03-30: clocks jump 03:00 -> 04:00
    ("25:00", "not a valid time"),
])
def test_nonexistent_times(time, msg):
    c = seed()
    c["events"][3].update(date="2025-03-30", time=time)
    assert msg in problems(c)[0].message


def test_ambiguous_time_needs_offset():
    c = seed()
    c["events"][3].update(date="2025-10-26", time="03:30")
    assert "occurs twice" in problems(c)[0].message
    c["events"][3]["time"] = "03:30+02:00"
    r = procedure.check(c)
    d = r.deadline("const.29.detention_72h@detention")
    assert d.due_at.isoformat() == "2025-10-29T03:30:00+02:00"


def test_time_without_date_is_refused():
    c = seed()
    del c["events"][3]["date"]
    c["events"][3]["time"] = "10:00"
    assert any(p.field == "date" for p in problems(c))


def test_date_outside_calendar():
    c = seed()
    c["events"][5]["date"] = "1900-01-01"
    p = problems(c)[0]
    assert p.message == "outside the range of the legal calendar" and p.location == "$.events[5].date"


def test_event_after_as_of_is_a_warning_and_timeline_contradiction_is_an_alert():
    c = seed()
    c["events"].append({"id": "late", "type": "appeal_filed", "date": "2025-07-01", "refs": ["first-instance"]})
    c["events"].append({"id": "early", "type": "appeal_filed", "date": "2025-06-01", "refs": ["first-instance"]})
    r = procedure.check(c)
    codes = [a.code for a in r.alerts]
    assert "alert.event_after_as_of" in codes and "alert.timeline" in codes


def test_not_an_object():
    assert problems([1, 2])[0].message == "a case is a JSON object"


def test_too_many_events():
    c = seed(events=[{"id": f"e{i}", "type": "released", "date": "2025-06-01"} for i in range(10_001)])
    assert problems(c)[0].message == "too many events"


def test_deep_json_refused_cleanly(tmp_path):
    f = tmp_path / "deep.json"
    f.write_text('{"case_id": "x", "events": [], "notes": ' + "[" * 5000 + "]" * 5000 + "}", encoding="utf-8")
    with pytest.raises(CaseError) as exc:
        procedure.check(f)
    assert "nested too deeply" in str(exc.value) or "wrong type" in str(exc.value)


def test_invalid_json_names_line(tmp_path):
    f = tmp_path / "bad.json"
    f.write_text('{"case_id": "x",\n "events": [}', encoding="utf-8")
    with pytest.raises(CaseError) as exc:
        procedure.check(f)
    assert exc.value.problems[0].location.startswith("line 2") and exc.value.problems[0].source == str(f)


def test_generated_case_validator_matches_the_schema():
    """src/procedure/_case_validator.py is compiled from schemas/case.schema.json by
    tools/gen_case_validator.py; a schema change without regenerating it fails here."""
    import hashlib

    from procedure import _case_validator

    schema = ROOT / "src" / "procedure" / "schemas" / "case.schema.json"
    assert _case_validator.SCHEMA_SHA256 == hashlib.sha256(schema.read_bytes()).hexdigest(), \
        "run: python tools/gen_case_validator.py"


@pytest.mark.parametrize("mutate", [
    lambda c: c,
    lambda c: c.update(case_id=""),
    lambda c: c["events"][0].update(date="2025-6-1"),
    lambda c: c["events"][0].update(time="25"),
    lambda c: c["events"][0].update(extra=1),
    lambda c: c.pop("events"),
    lambda c: c["persons"][0].update(citizenship=["RUS"]),
    lambda c: c.update(as_of=20250101),
])
def test_fast_validator_agrees_with_jsonschema(mutate):
    """The compiled yes/no and jsonschema's full check give the same verdict."""
    from procedure.case import _fast_valid
    from procedure.ruleset import _validator

    c = copy.deepcopy(SEED)
    mutate(c)
    assert _fast_valid(c) == (not list(_validator("case.schema.json").iter_errors(c)))


# The published case schema describes every form parse_case accepts (issue 12): an unknown date with
# bounds, an as-of instant, a stated end of martial law; an event with neither date nor date_unknown is
# refused naming both fields.
def test_case_schema_accepts_the_forms_of_imprecise_input():
    import json as _json

    import jsonschema

    from procedure._paths import package_file

    schema = _json.loads(package_file("schemas/case.schema.json").read_text(encoding="utf-8"))
    ok = {"case_id": "c", "as_of": "2025-06-01T12:00+03:00",
          "calendar": {"martial_law_ended": "2026-05-04T05:30"},
          "events": [{"id": "a", "type": "appeal_filed", "date_unknown": {"not_before": "2025-06-01"}},
                     {"id": "b", "type": "appeal_filed", "date_unknown": True},
                     {"id": "c", "type": "appeal_filed", "date": "2025-06-01"}]}
    jsonschema.validate(ok, schema)
    for bad in ({"id": "d", "type": "appeal_filed"},
                {"id": "d", "type": "appeal_filed", "date_unknown": {"not_later": "2025-06-01"}},
                {"id": "d", "type": "appeal_filed", "date_unknown": {}}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate({"case_id": "c", "events": [bad]}, schema)
    for bad_as_of in ("2025-06-01T12", "yesterday", "2025-06-01 12:00:00 Kyiv"):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate({"case_id": "c", "as_of": bad_as_of, "events": []}, schema)


def test_event_without_date_names_date_and_date_unknown(rules):
    with pytest.raises(procedure.CaseError) as exc:
        procedure.parse_case({"case_id": "c", "events": [{"id": "e1", "type": "detained"}]}, rules)
    (p,) = exc.value.problems
    assert p.location == "$.events[0]" and p.field == "date" and "date_unknown" in (p.expected or "")


def test_as_of_instant_accepted_in_the_case(rules):
    case = procedure.parse_case({"case_id": "c", "as_of": "2025-06-01T12:00+03:00", "events": []}, rules)
    assert case.as_of.isoformat() == "2025-06-01" and case.as_of_at.isoformat() == "2025-06-01T12:00:00+03:00"
