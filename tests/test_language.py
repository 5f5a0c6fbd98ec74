"""The Ukrainian of the reports: every example rendered in uk (text, HTML, explain of every deadline,
ics, SVG) carries no English word. Latin script is allowed only for what is not a word of the reader's
language: the case's own ids (events, persons, documents, deadlines, rules, event types), URLs, act
numbers, and the command a reader types. Also: the catalogue is complete and the words are the courts'."""

import json
import pathlib
import re
import string
import xml.etree.ElementTree as ET

import pytest

import procedure
from procedure.i18n import MESSAGES, format_date, holiday_name_en, message

ROOT = pathlib.Path(__file__).resolve().parents[1]
EXAMPLES = sorted(p for p in (ROOT / "examples").glob("*.json") if not p.name.endswith(".expected.json"))

_URL = re.compile(r"https?://\S+|<https?://[^>]+>")
_ACT_NUMBER = re.compile(r"\b\d+[-/][IVXL]+\b|\b\d{3}-\d{4}-п\b|\bRF \d+/\d{4}\b")
_CASE_LAW = re.compile(r"\b[A-Z][\w.ş-]*(?: [A-Z][\w.ş-]*)* v\. [A-Z][\w-]*(?: \[GC\])?")  # Sabri Güneş v. Turkey [GC]
_RULE_ID = re.compile(r"\b[a-z]+(?:\.[a-z0-9_*]+)+(?:@[\w.-]+)?")  # kas.289.appeal, foreigners.26.court_claim*
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z']+")
# What a reader types or a product's name: not words of a report.
_COMMAND = ("python -m procedure explain", "ID", "procedure", "sha256", "python-holidays", "holidays.UA", "UA")


def _allowed(report) -> list[str]:
    # Rule ids and the field names of case.json are what a user types (a rule's note may tell which field
    # to fill in): identifiers, not words.
    ids = {report.case.case_id} | {r.id for r in report.rules.rules}
    ids |= {a for et in report.rules.events.values() for a in et.attributes} | set(report.rules.events)
    ids |= {"refs", "person", "time", "type", "date", "note"}  # an event's own fields
    ids |= {e.id for e in report.case.events} | {e.type for e in report.case.events}
    for p in report.case.persons:
        ids.add(p.id)
        ids |= {d.id for d in getattr(p, "documents", ())}
    for d in report.deadlines:
        ids |= {d.id, d.rule.id, d.trigger.type} | set(d.rule.trigger_events)
    return sorted(ids, key=len, reverse=True)


def _english_words(text: str, report) -> list[str]:
    text = _URL.sub(" ", text).replace("СПРАВА.json", " ")
    text = _RULE_ID.sub(" ", text)
    text = re.sub(r"`[^`]*`", " ", text)  # code: what to type
    # An attribute with one of its values ("kind revocation", "outcome: refused"): what to type in case.json.
    for et in report.rules.events.values():
        for name, spec in et.attributes.items():
            if spec.values:
                one = "|".join(re.escape(v) for v in spec.values)
                text = re.sub(rf"\b{re.escape(name)}[\s:=]+(?:{one})(?:,\s+(?:{one}))*\b", " ", text)
    text = re.sub(r"sha256:[0-9a-f]+", " ", text)  # the rule set's digest
    for ident in _allowed(report) + list(_COMMAND):
        text = re.sub(r"(?<![A-Za-z0-9_.@-])" + re.escape(ident) + r"(?![A-Za-z0-9_@-])", " ", text)
    text = _ACT_NUMBER.sub(" ", text)
    text = _CASE_LAW.sub(" ", text)
    text = re.sub(r"\bv?\d+(\.\d+)+\b", " ", text)  # version numbers
    return _LATIN_WORD.findall(text)


def _html_text(page: str) -> str:
    page = re.sub(r"<style>.*?</style>", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page)  # tags and their attributes (style, href) are not read
    import html

    return html.unescape(page)


