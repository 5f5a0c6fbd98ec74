"""The seed case (issue 4): examples/borisov.json judged on 2025-06-20, dates computed by hand."""

import datetime as dt
import json
import pathlib

import pytest

import procedure

ROOT = pathlib.Path(__file__).resolve().parents[1]
D = dt.date


@pytest.fixture(scope="module")
def report():
    return procedure.check(ROOT / "examples" / "borisov.json")


def dl(report, did):
    return report.deadline(did)


def test_as_of_from_the_case(report):
    assert report.as_of == D(2025, 6, 20)


def test_appeal_against_first_instance(report):
    # KAS 289 p16: proclaimed Fri 2025-06-13 + 10 days = Mon 2025-06-23; the service appealed (on 06-18 in
    # this example, the file gives no date): met.
    d = dl(report, "kas.289.appeal@first-instance")
    assert d.due == D(2025, 6, 23) and d.status == "met" and d.closed_by == "appeal"
    assert ("2747-IV", "289", "16") in [(b.act, b.article, b.part) for b in d.rule.basis]


def test_appeal_not_yet_filed_is_due_soon():
    data = json.loads((ROOT / "examples" / "borisov.json").read_text(encoding="utf-8"))
    data["events"] = [e for e in data["events"] if e["type"] != "appeal_filed"]
    r = procedure.check(data)
    d = r.deadline("kas.289.appeal@first-instance")
    assert d.due == D(2025, 6, 23) and d.status == "due_soon" and d.days_left == 3
    # without an appeal the person is held only until the appeal term ends (KAS 289 p18)
    assert r.deadline("kas.289.hold_pending_final@first-instance").due == D(2025, 6, 23)
    assert "kas.289.appeal_decide@first-instance" not in [x.id for x in r.deadlines]


def test_holding_until_the_appeal_is_decided(report):
    # KAS 289 p17-18: appealed, so held until the appellate decision, due 2025-07-03.
    d = dl(report, "kas.289.hold_pending_appeal@first-instance")
    assert d.due == D(2025, 7, 3) and d.status == "open"


def test_appellate_court_decision(report):
    # KAS 289 p17: ten days after the end of the appeal term (2025-06-23) = Thu 2025-07-03. As of Fri
    # 06-20 the appeal term still runs, so the court's ten days have not begun (issue 12 point 8).
    d = dl(report, "kas.289.appeal_decide@first-instance")
    assert d.due == D(2025, 7, 3) and d.status == "upcoming"


def test_same_day_hearing_decided_a_day_late(report):
    # KAS 289 p15: the claim of 2025-06-12 is heard that day; the decision came on 06-13.
    d = dl(report, "kas.289.hearing@detention-claim")
    assert d.due == D(2025, 6, 12) and d.status == "met_late" and d.closed_by == "first-instance"


def test_permit_exchange_overdue(report):
    # Born 1979-09-03: 45 on 2024-09-03; exchange within one month -> 2024-10-03 (Thu). Overdue.
    d = dl(report, "docs.prp_booklet.exchange@prp.45")
    assert d.due == D(2024, 10, 3) and d.status == "overdue"
    assert "docs.prp_booklet.exchange@prp.25" not in [x.id for x in report.deadlines]  # issued after he was 25


def test_departure_before_19_june_is_ambiguous(report):
    d = dl(report, "foreigners.26.departure@return-decision")
    assert d.due == D(2025, 6, 18)
    assert [(a.code, a.alternative_due) for a in d.ambiguities] == [("before_date_inclusive", D(2025, 6, 19))]
    assert d.status == "overdue"  # both readings are past on 06-20
    assert sorted(r.due for r in d.readings) == [D(2025, 6, 18), D(2025, 6, 19)]


def test_refugee_complaint_not_started(report):
    d = dl(report, "refugees.12.complaint@oral-refusal")
    assert d.status == "not_started" and d.due is None


def test_processing_decision_fifteen_working_days(report):
    # 3671-VI art 8 p1: 15 working days from Fri 2025-06-06 under martial law -> Fri 2025-06-27.
    d = dl(report, "refugees.8.preliminary_decision@application")
    assert d.due == D(2025, 6, 27) and d.status == "open"


def test_72_hours_exceeded(report):
    d = dl(report, "const.29.detention_72h@detention")
    assert d.due_at.isoformat() == "2025-06-14T00:00:00+03:00"  # time unknown: 00:00 assumed
    assert d.status == "exceeded"


def test_alerts_first_critical(report):
    levels = [a.level for a in report.alerts]
    assert levels == sorted(levels, key=["critical", "warning", "info"].index)
    crit = {a.deadline for a in report.alerts if a.level == "critical"}
    assert "docs.prp_booklet.exchange@prp.45" in crit and "const.29.detention_72h@detention" in crit


def test_expected_report_snapshot(report):
    """The checked-in expected report (id, due, status per deadline) matches. Regenerate with
    `python tools/expected.py` after a reviewed change; the hand-computed tests above stay the anchor."""
    want = json.loads((ROOT / "examples" / "borisov.expected.json").read_text(encoding="utf-8"))
    got = [{"id": d.id, "due": d.due.isoformat() if d.due else None, "status": d.status} for d in report.deadlines]
    assert got == want["deadlines"]


def test_input_not_mutated():
    data = json.loads((ROOT / "examples" / "borisov.json").read_text(encoding="utf-8"))
    before = json.dumps(data, sort_keys=True)
    procedure.check(data)
    assert json.dumps(data, sort_keys=True) == before
