"""The caseload: agenda across many cases (API and CLI, every format and option), bad files, changes
since an earlier agenda, and what a change in martial law moves (dates worked by hand)."""

import csv
import datetime as dt
import io
import json
import pathlib
import subprocess
import sys

import pytest

import procedure
from procedure.caseload import agenda, diff, impact, read_document

ROOT = pathlib.Path(__file__).resolve().parents[1]
EXAMPLES = sorted(p for p in (ROOT / "examples").glob("*.json") if not p.name.endswith(".expected.json"))
SEED = json.loads((ROOT / "examples" / "borisov.json").read_text(encoding="utf-8"))
AS_OF = dt.date(2025, 6, 20)  # a Friday


def shifted(case: dict, days: int, case_id: str) -> dict:
    """The seed with every date moved by ``days`` (whole weeks keep weekdays)."""
    def move(v):
        if isinstance(v, dict):
            return {k: move(x) for k, x in v.items()}
        if isinstance(v, list):
            return [move(x) for x in v]
        if isinstance(v, str) and len(v) == 10 and v[4] == "-" and v[7] == "-":
            return (dt.date.fromisoformat(v) + dt.timedelta(days=days)).isoformat()
        return v

    out = move(case)
    out["case_id"] = case_id
    return out


def run(*argv, cwd=None):
    return subprocess.run([sys.executable, "-m", "procedure", *map(str, argv)], capture_output=True, text=True,
                          encoding="utf-8", cwd=cwd)


