"""Issue 14: outputs a lawyer, an analyst and a developer act on (text, HTML page, ics, events, the API)."""

import datetime as dt
import json
import pathlib
import subprocess
import sys
import typing

import pytest

import procedure
from procedure import values

ROOT = pathlib.Path(__file__).resolve().parents[1]
BORISOV = ROOT / "examples" / "borisov.json"


@pytest.fixture(scope="module")
def report():
    return procedure.check(BORISOV)


def test_text_columns_and_what_follows(report):
    text = report.to_text("uk")
    head = next(l for l in text.splitlines() if "Останній день" in l)
    for col in ("Останній день", "Залишилось", "Стан", "Хто діє", "Що належить зробити", "Підстава"):
        assert col in head
    # Constitution art 29: 72 hours from the detention on 11 June (no time: 00:00) end 14 June 00:00 — the hour is shown.
    assert "14.06.2025 о 00:00" in text
    # Departure "before 19 June" (Law 3773-VI art 26): 18 June is shown, marked, with the other reading (19 June).
    assert "18.06.2025 *" in text and "(19.06.2025)" in text
    # A term not started ends with the event to record, by its title and type.
    flat = " ".join(text.split())  # alerts wrap
    assert "«Отримано письмове повідомлення про відмову» (refugee_refusal_notice_received)" in flat
    # The 72 hours exceeded: what the law then requires (release).
    assert "негайно звільняється" in flat
    # No title is cut off.
    table = text.split("СТРОКИ")[1].rsplit("\n", 2)[0].replace("біженців…“", "")  # the act's own short name
    assert "…" not in table


def test_html_page_and_notebook_fragment(report):
    page = report.to_html("uk")
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page and "<title>" in page
    assert '<html lang="uk">' in page
    fragment = report._repr_html_()
    assert fragment.startswith('<div class="procedure-report"') and "<!DOCTYPE" not in fragment
    out = subprocess.run([sys.executable, "-m", "procedure", "check", str(BORISOV), "--format", "html"],
                         capture_output=True, text=True, encoding="utf-8")
    assert out.returncode == 0 and out.stdout.startswith("<!DOCTYPE html>")


def test_ics_timezone_alarms_sequence_and_summary(report):
    icalendar = pytest.importorskip("icalendar")
    cal = icalendar.Calendar.from_ical(report.to_ics("uk"))
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Kyiv"]
    events = list(cal.walk("VEVENT"))
    statuses = {procedure.check(BORISOV).to_dict("uk")["deadlines"][i]["status_text"] for i in range(3)}
    for ev in events:
        assert int(ev["SEQUENCE"]) > 0 and ev["DTSTAMP"].dt == dt.datetime(2025, 6, 20, tzinfo=dt.timezone.utc)
        assert not any(str(ev["SUMMARY"]).startswith(f"[{s}]") for s in statuses)  # no status in the summary
    # The 72-hour limit ends 14 June 2025 00:00 Kyiv: a timed entry whose alarms all come before it.
    timed = [e for e in events if isinstance(e["DTSTART"].dt, dt.datetime)]
    assert timed and str(timed[0]["DTSTART"].params.get("TZID")) == "Europe/Kyiv"
    for e in timed:
        for alarm in e.walk("VALARM"):
            assert alarm["TRIGGER"].dt < dt.timedelta(0)
    # Re-importing on a later day updates: same UID, higher SEQUENCE.
    later = icalendar.Calendar.from_ical(procedure.check(BORISOV, as_of="2025-06-21").to_ics("uk"))
    seq = {str(e["UID"]): int(e["SEQUENCE"]) for e in events}
    for e in later.walk("VEVENT"):
        if str(e["UID"]) in seq:
            assert int(e["SEQUENCE"]) > seq[str(e["UID"])]


def test_events_command_prints_values_required_and_rule_titles():
    out = subprocess.run([sys.executable, "-m", "procedure", "events"], capture_output=True, text=True, encoding="utf-8")
    assert out.returncode == 0
    block = out.stdout.split("\nclaim_filed:")[1].split("\n", 1)[1]
    block = block[: block.index("\n", block.index("starts:")) + 1]
    assert "proceeding (required): one of kas_general, kas_286" in block
    assert "    starts:" in out.stdout and "(kas.289.hearing)" in out.stdout
    assert "Detention claim heard on the day it is filed (kas.289.hearing)" in out.stdout
    doc = json.loads(subprocess.run([sys.executable, "-m", "procedure", "events", "--format", "json"],
                                    capture_output=True, text=True, encoding="utf-8").stdout)
    row = next(r for r in doc if r["type"] == "claim_filed")
    assert row["attributes"]["proceeding"]["required"] is True
    assert row["rule_titles"]["kas.289.hearing"]["uk"]


def test_report_repr_is_short(report):
    r = repr(report)
    assert len(r) < 300 and r.startswith("<Report 'borisov-2025' as of 2025-06-20: 11 deadlines") or "deadlines" in r


def test_documented_errors_for_a_wrong_id_or_language(report):
    with pytest.raises(procedure.UnknownDeadline) as exc:
        report.deadline("no.such@rule")
    assert isinstance(exc.value, KeyError) and "kas.289.appeal@first-instance" in str(exc.value)
    with pytest.raises(procedure.UnknownDeadline):
        report.explain("no.such@rule")
    for call in (lambda: report.to_text("de"), lambda: report.to_dict("fr"), lambda: report.explain(report.deadlines[0].id, "ru")):
        with pytest.raises(procedure.UnknownLanguage):
            call()