def _svg_text(svg: str) -> str:
    root = ET.fromstring(svg)
    return " ".join("".join(t.itertext()) for t in root.iter() if t.tag.endswith(("text", "title")))


def _ics_text(ics: str) -> str:
    icalendar = pytest.importorskip("icalendar")
    cal = icalendar.Calendar.from_ical(ics)
    out = []
    for comp in cal.walk():
        for key in ("SUMMARY", "DESCRIPTION"):
            if key in comp:
                out.append(str(comp[key]))
    return "\n".join(out)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_reads_in_ukrainian(path):
    report = procedure.check(path)
    outputs = {"text": report.to_text("uk"), "html": _html_text(report.to_html("uk")),
               "svg": _svg_text(report.to_svg("uk")), "ics": _ics_text(report.to_ics("uk")),
               "json": " ".join([d["status_text"] + " " + d["title"] + " " + " ".join(s["text"] for s in d["explanation"])
                                 + " " + " ".join(a["text"] for a in d["ambiguities"])
                                 for d in report.to_dict("uk")["deadlines"]] +
                                [a["message"] + " " + (a["follow"] or "") for a in report.to_dict("uk")["alerts"]])}
    for d in report.deadlines:
        outputs["explain " + d.id] = report.explain(d.id, "uk")
    found = {where: (words, text) for where, text in outputs.items() if (words := _english_words(text, report))}
    assert not found, found


def test_the_check_sees_english():
    """The test above can fail: an English word in a Ukrainian report is found."""
    report = procedure.check(EXAMPLES[0])
    assert _english_words("Строк: open", report) == ["open"]
    assert _english_words("«Затримання» (detention) ч. 3 ст. 29", procedure.check(ROOT / "examples" / "borisov.json")) == []


def test_courts_words():
    words = {code: MESSAGES[code]["uk"] for code in MESSAGES}
    assert words["status.open"] == "триває"
    assert words["status.met_late"] == "виконано після спливу строку"
    assert words["status.exceeded"] == "сплив"
    assert words["ui.alerts"] == "Потребує уваги" and words["level.warning"] == "ПОПЕРЕДЖЕННЯ"
    assert words["ui.readings"] == "Тлумачення"
    everything = " ".join(words.values()).lower()
    for translated in ("відкритий", "дотримано із запізненням", "перевищено", "сповіщення", "прочитання"):
        assert translated not in everything, f"{translated!r}: the courts write «триває», «виконано після спливу строку», «сплив», «Потребує уваги», «тлумачення»"


def test_citations_in_ukrainian_order_with_short_names():
    B = procedure.Basis
    assert B("254к/96-ВР", "29", "3").cite("uk") == "ч. 3 ст. 29 Конституції України"
    assert B("2747-IV", "289", "15").cite("uk") == "ч. 15 ст. 289 КАС України"
    assert B("8073-X", "203", "2").cite("uk") == "ч. 2 ст. 203 КУпАП"
    assert B("435-IV", "253").cite("uk") == "ст. 253 ЦК України"
    assert B("3671-VI", "12", "1").cite("uk") == "ч. 1 ст. 12 Закону України „Про біженців…“"
    assert B("2747-IV", "122", "2", "1").cite("uk") == "абз. 1 ч. 2 ст. 122 КАС України"
    assert B("SC", "522/19225/18 (06.12.2019)").cite("uk") == "постанова Верховного Суду від 06.12.2019 у справі № 522/19225/18"
    assert B("ECHR", "35", "1").cite("uk").startswith("п. 1 ст. 35 Конвенції")  # the Convention's articles have paragraphs
    # The official number stays in the JSON report.
    d = procedure.check(ROOT / "examples" / "borisov.json").to_dict("uk")["deadlines"]
    const = next(x for x in d if x["rule"] == "const.29.detention_72h")
    assert const["basis"][0]["act"] == "254к/96-ВР" and const["basis"][0]["cite"] == "ч. 3 ст. 29 Конституції України"


