"""The realistic cases in examples/: each report matches its checked-in expected report, and the key
dates are computed here by hand from the acts."""

import datetime as dt
import json
import pathlib

import pytest

import procedure

ROOT = pathlib.Path(__file__).resolve().parents[1]
EXAMPLES = sorted(p for p in (ROOT / "examples").glob("*.json") if not p.name.endswith(".expected.json"))
D = dt.date


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_matches_expected_report(path):
    """Regenerate with `python tools/expected.py` after a reviewed change."""
    want = json.loads(path.with_name(path.stem + ".expected.json").read_text(encoding="utf-8"))
    report = procedure.check(path)
    got = [{"id": d.id, "due": d.due.isoformat() if d.due else None, "status": d.status} for d in report.deadlines]
    assert got == want["deadlines"]
    assert [{"level": a.level, "deadline": a.deadline, "code": a.code} for a in report.alerts] == want["alerts"]


def check(name):
    return procedure.check(ROOT / "examples" / f"{name}.json")


def test_fine_complaint_and_payment():
    r = check("fine-appeal")
    # KUpAP 289: ruling Thu 2025-08-14 + 10 d = Sun 08-24 -> Mon 08-25 by analogy with KAS 120 p6 (08-24 shown too).
    d = r.deadline("kupap.289.complaint@ruling")
    assert d.due == D(2025, 8, 25) and D(2025, 8, 24) in [a.alternative_due for a in d.ambiguities]
    # KAS 286 p2: the court route, 10 days from the ruling: 08-25 as well.
    assert r.deadline("kas.286.claim@ruling").due == D(2025, 8, 25)
    # KUpAP 307 p1: served Fri 08-15 + 15 d = Sat 08-30 -> Mon 09-01.
    assert r.deadline("kupap.307.fine_payment@served").due == D(2025, 9, 1)
    # KUpAP 307 p4: proof within 3 working days after 09-01: 09-02, 03, 04.
    assert r.deadline("kupap.307.payment_proof@served").due == D(2025, 9, 4)


def test_detention_reaches_the_cap():
    r = check("detention-cap")
    # KAS 289 p11: 6 + 6 + 6 = 18 months from 2025-06-13 = 2026-12-13 (Sun), a limit: no move.
    d = r.deadline("kas.289.detention_term@order")
    assert d.due == D(2026, 12, 13) and d.status == "due_soon"
    assert "cap_reached" in [s.code for s in d.steps]
    # no further extension can be asked for
    assert "kas.289.extension_claim@order" not in [x.id for x in r.deadlines]


def test_refugee_refusal_complaint_then_court():
    r = check("refugee-refusal")
    # 3671-VI art 10 p15 / 12 p2: notice received Mon 2025-03-03 + 5 working days = Mon 03-10. Only a court
    # claim closes it (art 12 p2); the complaint of 03-07 counts only under the other reading (review 2 §3.5):
    # overdue under the main reading, met under the complaint reading -> ambiguous, both shown.
    d = r.deadline("refugees.10.appeal@notice")
    assert d.due == D(2025, 3, 10) and d.status == "ambiguous"
    assert [(x.code, x.status) for x in d.readings] == [("primary", "overdue"), ("complaint_to_migration_service", "met")]
    # art 12 p5: file received 03-12 + 1 month = Sat 04-12 -> Mon 04-14; decided 04-09: met.
    assert r.deadline("refugees.12.complaint_decision@complaint-received").status == "met"
    # KAS 122 p4: decision served 04-14 + 3 months = Mon 07-14.
    d = r.deadline("kas.122.pretrial_decision@decision-served")
    assert d.due == D(2025, 7, 14) and d.status == "open"


def test_echr_four_months_from_knowledge():
    r = check("echr-application")
    # ECHR art 35(1) after Protocol 15: decision taken 2025-07-31 (after 2022-02-01): four months from
    # the day it became known, 2025-08-04 -> 2025-12-04 (Thu); no move off weekends.
    d = r.deadline("echr.35.application@final")
    assert d.due == D(2025, 12, 4) and d.status == "due_soon"