def test_statuses_levels_parties_kinds_are_typed():
    hints = typing.get_type_hints(values.Deadline)
    assert typing.get_args(hints["status"]) == values.STATUSES
    assert typing.get_args(hints["party"]) == ("person", "authority", "court", "any")
    assert typing.get_args(hints["kind"]) == ("act_by", "limit")
    assert typing.get_args(typing.get_type_hints(values.Alert)["level"]) == values.LEVELS


def test_alert_carries_its_message(report):
    a = next(a for a in report.alerts if a.code == "alert.exceeded")
    assert a.message() == "72 hours to serve a reasoned court decision on detention: the limit of 2025-06-14 00:00 is exceeded."
    assert a.message("uk").startswith("72 години для вмотивованого рішення суду про тримання: граничний строк сплив")


def test_dataframe_columns(report):
    pd = pytest.importorskip("pandas")
    df = report.to_dataframe()
    assert (df["case_id"] == "borisov-2025").all() and "confidence" in df
    assert isinstance(df["status"].dtype, pd.CategoricalDtype) and df["status"].cat.ordered
    assert list(df["status"].cat.categories[:2]) == ["exceeded", "overdue"]  # most urgent first
    from procedure import agendas, notebook

    assert notebook.URGENCY == agendas.URGENCY
    # Departure "before 19 June": due 18 June (the cautious reading already); the other reading is later.
    row = df[df["id"] == "foreigners.26.departure@return-decision"].iloc[0]
    assert row["cautious_due"] == pd.Timestamp("2025-06-18")


def test_no_runtime_import_of_holidays_or_dateutil():
    """The calendar is frozen from python-holidays by tools/freeze_calendar.py; month arithmetic is written
    out: neither is a runtime dependency, and checking a case imports neither (ics uses icalendar, which
    brings dateutil for itself)."""
    code = ("import sys, procedure; r = procedure.check(sys.argv[1]); r.to_text('uk'); r.to_html(); r.to_json(); "
            "r.to_svg(); print(sorted(m for m in sys.modules if m.split('.')[0] in ('holidays', 'dateutil')))")
    out = subprocess.run([sys.executable, "-c", code, str(BORISOV)], capture_output=True, text=True)
    assert out.stdout.strip() == "[]", out.stderr
    import tomllib

    deps = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert not [d for d in deps["dependencies"] if d.startswith(("holidays", "python-dateutil"))]
    assert any(d.startswith("holidays") for d in deps["optional-dependencies"]["test"])


def test_cache_lives_where_the_platform_keeps_caches(monkeypatch, tmp_path):
    from procedure import _cache

    monkeypatch.delenv("PROCEDURE_CACHE_DIR", raising=False)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path))
    assert _cache.default_cache_root() == tmp_path / "procedure" / "Cache"
    monkeypatch.setattr(sys, "platform", "darwin")
    assert _cache.default_cache_root() == pathlib.Path.home() / "Library" / "Caches" / "procedure"
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert _cache.default_cache_root() == tmp_path / "procedure"
    assert str(_cache.cache_dir()).startswith(str(tmp_path / "procedure"))
    monkeypatch.setenv("PROCEDURE_CACHE_DIR", "off")
    assert _cache.cache_dir() is None


@pytest.mark.parametrize("kind", ["detention", "fine", "refugee", "document"])
@pytest.mark.parametrize("lang", ["en", "uk"])
def test_new_writes_a_starting_case_that_validates(kind, lang, tmp_path):
    out = subprocess.run([sys.executable, "-m", "procedure", "new", kind, "--lang", lang], capture_output=True, text=True,
                         encoding="utf-8")
    assert out.returncode == 0 and out.stderr == ""
    case = json.loads(out.stdout)
    assert case["notes"] and all(e.get("note") for e in case["events"])  # every field explained
    path = tmp_path / "case.json"
    path.write_text(out.stdout, encoding="utf-8")
    report = procedure.check(path, as_of="2025-09-01")  # valid: no CaseError
    assert report.deadlines  # and it already starts terms
    check = subprocess.run([sys.executable, "-m", "procedure", "check", str(path), "--as-of", "2025-09-01"],
                           capture_output=True, text=True, encoding="utf-8")
    assert check.returncode == 0, check.stderr


def test_event_schema_is_current_and_referenced_by_the_examples():
    """schemas/case-events.schema.json is generated from rules/events.yaml (python tools/gen_event_schema.py)."""
    import importlib.util

    jsonschema = pytest.importorskip("jsonschema")
    spec = importlib.util.spec_from_file_location("gen_event_schema", ROOT / "tools" / "gen_event_schema.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    source = ROOT / "src" / "procedure" / "schemas" / "case-events.schema.json"  # what the examples point at
    shipped = pathlib.Path(procedure.__file__).parent / "schemas" / "case-events.schema.json"  # installed or the same file
    assert source.read_text(encoding="utf-8") == tool.render(), "run python tools/gen_event_schema.py"
    assert shipped.read_text(encoding="utf-8") == source.read_text(encoding="utf-8")
    schema = json.loads(tool.render())
    assert schema["$defs"]["date"]["format"] == "date"
    for path in sorted((ROOT / "examples").glob("*.json")):
        if path.name.endswith(".expected.json"):
            continue
        case = json.loads(path.read_text(encoding="utf-8"))
        assert (path.parent / case["$schema"]).resolve() == source.resolve()
        jsonschema.validate(case, schema)
    # It knows each event type's values: a wrong one is refused where an editor would underline it.
    bad = {"case_id": "x", "events": [{"id": "a", "type": "claim_filed", "date": "2025-01-01", "proceeding": "kas_999"}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)