@pytest.fixture(scope="module")
def caseload(tmp_path_factory):
    """The examples plus generated cases (the seed moved by whole weeks), in nested directories."""
    root = tmp_path_factory.mktemp("caseload")
    (root / "examples").mkdir()
    for p in EXAMPLES:
        (root / "examples" / p.name).write_bytes(p.read_bytes())
    (root / "generated" / "deep").mkdir(parents=True)
    for k in range(1, 7):
        sub = root / "generated" / ("deep" if k % 2 else "")
        (sub / f"gen-{k}.json").write_text(json.dumps(shifted(SEED, 7 * k, f"gen-{k}")), encoding="utf-8")
    (root / "notes.txt").write_text("not a case, and not *.json: ignored", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def broken(tmp_path_factory, caseload):
    """Three good cases and four broken files."""
    root = tmp_path_factory.mktemp("broken")
    for p in EXAMPLES[:3]:
        (root / p.name).write_bytes(p.read_bytes())
    (root / "bad-json.json").write_text("{not json", encoding="utf-8")
    # (a case with no events is valid since issue 12: persons and documents alone; no "events" at all is not)
    (root / "no-events.json").write_text(json.dumps({"case_id": "x"}), encoding="utf-8")
    (root / "bad-type.json").write_text(json.dumps({**SEED, "case_id": "t", "events": [dict(SEED["events"][0], type="nope")]}),
                                        encoding="utf-8")
    (root / "latin1.json").write_bytes(b'{"case_id": "\xe9"}')
    return root


# --------------------------------------------------------------------------------------------------
# The agenda from Python


def test_borisov_agenda_worked_by_hand():
    # As of Fri 2025-06-20 the window is 2025-06-20 .. Fri 2025-07-04 (14 days). In it: the appeal of Mon
    # 06-23 (met), the decision whether to process the application Fri 06-27 (open), the appellate decision
    # and the holding cap Thu 07-03 (the holding open; the appellate decision's ten days not yet begun). Outside it but always shown: the booklet exchange Thu 2024-10-03
    # (overdue), 72 hours ended Sat 06-14 (exceeded), service of decisions Mon 06-16 and departure Wed 06-18
    # (overdue). Not shown: met late on Thu 06-12 (history), the complaint due Mon 08-11 (past the window),
    # and the complaint that has not started (no date; its alert is shown).
    a = agenda(ROOT / "examples" / "borisov.json", as_of=AS_OF)
    assert (a.start, a.end) == (AS_OF, dt.date(2025, 7, 4))
    got = [(i.cautious_due.isoformat(), i.status, i.rule) for i in a.items]
    assert got == [
        ("2024-10-03", "overdue", "docs.prp_booklet.exchange"),
        ("2025-06-14", "exceeded", "const.29.detention_72h"),
        ("2025-06-16", "overdue", "immigration.13.service_copies"),
        # before Thu 06-19 -> Wed 06-18: the Rule 39 alert and the practical deadline of the claim against
        # the forced return (no statutory term) fall on the departure day (issue 13, part B)
        ("2025-06-18", "overdue", "echr.39.interim_measures_return"),
        ("2025-06-18", "overdue", "foreigners.26.court_claim"),
        ("2025-06-18", "overdue", "foreigners.26.departure"),
        ("2025-06-23", "met", "kas.289.appeal"),
        ("2025-06-27", "open", "refugees.8.preliminary_decision"),
        ("2025-07-03", "open", "kas.289.hold_pending_appeal"),
        ("2025-07-03", "upcoming", "kas.289.appeal_decide"),  # begins after the appeal term (issue 12 point 8)
    ]
    report = procedure.check(ROOT / "examples" / "borisov.json", as_of=AS_OF)
    by_id = {d.id: d for d in report.deadlines}
    for i in a.items:
        d = by_id[i.deadline]
        assert (i.due, i.status, i.party) == (d.due, d.status, d.party)
        assert i.days_left == (i.cautious_due - AS_OF).days
    assert {i.deadline for i in a.items} == {d.id for d in report.deadlines
                                             if d.status in ("overdue", "exceeded", "ambiguous")
                                             or (d.due and AS_OF <= d.due <= dt.date(2025, 7, 4))}
    assert any(x.code == "alert.not_started" for x in a.alerts)
    # the only info alert: a Rule 39 request is needed only where there is a real risk (overdue at info level)
    assert [x.deadline for x in a.alerts if x.level == "info"] == ["echr.39.interim_measures_return@return-decision"]


def test_departure_cautious_date_and_readings():
    # Departure under a forced-return decision: the rule's own reading Wed 2025-06-18, the other Thu 06-19;
    # both overdue on 06-20, so the status is overdue (not ambiguous) and the cautious date is the 18th.
    a = agenda(ROOT / "examples" / "borisov.json", as_of=AS_OF)
    dep = next(i for i in a.items if i.rule == "foreigners.26.departure")
    assert dep.cautious_due == dt.date(2025, 6, 18) == min(d for _, d, _ in dep.readings)
    assert [d for _, d, _ in dep.readings] == [dt.date(2025, 6, 18), dt.date(2025, 6, 19)]


def test_accepts_mappings_cases_json_text_and_paths(caseload, rules):
    case = procedure.read_case(ROOT / "examples" / "borisov.json", rules)
    mixed = [SEED, case, json.dumps({**SEED, "case_id": "from-text"}), ROOT / "examples" / "fine-appeal.json"]
    a = agenda(iter(mixed), as_of=AS_OF)
    assert a.cases == 4 and not a.errors
    assert {i.case_id for i in a.items} >= {"borisov-2025", "from-text"}
    assert SEED["case_id"] == "borisov-2025"  # the caller's mapping is untouched


def test_directory_recursive_and_every_case_once(caseload):
    a = agenda(caseload, as_of=AS_OF)
    assert a.cases == len(EXAMPLES) + 6 and not a.errors
    assert {i.case_id for i in a.items} >= {f"gen-{k}" for k in range(1, 7)}
    # sorted by cautious date, then urgency
    keys = [i.cautious_due or dt.date.max for i in a.items]
    assert keys == sorted(keys)


def test_json_lines_input(tmp_path):
    f = tmp_path / "cases.jsonl"
    f.write_text(json.dumps({**SEED, "case_id": "a"}) + "\n\n{broken\n" + json.dumps({**SEED, "case_id": "b"}) + "\n",
                 encoding="utf-8")
    a = agenda(f, as_of=AS_OF)
    assert a.cases == 2 and [e.source for e in a.errors] == [f"{f}:3"]
    assert "invalid JSON" in a.errors[0].problems[0]


def test_bad_files_never_stop_the_caseload(broken):
    a = agenda(broken, as_of=AS_OF)
    assert a.cases == 3
    assert sorted(pathlib.Path(e.source).name for e in a.errors) == ["bad-json.json", "bad-type.json", "latin1.json", "no-events.json"]
    problems = {pathlib.Path(e.source).name: " ".join(e.problems) for e in a.errors}
    assert "invalid JSON" in problems["bad-json.json"]
    assert "events" in problems["no-events.json"]
    assert "unknown event type" in problems["bad-type.json"]
    assert "UTF-8" in problems["latin1.json"]
    text = a.to_text()
    assert "FILES REFUSED" in text and "bad-type.json" in text


def test_window_and_filters():
    # --from/--to: only Fri 2025-06-27 .. Fri 07-03 (plus overdue, exceeded, ambiguous anywhere).
    a = agenda(ROOT / "examples" / "borisov.json", as_of=AS_OF, from_="2025-06-27", to="2025-07-03")
    assert {i.rule for i in a.items if i.status not in ("overdue", "exceeded")} == {
        "refugees.8.preliminary_decision", "kas.289.appeal_decide", "kas.289.hold_pending_appeal"}
    court = agenda(ROOT / "examples" / "borisov.json", as_of=AS_OF, party="court")
    assert {i.party for i in court.items} <= {"court", "any"} and any(i.party == "court" for i in court.items)
    over = agenda(ROOT / "examples" / "borisov.json", as_of=AS_OF, status="overdue,exceeded")
    assert {i.status for i in over.items} == {"overdue", "exceeded"}
    ns = agenda(ROOT / "examples" / "borisov.json", as_of=AS_OF, status=["not_started"])
    assert [i.status for i in ns.items] == ["not_started"] and ns.items[0].cautious_due is None
    assert "No date" in ns.to_text()


@pytest.mark.parametrize("kwargs, field", [({"status": "late"}, "status"), ({"party": "judge"}, "party"),
                                           ({"lang": "de"}, "lang"), ({"as_of": "2025-02-30"}, "as_of"),
                                           ({"from_": "2025-07-01", "to": "2025-06-01"}, "to")])
def test_bad_arguments_are_usage_errors(kwargs, field):
    with pytest.raises(procedure.UsageError) as err:
        agenda(SEED, **{"as_of": AS_OF, **kwargs})
    assert err.value.problems[0].field == field


def test_dataframes(caseload):
    pd = pytest.importorskip("pandas")
    a = agenda(caseload, as_of=AS_OF)
    df = a.to_dataframe()
    assert len(df) == len(a.items)
    assert df["status"].cat.ordered and list(df["status"].cat.categories)[:3] == ["exceeded", "overdue", "ambiguous"]
    assert str(df["days_left"].dtype) == "Int64"
    assert (df.sort_values("status")["status"].iloc[0]) in ("exceeded", "overdue")
    assert set(df.columns) >= {"case_id", "status", "party", "days_left", "cautious_due"}
    assert df["cautious_due"].dtype.kind == "M"
    af = a.alerts_frame(lang="uk")
    assert len(af) == len(a.alerts) and af["level"].cat.ordered
    assert "<table" in a._repr_html_() and "<!DOCTYPE" not in a._repr_html_()


def test_merge_partitions_equals_whole(caseload):
    files = sorted(caseload.rglob("*.json"))
    whole = agenda(files, as_of=AS_OF)
    parts = [agenda(files[i::3], as_of=AS_OF) for i in range(3)]
    merged = procedure.Agenda.merge(parts)
    assert merged.to_json() == whole.to_json()
    with pytest.raises(ValueError):
        procedure.Agenda.merge([whole, agenda(files, as_of=AS_OF + dt.timedelta(days=1))])


# --------------------------------------------------------------------------------------------------
# Renderings


def test_text_grouped_by_day_alerts_first(caseload):
    text = agenda(caseload, as_of=AS_OF).to_text()
    assert text.index("ALERTS") < text.index("DEADLINES BY DAY")
    assert "  2025-06-23 Mon\n" in text  # 23 June 2025 is a Monday
    line = next(l for l in text.split("DEADLINES BY DAY")[1].splitlines() if "borisov-2025" in l and "Departure" in l)
    for part in ("borisov", "person", "2 days ago", "overdue (or 2025-06-19)", "3773-VI art 26 part 1"):
        assert part in line
    uk = agenda(caseload, as_of=AS_OF, lang="uk").to_text()
    assert "ПОТРЕБУЄ УВАГИ" in uk and "2025-06-23 пн" in uk and "2 дні тому" in uk


def test_json_document(caseload):
    doc = json.loads(agenda(caseload, as_of=AS_OF).to_json())
    assert doc["format"] == "procedure.agenda/1" and doc["as_of"] == "2025-06-20" and doc["to"] == "2025-07-04"
    assert doc["cases"] == len(EXAMPLES) + 6 and doc["refused"] == 0
    item = doc["items"][0]
    assert set(item) >= {"case_id", "deadline", "status", "due", "cautious_due", "days_left", "party", "basis", "readings"}


def test_html_is_one_escaped_page(tmp_path):
    evil = {**SEED, "case_id": "x<script>alert(1)</script>"}
    page = agenda([evil], as_of=AS_OF).to_html()
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_csv_for_spreadsheets(caseload):
    a = agenda(caseload, as_of=AS_OF, lang="uk")
    text = a.to_csv()
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0][:3] == ["case_id", "source", "person"] and len(rows) == 1 + len(a.items)
    assert any("Виїзд" in r[5] for r in rows[1:])