def test_dates_and_hours_as_ukrainian_prose_writes_them():
    assert format_date("2025-10-06", "uk") == "06.10.2025"
    assert format_date("2025-10-06", "uk", long=True) == "6 жовтня 2025 р."
    assert format_date("2025-06-14T18:00:00+03:00", "uk") == "14.06.2025 о 18:00"
    assert format_date("2025-10-06", "en") == "2025-10-06"
    # Mon 2025-06-23 is the last day of kas.289.appeal (ten days from Fri 13 June): the explanation says so in prose.
    text = procedure.check(ROOT / "examples" / "borisov.json").explain("kas.289.appeal@first-instance", "uk")
    assert "23 червня 2025 р." in text and "р.." not in text and "2025-06-23" not in text


def test_no_raw_attribute_names():
    text = procedure.check(ROOT / "examples" / "detention-cap.json").explain("kas.289.detention_term@order", "uk")
    assert "Строк, установлений рішенням суду: 6 місяців." in text and "months" not in text


def test_events_named_by_what_they_are():
    text = procedure.check(ROOT / "examples" / "borisov.json").explain("const.29.detention_72h@detention", "uk")
    assert "«Затримання» (detention)" in text


def test_english_holiday_names_in_one_style():
    assert holiday_name_en("День Конституції України") == "Constitution Day"
    assert holiday_name_en("День праці (вихідний)") == "Labour Day (day off)"
    # The data writes 1 June 2013 as 06/01/2013; here it is spelled out.
    assert holiday_name_en("Вихідний день (перенесено з 01.06.2013)") == "Day off (moved from 1 June 2013)"
    import json as _json

    data = _json.loads((pathlib.Path(procedure.__file__).parent / "data" / "ua_holidays.json").read_text("utf-8"))
    names = {holiday_name_en(uk, en) for _, _, uk, en in data["holidays"]}
    for name in names:  # every name in the frozen calendar is in the table (none falls back to the data's style)
        assert "observed" not in name and "Labor" not in name and "/" not in name, name
    # The command line uses them too: Mon 3 May 2021, Labour Day moved from Saturday 1 May.
    from procedure.cli import main
    import io, contextlib

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        main(["day", "2021-05-03"])
    assert buf.getvalue() == "2021-05-03 Mon: non-working day (transferred day off: Labour Day); martial law: none\n"


def test_catalogue_is_the_only_place_of_words():
    """Renderers hold no user-facing words of their own: no Cyrillic string literal outside the catalogue
    (and the act table of citation.py, the data the catalogue cites)."""
    src = pathlib.Path(procedure.__file__).parent
    for name in ("report.py", "timeline.py", "ics.py", "cli.py", "notebook.py", "values.py"):
        code = (src / name).read_text("utf-8")
        code = re.sub(r"#.*", "", code)
        code = re.sub(r'"""[\s\S]*?"""', "", code)
        assert not re.search(r"[а-яіїєґА-ЯІЇЄҐ]", code), name


def test_every_message_in_both_languages_with_same_placeholders():
    fields = lambda t: sorted({f for _, f, _, _ in string.Formatter().parse(t) if f})
    for code, texts in MESSAGES.items():
        assert set(texts) == {"uk", "en"}, code
        assert fields(texts["uk"]) == fields(texts["en"]), code


def test_every_cited_act_has_a_ukrainian_name():
    """Every provision the bundled rules cite reads in Ukrainian: a new act needs its short name (and the
    genitive after «ст.») in procedure.citation.ACTS."""
    bad = set()
    for r in procedure.load_rules().rules:
        for b in r.basis:
            words = _LATIN_WORD.findall(_CASE_LAW.sub(" ", _ACT_NUMBER.sub(" ", b.cite("uk"))))
            if words:
                bad.add((b.act, b.article, b.cite("uk")))
    assert not bad, f"add these acts to procedure.citation.ACTS: {sorted(bad)}"
