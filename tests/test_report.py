"""Report outputs: JSON valid against the shipped schema, i18n complete, HTML, ics with stable UIDs."""

import json
import pathlib
import re
import string

import jsonschema
import pytest

import procedure
from procedure.i18n import MESSAGES, message

ROOT = pathlib.Path(__file__).resolve().parents[1]
SCHEMA = json.loads((pathlib.Path(procedure.__file__).parent / "schemas" / "report.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def report():
    return procedure.check(ROOT / "examples" / "borisov.json")


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_json_matches_schema(report, lang):
    jsonschema.validate(json.loads(report.to_json(lang)), SCHEMA)


def test_every_message_in_both_languages_with_same_placeholders():
    fields = lambda t: sorted({f for _, f, _, _ in string.Formatter().parse(t) if f})
    for code, texts in MESSAGES.items():
        assert set(texts) == {"uk", "en"}, code
        assert texts["uk"].strip() and texts["en"].strip(), code
        assert fields(texts["uk"]) == fields(texts["en"]), code


def test_every_step_and_ambiguity_code_has_a_message(report):
    for d in report.deadlines:
        for s in d.steps:
            assert s.code in MESSAGES, s.code
    for lang in ("uk", "en"):
        out = report.to_json(lang)
        assert "{" not in "".join(x["text"] for d in json.loads(out)["deadlines"] for x in d["explanation"])


def test_every_rule_title_bilingual():
    for r in procedure.load_rules().rules:
        assert r.title.uk and r.title.en
        assert re.search("[а-яіїєґ]", r.title.uk.lower()), r.id


def test_html(report):
    html = report._repr_html_()
    assert "<table>" in html and "overdue" in html and "<details>" in html and "zakon.rada.gov.ua" in html


def test_text_is_alerts_first(report):
    text = report.to_text()
    assert text.index("ALERTS") < text.index("DEADLINES")


def test_ics_parses_and_uids_are_stable(report):
    icalendar = pytest.importorskip("icalendar")
    from procedure.ics import report_to_ics

    a, b = report_to_ics(report), report_to_ics(procedure.check(ROOT / "examples" / "borisov.json"))
    assert a == b
    cal = icalendar.Calendar.from_ical(a)
    events = [c for c in cal.walk("VEVENT")]
    assert events and len({str(e["UID"]) for e in events}) == len(events)
    assert any(c.name == "VALARM" for c in cal.walk())


def test_timeline_and_html_words_in_both_languages(report):
    from procedure import i18n, timeline

    for lang in ("uk", "en"):
        assert set(timeline._words(lang)) == set(timeline._WORD_KEYS)
        assert len(i18n.MONTHS_SHORT[lang]) == len(i18n.MONTHS_LONG[lang]) == 12 and len(i18n.WEEKDAYS[lang]) == 7
    html_uk = report.to_html("uk")
    for english in (">Due<", ">Status<", ">Basis<", "explanation<", "ALERTS"):
        assert english not in html_uk
    assert "Потребує уваги" in html_uk


def test_documents_are_owned_by_the_caller():
    """Reports share remembered computations and rendered texts; the documents they give out must not:
    changing one report's dict changes neither another report nor the next rendering."""
    seed = json.loads((ROOT / "examples" / "borisov.json").read_text(encoding="utf-8"))
    first, second = procedure.check(seed).to_dict(), procedure.check(seed).to_dict()
    before = json.dumps(second, sort_keys=True)
    for d in first["deadlines"]:
        d["basis"][0]["cite"] = "changed"
        for s in d["explanation"]:
            s["text"] = "changed"
            for b in s["basis"]:
                b["url"] = "changed"
    assert json.dumps(second, sort_keys=True) == before
    assert json.dumps(procedure.check(seed).to_dict(), sort_keys=True) == before


def test_next_term_of_a_chain_is_the_one_of_the_same_order():
    """The follow-up of an alert on the current detention order names the extension claim that runs from
    that order, never the claim of an earlier order of the chain (found reviewing the explanations)."""
    case = {"case_id": "chain", "persons": [{"id": "f"}], "events": [
        {"id": "dec", "type": "court_decision", "date": "2025-06-13", "person": "f", "proceeding": "kas_289",
         "instance": "first", "subject": "detention", "outcome": "granted", "months": 6},
        {"id": "ext1", "type": "detention_extended", "date": "2025-12-08", "person": "f", "refs": ["dec"], "months": 6}]}
    # dec + 12 months: Sat 2026-06-13; its claim five days before: Mon 2026-06-08. The first order's claim
    # (Mon 2025-12-08) is overdue (none recorded) and stays in the report, but it is not what follows now.
    report = procedure.check(case, as_of="2026-06-10")
    alerts = {a["deadline"]: a for a in report.to_dict("en")["alerts"]}
    assert alerts["kas.289.detention_term@dec"]["follow"] == "Next: Claim to extend detention, due 2026-06-08."
    # once the orders reach the 18-month total nothing runs from the current order: the duty, not a stale claim
    case["events"].append({"id": "ext2", "type": "detention_extended", "date": "2026-06-05", "person": "f",
                           "refs": ["dec"], "months": 6})
    report = procedure.check(case, as_of="2026-12-10")
    follow = {a["deadline"]: a for a in report.to_dict("en")["alerts"]}["kas.289.detention_term@dec"]["follow"]
    assert follow.startswith("By law:"), follow


def test_every_step_and_ambiguity_the_engine_makes_has_words():
    """Every explanation step and ambiguity code written in the source has a message in both languages:
    otherwise the report shows the bare code (``date_unknown`` did, found reviewing the explanations)."""
    src = pathlib.Path(procedure.__file__).parent
    codes = set()
    for path in src.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        codes |= set(re.findall(r'\b(?:Ambiguity|Step)\(\s*"([a-z_]+)"', text))
    codes.discard("chained_")  # a prefix: chained_X is rendered with X's message
    missing = sorted(c for c in codes if c not in MESSAGES or set(MESSAGES[c]) != {"uk", "en"})
    assert not missing, missing