def _events(ics_text):
    icalendar = pytest.importorskip("icalendar")
    cal = icalendar.Calendar.from_ical(ics_text)
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


def test_ics_one_calendar_uids_stable_across_runs_and_as_of(caseload):
    first = agenda(caseload, as_of=AS_OF)
    one, two = _events(first.to_ics()), _events(agenda(caseload, as_of=AS_OF).to_ics())
    assert one.keys() == two.keys() and len(one) == sum(i.status in ("open", "due_soon", "overdue", "exceeded", "ambiguous", "upcoming")
                                                        for i in first.items)
    # The next Monday: the same deadlines keep their UIDs (a subscribed calendar updates, never duplicates).
    later = agenda(caseload, as_of=AS_OF + dt.timedelta(days=3))
    three = _events(later.to_ics())
    by_key_first = {procedure.ics.uid(i.case_id, i.deadline): i for i in first.items}
    by_key_later = {procedure.ics.uid(i.case_id, i.deadline): i for i in later.items}
    common = by_key_first.keys() & by_key_later.keys() & one.keys() & three.keys()
    assert len(common) >= 10
    for uid in common:
        day = lambda v: v.date() if isinstance(v, dt.datetime) else v  # an hour limit is a timed entry
        assert day(one[uid]["dtstart"].dt) == by_key_first[uid].cautious_due
        assert day(three[uid]["dtstart"].dt) == by_key_later[uid].cautious_due
    from procedure.ics import report_to_ics

    own = _events(report_to_ics(procedure.check(ROOT / "examples" / "borisov.json", as_of=AS_OF)))
    mine = {k for k in one if by_key_first[k].case_id == "borisov-2025"}
    assert len(mine) >= 5 and mine <= own.keys()  # a case's own export and the caseload's agree on UIDs


# --------------------------------------------------------------------------------------------------
# Command line


def test_cli_agenda_formats(caseload, tmp_path):
    r = run("agenda", caseload, "--as-of", "2025-06-20")
    assert r.returncode == 0 and r.stdout.startswith("Agenda — as of 2025-06-20") and r.stderr == ""
    for fmt in ("json", "html", "ics", "csv"):
        out = tmp_path / f"agenda.{fmt}"
        r = run("agenda", caseload, "--as-of", "2025-06-20", "--format", fmt, "-o", out)
        assert r.returncode == 0 and r.stdout == "", (fmt, r.stderr)
        assert out.stat().st_size > 1000
    assert json.loads((tmp_path / "agenda.json").read_text(encoding="utf-8"))["cases"] == len(EXAMPLES) + 6
    assert (tmp_path / "agenda.ics").read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
    # CSV from the command line streams in input order; the rows are the agenda's rows.
    rows = list(csv.DictReader(io.StringIO((tmp_path / "agenda.csv").read_text(encoding="utf-8-sig"))))
    api = agenda(caseload, as_of=AS_OF)
    assert sorted((r["case_id"], r["deadline"]) for r in rows) == sorted(i.key for i in api.items)


def test_cli_agenda_options(caseload):
    r = run("agenda", caseload, "--as-of", "2025-06-20", "--from", "2025-06-27", "--to", "2025-07-03", "--party", "court",
            "--status", "open", "--lang", "uk", "--format", "json")
    doc = json.loads(r.stdout)
    assert r.returncode == 0 and doc["lang"] == "uk" and doc["from"] == "2025-06-27"
    assert doc["items"] and all(i["status"] == "open" and i["party"] in ("court", "any") for i in doc["items"])
    assert all("2025-06-27" <= i["cautious_due"] <= "2025-07-03" for i in doc["items"])
    r = run("agenda", caseload, "--as-of", "2025-06-20", "--party", "court,authority", "--status", "open", "--status", "overdue",
            "--format", "json")
    doc = json.loads(r.stdout)
    assert {i["party"] for i in doc["items"]} <= {"court", "authority", "any"} and {i["status"] for i in doc["items"]} == {"open", "overdue"}
    r = run("agenda", caseload, "--status", "late")
    assert r.returncode == 2 and r.stdout == "" and "status" in r.stderr and "Traceback" not in r.stderr


def test_cli_agenda_refused_files_exit_3(broken):
    r = run("agenda", broken, "--as-of", "2025-06-20")
    assert r.returncode == 3
    assert "FILES REFUSED" in r.stdout and "Cases: 3; refused: 4" in r.stdout
    assert r.stderr.count("error:") >= 4 and "bad-json.json" in r.stderr
    r = run("agenda", broken, "--as-of", "2025-06-20", "--format", "csv")
    assert r.returncode == 3 and "bad-json.json" in r.stderr


def test_cli_agenda_several_paths_and_missing_file(tmp_path):
    r = run("agenda", *EXAMPLES[:2], tmp_path / "missing.json", "--as-of", "2025-06-20", "--format", "json")
    doc = json.loads(r.stdout)
    assert r.returncode == 3 and doc["cases"] == 2 and "cannot read" in doc["errors"][0]["problems"][0]


def test_cli_check_points_to_agenda(caseload):
    for argv in (("check", caseload), ("check", *EXAMPLES[:2])):
        r = run(*argv)
        assert r.returncode == 2 and r.stdout == "" and "agenda" in r.stderr and "Traceback" not in r.stderr
        assert len(r.stderr.strip().splitlines()) == 1
    assert run("check", EXAMPLES[0]).returncode == 0


# --------------------------------------------------------------------------------------------------
# What changed


def _doc(as_of, to, items, alerts=()):
    return {"format": "procedure.agenda/1", "as_of": as_of, "to": to, "items": items, "alerts": list(alerts)}


def _it(case, did, due, status):
    return {"case_id": case, "deadline": did, "title": did, "due": due, "cautious_due": due, "status": status}


def test_diff_hand_made_pair():
    old = _doc("2025-06-20", "2025-07-04", [
        _it("c1", "earlier", "2025-07-01", "open"),   # the court shortened it: now Mon 06-30
        _it("c1", "later", "2025-06-25", "due_soon"),  # extended: now Fri 07-11
        _it("c2", "met", "2025-06-24", "due_soon"),   # done
        _it("c2", "gone", "2025-06-26", "open"),      # no longer on the agenda
        _it("c3", "same", "2025-06-27", "open")])
    new = _doc("2025-06-23", "2025-07-07", [
        _it("c1", "earlier", "2025-06-30", "open"),
        _it("c1", "later", "2025-07-11", "open"),
        _it("c2", "met", "2025-06-24", "met"),
        _it("c3", "same", "2025-06-27", "open"),
        _it("c4", "fresh", "2025-06-30", "open"),
        _it("c4", "window", "2025-07-07", "open")],
        alerts=[{"case_id": "c4", "level": "warning", "code": "alert.due_soon", "deadline": "fresh", "message": "m"}])
    d = diff(old, new)
    assert [(m["deadline"], m["old_due"], m["new_due"], m["earlier"]) for m in d["moved"]] == [
        ("earlier", "2025-07-01", "2025-06-30", True), ("later", "2025-06-25", "2025-07-11", False)]
    assert d["moved_earlier"] is True
    assert [(c["deadline"], c["why"]) for c in d["closed"]] == [("gone", "gone"), ("met", "met")]
    assert [(n["deadline"], n["why"]) for n in d["new"]] == [("fresh", "new"), ("window", "entered_window")]
    assert [(s["deadline"], s["old_status"], s["status"]) for s in d["status_changed"]] == [("later", "due_soon", "open")]
    assert [a["deadline"] for a in d["alerts_new"]] == ["fresh"]
    # Only a later move: no alarm.
    old2 = _doc("2025-06-20", "2025-07-04", [_it("c1", "x", "2025-06-25", "open")])
    new2 = _doc("2025-06-21", "2025-07-05", [_it("c1", "x", "2025-06-26", "open")])
    assert diff(old2, new2)["moved_earlier"] is False
    # Moved earlier but already met: not an open deadline, no alarm.
    new3 = _doc("2025-06-21", "2025-07-05", [_it("c1", "x", "2025-06-24", "met")])
    assert diff(old2, new3)["moved_earlier"] is False


def test_cli_diff_and_fail_on(tmp_path):
    old = _doc("2025-06-20", "2025-07-04", [_it("c1", "x", "2025-07-01", "open"), _it("c1", "y", "2025-06-25", "open")])
    new = _doc("2025-06-23", "2025-07-07", [_it("c1", "x", "2025-06-30", "open"), _it("c1", "y", "2025-06-26", "open")])
    (tmp_path / "old.json").write_text(json.dumps(old), encoding="utf-8")
    (tmp_path / "new.json").write_text(json.dumps(new), encoding="utf-8")
    r = run("diff", tmp_path / "old.json", tmp_path / "new.json")
    assert r.returncode == 0 and "2025-07-01 → 2025-06-30  EARLIER" in r.stdout and "2025-06-25 → 2025-06-26  later" in r.stdout
    r = run("diff", tmp_path / "old.json", tmp_path / "new.json", "--fail-on", "moved-earlier", "--format", "json")
    assert r.returncode == 1 and json.loads(r.stdout)["moved_earlier"] is True
    r = run("diff", tmp_path / "new.json", tmp_path / "old.json", "--fail-on", "moved-earlier")
    assert r.returncode == 1  # y: 06-26 -> 06-25, earlier and open
    (tmp_path / "other.json").write_text('{"format": "something"}', encoding="utf-8")
    r = run("diff", tmp_path / "other.json", tmp_path / "new.json")
    assert r.returncode == 2 and "not an agenda or a report" in r.stderr


def test_diff_of_two_reports_a_closing_event(tmp_path):
    # The appeal against the detention decision of the detention-cap example, as of Fri 2025-06-20, is due
    # Mon 06-23; a filed appeal closes it. Reports (check --format json) before and after.
    case = json.loads((ROOT / "examples" / "detention-cap.json").read_text(encoding="utf-8"))
    old = procedure.check(case, as_of=AS_OF).to_dict()
    appeal_ids = [d["id"] for d in old["deadlines"] if d["rule"] == "kas.289.appeal" and d["status"] == "due_soon"]
    assert appeal_ids
    trig = next(d for d in old["deadlines"] if d["id"] == appeal_ids[0])["trigger"]["event"]
    case2 = {**case, "events": case["events"] + [{"id": "appealed", "type": "appeal_filed", "date": "2025-06-21", "refs": [trig]}]}
    new = procedure.check(case2, as_of=dt.date(2025, 6, 22)).to_dict()
    d = diff(old, new)
    assert [c["deadline"] for c in d["closed"]] == appeal_ids
    (tmp_path / "old.json").write_text(json.dumps(old), encoding="utf-8")
    assert read_document(tmp_path / "old.json")["format"] == "procedure.report/1"


def test_agenda_since(caseload, tmp_path):
    old = tmp_path / "old.json"
    assert run("agenda", caseload, "--as-of", "2025-06-20", "--format", "json", "-o", old).returncode == 0
    r = run("agenda", caseload, "--as-of", "2025-06-23", "--since", old, "--fail-on", "moved-earlier")
    assert r.returncode == 0 and "CHANGES: 2025-06-20 → 2025-06-23" in r.stdout
    # Mon 06-23 is the last day of the detention-cap appeal: a new critical alert.
    assert "today is the last day (2025-06-23)" in r.stdout.split("ALERTS")[0]
    a = agenda(caseload, as_of="2025-06-23", since=old)
    assert a.changes["new_as_of"] == "2025-06-23" and a.changes["moved_earlier"] is False
    assert json.loads(a.to_json())["changes"]["old_as_of"] == "2025-06-20"


# --------------------------------------------------------------------------------------------------
# What a change in the law moves


FINE_2026 = {"format": "procedure.case/1", "case_id": "fine-2026", "as_of": "2026-08-17",
             "persons": [{"id": "k", "birth_date": "1990-04-12", "citizenship": ["SY"]}],
             "events": [{"id": "ruling", "type": "offence_ruling", "date": "2026-08-13", "person": "k", "issuer": "official",
                         "penalty": "fine"},
                        {"id": "served", "type": "offence_ruling_served", "date": "2026-08-14", "person": "k", "refs": ["ruling"]}]}
BUNDLED_ML = ROOT / "rules" / "calendar" / "martial-law.yaml"


@pytest.fixture()
def ml_files(tmp_path):
    text = BUNDLED_ML.read_text(encoding="utf-8")
    assert "after_known: continues" in text and '"2026-02-03T05:30", days: 90' in text  # known until Mon 2026-05-04
    ended = tmp_path / "ended.yaml"
    ended.write_text(text.replace("after_known: continues", "after_known: ended"), encoding="utf-8")
    extended = tmp_path / "extended.yaml"
    extended.write_text(text.rstrip("\n") + "\n"
                        '  - {decree: "test-1/2026", approved_by: "test-1", start: "2026-05-04T05:30", days: 90}\n'
                        '  - {decree: "test-2/2026", approved_by: "test-2", start: "2026-08-02T05:30", days: 90}\n',
                        encoding="utf-8")
    return ended, extended


def test_impact_ended_martial_law_moves_later(ml_files):
    # Ruling Thu 2026-08-13: the ten days of KAS art 286 part 2 (and of KUpAP art 289) start Fri 08-14 and
    # end Sun 08-23, which moves to the next working day. Mon 08-24 is Independence Day: a working day while
    # martial law lasts (Law 2136-IX art 6 part 6), so today's law (assumed to continue past Mon 05-04) gives
    # Mon 08-24; if martial law ended, 08-24 is a holiday and the end is Tue 08-25.
    ended, _ = ml_files
    out = impact([FINE_2026], martial_law=str(ended), as_of="2026-08-17", explain=True)
    moved = {c["deadline"]: (c["before"]["due"], c["after"]["due"]) for c in out["changes"]}
    assert moved == {"kas.286.claim@ruling": ("2026-08-24", "2026-08-25"),
                     "kupap.289.complaint@ruling": ("2026-08-24", "2026-08-25")}
    claim = next(c for c in out["changes"] if c["deadline"] == "kas.286.claim@ruling")
    assert any("2026-08-24" in s for s in claim["before"]["explanation"])
    assert any("2026-08-25" in s for s in claim["after"]["explanation"])


def test_impact_extended_martial_law_moves_earlier(ml_files, tmp_path):
    # The same case, but its lawyer assumed martial law ends after the known periods (the case's
    # calendar.martial_law_after_known: ended): Mon 08-24 a holiday, the end Tue 08-25. A decree extends
    # martial law past Sun 2026-11-01: Mon 08-24 is a working day again and the end moves EARLIER to 08-24.
    _, extended = ml_files
    case = {**FINE_2026, "case_id": "fine-2026-ended", "calendar": {"martial_law_after_known": "ended"}}
    f = tmp_path / "case.json"
    f.write_text(json.dumps(case), encoding="utf-8")
    out = impact(f, martial_law=str(extended), as_of="2026-08-17")
    moved = {c["deadline"]: (c["before"]["due"], c["after"]["due"]) for c in out["changes"]}
    assert moved == {"kas.286.claim@ruling": ("2026-08-25", "2026-08-24"),
                     "kupap.289.complaint@ruling": ("2026-08-25", "2026-08-24")}
    r = run("impact", f, "--martial-law", extended, "--as-of", "2026-08-17", "--explain")
    assert r.returncode == 0 and "2026-08-25 [open] → 2026-08-24 [open]  EARLIER" in r.stdout
    assert "Under the new law:" in r.stdout and "Now:" in r.stdout
    r = run("impact", f, "--martial-law", extended, "--as-of", "2026-08-17", "--format", "json")
    assert json.loads(r.stdout)["changes"][0]["after"]["explanation"]


def test_impact_unchanged_law_changes_nothing_and_bad_files(ml_files, broken, tmp_path):
    out = impact(EXAMPLES, martial_law=str(BUNDLED_ML), as_of=AS_OF)
    assert out["changes"] == [] and out["cases"] == len(EXAMPLES)
    r = run("impact", broken, "--martial-law", BUNDLED_ML, "--as-of", "2025-06-20")
    assert r.returncode == 3 and "No deadline changes." in r.stdout and "bad-json.json" in r.stderr
    r = run("impact", broken)
    assert r.returncode == 2 and "nothing to compare" in r.stderr


def test_impact_new_rules_dir(tmp_path):
    # An amended article: a rules directory overriding the KAS art 286 claim term with 15 days instead of 10.
    # Ruling Thu 2025-08-14: ten days end Sun 08-24 (Independence Day, under martial law a working day, but a
    # Sunday) -> Mon 08-25; fifteen days end Fri 08-29.
    import yaml

    src = yaml.safe_load((ROOT / "rules" / "ua" / "kas.yaml").read_text(encoding="utf-8"))
    rule = next(r for r in src["rules"] if r["id"] == "kas.286.claim")
    new = dict(rule)
    new["versions"] = [dict(v, period={"days": 15}) for v in rule["versions"]]
    out_dir = tmp_path / "new-law"
    out_dir.mkdir()
    doc = {k: v for k, v in src.items() if k != "rules"}
    doc["rules"] = []
    doc["overrides"] = [new]
    (out_dir / "kas.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    fine = json.loads((ROOT / "examples" / "fine-appeal.json").read_text(encoding="utf-8"))
    out = impact([fine], rules=[str(out_dir)], as_of="2025-08-20")
    moved = {c["deadline"]: (c["before"]["due"], c["after"]["due"]) for c in out["changes"]}
    assert moved == {"kas.286.claim@ruling": ("2025-08-25", "2025-08-29")}


# --------------------------------------------------------------------------------------------------
# Past one machine


def test_dask_bag_of_cases(caseload):
    dask_bag = pytest.importorskip("dask.bag")
    files = [str(p) for p in sorted(caseload.rglob("*.json"))]
    texts = [p.read_text(encoding="utf-8") for p in sorted(caseload.rglob("*.json"))]
    bag = dask_bag.from_sequence(texts, npartitions=3)
    parts = bag.map_partitions(lambda cases: [agenda(list(cases), as_of=AS_OF)]).compute(scheduler="processes", num_workers=2)
    merged = procedure.Agenda.merge(parts)
    whole = agenda(files, as_of=AS_OF)
    assert [i.key for i in merged.items] == [i.key for i in whole.items]
    assert merged.cases == whole.cases


# --------------------------------------------------------------------------------------------------
# The due-date cache: a rerun on a later day gives what a fresh evaluation gives


def test_cached_rerun_equals_fresh_every_day(caseload, tmp_path, monkeypatch):
    monkeypatch.setenv("PROCEDURE_CACHE_DIR", str(tmp_path / "cache"))
    files = sorted(caseload.rglob("*.json"))
    extra = [{**SEED, "case_id": "docs-only", "events": SEED["events"][:1]},  # the permit booklet: a birthday term
             json.loads((ROOT / "examples" / "detention-cap.json").read_text(encoding="utf-8"))]
    cases = [*files, *extra]
    day = dt.date(2024, 9, 20)
    hits = 0
    from procedure import caseload as cl

    calls = []
    real = cl.evaluate
    monkeypatch.setattr(cl, "evaluate", lambda *a, **k: calls.append(1) or real(*a, **k))
    # Every day from 2024-09-20 to 2025-08-31 (and a jump back): the cached agenda is the fresh one.
    days = [day + dt.timedelta(days=k) for k in range(0, 345, 3)] + [dt.date(2025, 6, 20), dt.date(2025, 6, 21)]
    for d in days:
        calls.clear()
        cached = agenda(cases, as_of=d)
        n_eval = len(calls)
        fresh = agenda(cases, as_of=d, cache=False)
        assert cached.to_json() == fresh.to_json(), d
        hits += len(cases) - n_eval
    assert hits > len(days) * len(cases) // 4  # most cases were not evaluated again


def _snapshots(tmp_path) -> pathlib.Path:
    (db,) = (tmp_path / "cache").rglob("snapshots.sqlite3")
    return db


def test_cache_entry_damaged_is_a_miss(tmp_path, monkeypatch):
    import sqlite3

    monkeypatch.setenv("PROCEDURE_CACHE_DIR", str(tmp_path / "cache"))
    first = agenda([SEED], as_of=AS_OF)
    with sqlite3.connect(_snapshots(tmp_path)) as db:
        rows = db.execute("SELECT key, body FROM snap").fetchall()
        assert len(rows) == 1 and b"overdue" in rows[0][1]
        db.execute("UPDATE snap SET body = ?", (rows[0][1].replace(b"overdue", b"met\x00\x00\x00\x00"),))
    assert agenda([SEED], as_of=AS_OF).to_json() == first.to_json()
    monkeypatch.setenv("PROCEDURE_CACHE_DIR", "off")
    assert agenda([SEED], as_of=AS_OF).to_json() == first.to_json()


def test_cache_file_damaged_is_replaced(tmp_path, monkeypatch):
    """A snapshot file that is not a database (cut short, overwritten) is removed and written afresh."""
    monkeypatch.setenv("PROCEDURE_CACHE_DIR", str(tmp_path / "cache"))
    first = agenda([SEED], as_of=AS_OF)
    db = _snapshots(tmp_path)
    db.write_bytes(b"not a database" * 100)
    for p in db.parent.glob("snapshots.sqlite3-*"):
        p.unlink()
    assert agenda([SEED], as_of=AS_OF).to_json() == first.to_json()
    from procedure import caseload as cl

    calls = []
    real = cl.evaluate
    monkeypatch.setattr(cl, "evaluate", lambda *a, **k: calls.append(1) or real(*a, **k))
    assert agenda([SEED], as_of=AS_OF).to_json() == first.to_json() and calls == []  # the new file answers


def test_cache_batches_and_bound(tmp_path, monkeypatch):
    """Entries are written in batches (one held in memory is found before it is written) and the file is
    bounded: past MAX_ENTRIES the least recently written go; the agenda is the fresh one throughout."""
    from procedure import caseload as cl

    monkeypatch.setenv("PROCEDURE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cl._DueCache, "BATCH", 3)
    monkeypatch.setattr(cl._DueCache, "MAX_ENTRIES", 8)
    cases = [shifted(SEED, 7 * k, f"c{k}") for k in range(10)]
    again = cases + [cases[0], cases[9]]  # c0 written (in the first batch), c9 still held (the tenth: 3 3 3 1)
    fresh = agenda(again, as_of=AS_OF, cache=False).to_json()
    calls = []
    real = cl.evaluate
    monkeypatch.setattr(cl, "evaluate", lambda *a, **k: calls.append(1) or real(*a, **k))
    assert agenda(again, as_of=AS_OF).to_json() == fresh
    assert len(calls) == 10  # both repeats were found
    import sqlite3

    with sqlite3.connect(_snapshots(tmp_path)) as db:
        keys = [k for (k,) in db.execute("SELECT key FROM snap ORDER BY rowid")]
    assert len(keys) == 10 - (10 - 8 * 3 // 4)  # 10 written, then down to 6: the last six written kept
    calls.clear()
    assert agenda(cases, as_of=AS_OF).to_json() == agenda(cases, as_of=AS_OF, cache=False).to_json()
    assert len(calls) == 4 + 10  # the four removed evaluated again (and the fresh agenda's ten)


# --------------------------------------------------------------------------------------------------
# More options, and the caseload: many cases, three broken files


def test_many_cases_three_broken(tmp_path):
    for k in range(120):
        (tmp_path / f"case-{k:03d}.json").write_text(json.dumps(shifted(SEED, 7 * (k - 60), f"c{k}")), encoding="utf-8")
    (tmp_path / "case-050.json").write_text("{", encoding="utf-8")  # three of them broken
    (tmp_path / "case-051.json").write_text(json.dumps({"case_id": "x"}), encoding="utf-8")
    (tmp_path / "case-052.json").write_bytes(b"\xff\xfe")
    r = run("agenda", tmp_path, "--as-of", "2025-06-20", "--format", "json")
    doc = json.loads(r.stdout)
    assert r.returncode == 3 and doc["cases"] == 117 and doc["refused"] == 3
    assert [pathlib.Path(e["source"]).name for e in doc["errors"]] == ["case-050.json", "case-051.json", "case-052.json"]
    # Every case moved into the past (k <= 60) has overdue terms on the agenda (the booklet exchange at 45).
    assert {f"c{k}" for k in range(61)} - {"c50", "c51", "c52"} <= {i["case_id"] for i in doc["items"]}


def test_cli_agenda_martial_law_and_rules_options(tmp_path, ml_files):
    # The fine of Thu 2026-08-13 on Mon 2026-08-17: with martial law ended, the claim (KAS 286 part 2) is
    # due Tue 08-25 (Independence Day, Mon 08-24, is a holiday again); as bundled, Mon 08-24.
    ended, _ = ml_files
    f = tmp_path / "fine.json"
    f.write_text(json.dumps(FINE_2026), encoding="utf-8")
    def claim(*extra):
        r = run("agenda", f, "--as-of", "2026-08-17", "--format", "json", *extra)
        assert r.returncode == 0, r.stderr
        return next(i["due"] for i in json.loads(r.stdout)["items"] if i["rule"] == "kas.286.claim")  # the rule's own reading
    assert claim() == "2026-08-24"
    assert claim("--martial-law", ended) == "2026-08-25"
    empty = tmp_path / "no-rules"
    empty.mkdir()
    assert claim("--rules", empty) == "2026-08-24"
    r = run("agenda", f, "--martial-law", tmp_path / "missing.yaml")
    assert r.returncode == 2 and r.stdout == "" and "missing.yaml" in r.stderr


def test_cli_diff_lang_and_output(tmp_path):
    old = _doc("2025-06-20", "2025-07-04", [_it("c1", "x", "2025-07-01", "open")])
    new = _doc("2025-06-23", "2025-07-07", [_it("c1", "x", "2025-06-30", "open")])
    (tmp_path / "old.json").write_text(json.dumps(old), encoding="utf-8")
    (tmp_path / "new.json").write_text(json.dumps(new), encoding="utf-8")
    r = run("diff", tmp_path / "old.json", tmp_path / "new.json", "--lang", "uk", "-o", tmp_path / "d.txt")
    assert r.returncode == 0 and r.stdout == ""
    text = (tmp_path / "d.txt").read_text(encoding="utf-8")
    from procedure.i18n import message

    assert message("changes.title", {"old_as_of": "2025-06-20", "new_as_of": "2025-06-23"}, "uk") in text  # dates as the catalogue writes them
    assert text.startswith("ЗМІНИ: ") and "2025-07-01 → 2025-06-30  РАНІШЕ" in text
    r = run("diff", tmp_path / "old.json", tmp_path / "missing.json")
    assert r.returncode == 2 and "missing.json" in r.stderr


def test_cli_impact_base_rules_and_lang(tmp_path, ml_files):
    ended, _ = ml_files
    f = tmp_path / "fine.json"
    f.write_text(json.dumps(FINE_2026), encoding="utf-8")
    empty = tmp_path / "ours"
    empty.mkdir()
    r = run("impact", f, "--martial-law", ended, "--base-rules", empty, "--as-of", "2026-08-17", "--lang", "uk", "-o", tmp_path / "i.txt")
    assert r.returncode == 0 and r.stdout == ""
    text = (tmp_path / "i.txt").read_text(encoding="utf-8")
    assert "ЩО ЗМІНЮЄ НОВЕ ПРАВО" in text and "2026-08-24 [open] → 2026-08-25 [open]  пізніше" in text


@pytest.mark.parametrize("doc, where", [
    ({"format": "procedure.report/lines"}, "reports"),
    ({"format": "procedure.report/lines", "reports": 5}, "reports"),
    ({"format": "procedure.report/1", "deadlines": [{"id": 1, "status": "open", "due": 20250101}]}, "$.deadlines[0]: id"),
    ({"format": "procedure.report/1", "deadlines": "x"}, "deadlines"),
    ({"format": "procedure.agenda/1", "items": [{"case_id": "a", "deadline": "x", "due": "2025-01-01"}, 7]}, "$.items[1]"),
    ({"format": "procedure.agenda/1", "items": [], "alerts": {}}, "alerts"),
    ({"format": "procedure.report/1", "deadlines": [{"id": "d", "status": "open", "readings": [{"due": 5}]}]}, "readings[0]: due"),
])
def test_diff_refuses_a_document_of_the_wrong_shape(tmp_path, doc, where):
    # A report or agenda edited by hand or cut short: one line per problem naming file, place and field;
    # exit 2; nothing on stdout; never an internal error (these crashed with TypeError before).
    old = tmp_path / "old.json"
    old.write_text(json.dumps({"format": "procedure.agenda/1", "items": []}), encoding="utf-8")
    new = tmp_path / "new.json"
    new.write_text(json.dumps(doc), encoding="utf-8")
    res = run("diff", old, new)
    assert res.returncode == 2, res.stderr
    assert res.stdout == ""
    assert "internal error" not in res.stderr and str(new) in res.stderr and where in res.stderr
    with pytest.raises(procedure.UsageError):
        from procedure.caseload import diff
        diff({"format": "procedure.agenda/1", "items": []}, doc)


def test_cache_keeps_the_title_of_a_term_the_case_sets(tmp_path, monkeypatch):
    """A row of the snapshot names its rule instead of repeating the rule's title and basis, except for a
    rule the case stands for (a term an event sets, ``set_term``, titled by the case): that one is kept
    as written, and the cached agenda equals the fresh one on later days."""
    import sqlite3

    monkeypatch.setenv("PROCEDURE_CACHE_DIR", str(tmp_path / "cache"))
    # (tests/cases/terms.yaml) Mon 2025-04-28 + 7 working days under martial law = Wed 2025-05-07
    case = {"case_id": "set", "persons": [{"id": "p"}], "events": [
        {"id": "req", "type": "lap_decision", "date": "2025-04-28", "person": "p",
         "sets_term": {"days": 7, "party": "person", "label": "Submit the missing documents"}}]}
    from procedure import caseload as cl

    calls = []
    real = cl.evaluate
    monkeypatch.setattr(cl, "evaluate", lambda *a, **k: calls.append(1) or real(*a, **k))
    for day in ("2025-05-06", "2025-05-07", "2025-06-20", "2025-06-21"):  # overdue from 05-08 on: 06-21 is a hit
        calls.clear()
        cached = agenda([case], as_of=day)
        hit = not calls
        assert cached.to_json() == agenda([case], as_of=day, cache=False).to_json()
        assert any(i.deadline == "set_term@req" and i.title["en"] == "Submit the missing documents" for i in cached.items)
    assert hit  # the last one was taken from the cache
    with sqlite3.connect(_snapshots(tmp_path)) as db:
        bodies = [b for (b,) in db.execute("SELECT body FROM snap")]
    rows = [r for b in bodies for r in json.loads(b.partition(b"\n")[2])["rows"]]
    own = {r[0]: r[-1] for r in rows}
    assert own["set_term@req"][0]["en"] == "Submit the missing documents"
    assert all(v is None for k, v in own.items() if not k.startswith("set_term@"))
